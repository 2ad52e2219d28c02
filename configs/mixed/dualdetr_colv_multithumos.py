# DualDETR with RefDense's CoLV loss on the instance contents of the last decoder layer's matched
# queries: configs/dualdetr/dualdetr_multithumos.py plus the loss against cached CLIP text
# embeddings of "a photo of [action]" (configs/_base_/models/colv_actions.py).
_base_ = ['../dualdetr/dualdetr_multithumos.py', '../_base_/models/colv_actions.py']

# in_channels: the instance contents, half of the decoder's 256-d queries
model = dict(head=dict(loss_colv=dict(_base_.colv_actions, in_channels=128)))
