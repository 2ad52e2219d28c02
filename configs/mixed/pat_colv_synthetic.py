# configs/pat/pat_synthetic.py plus RefDense's CoLV loss on PAT's fine and coarse features,
# against the synthetic dataset's class text embeddings.
_base_ = '../pat/pat_synthetic.py'

model = dict(
    detector=dict(
        head=dict(
            loss_colv=dict(
                type='CoLVLoss',
                in_channels=128,
                text_embeddings='text_embeddings/actions.npy',
                temperature=0.07,
            )
        )
    )
)
