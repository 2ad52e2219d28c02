# PAT with RefDense's CoLV loss on its fine and coarse features (RefDense Table 6: +0.6 mAP on
# MultiTHUMOS): configs/pat/pat_multithumos.py plus the loss against cached CLIP text embeddings
# of "a photo of [action]" (tools/data/encode_class_names.py, docs/text_embeddings.md).
_base_ = '../pat/pat_multithumos.py'

model = dict(
    detector=dict(
        head=dict(
            loss_colv=dict(
                type='CoLVLoss',
                in_channels=512,
                text_embeddings='text_embeddings/actions.npy',
                temperature=0.07,
            )
        )
    )
)
