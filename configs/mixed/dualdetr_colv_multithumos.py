# DualDETR with RefDense's CoLV loss on the instance contents of the last decoder layer's matched
# queries: configs/dualdetr/dualdetr_multithumos.py plus the loss against cached CLIP text
# embeddings of "a photo of [action]" (tools/data/encode_class_names.py, docs/text_embeddings.md).
_base_ = '../dualdetr/dualdetr_multithumos.py'

model = dict(
    head=dict(
        loss_colv=dict(
            type='CoLVLoss',
            in_channels=128,  # instance contents: half of the 256-d decoder
            text_embeddings='text_embeddings/actions.npy',
            temperature=0.07,
        )
    )
)
