# configs/dualdetr/dualdetr_synthetic.py plus RefDense's CoLV loss on the instance contents of
# the last decoder layer's matched queries, against the synthetic class text embeddings.
_base_ = '../dualdetr/dualdetr_synthetic.py'

model = dict(
    head=dict(
        loss_colv=dict(
            type='CoLVLoss',
            in_channels=64,  # instance contents: half of the 128-d decoder
            text_embeddings='text_embeddings/actions.npy',
            temperature=0.07,
        )
    )
)
