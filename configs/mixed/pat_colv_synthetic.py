# configs/pat/pat_synthetic.py plus RefDense's CoLV loss on PAT's fine and coarse features,
# against the synthetic dataset's class text embeddings.
_base_ = ['../pat/pat_synthetic.py', '../_base_/models/colv_actions.py']

model = dict(detector=dict(head=dict(loss_colv=dict(_base_.colv_actions, in_channels=128))))
