# configs/dualdetr/dualdetr_synthetic.py plus RefDense's CoLV loss on the instance contents of
# the last decoder layer's matched queries, against the synthetic class text embeddings.
_base_ = ['../dualdetr/dualdetr_synthetic.py', '../_base_/models/colv_actions.py']

# in_channels: the instance contents, half of the decoder's 128-d queries
model = dict(head=dict(loss_colv=dict(_base_.colv_actions, in_channels=64)))
