# PAT with RefDense's CoLV loss on its fine and coarse features (RefDense Table 6: +1.1 mAP on
# Charades): configs/pat/pat_charades.py plus the loss against cached CLIP text embeddings of
# "a photo of [action]" (configs/_base_/models/colv_actions.py).
_base_ = ['../pat/pat_charades.py', '../_base_/models/colv_actions.py']

model = dict(detector=dict(head=dict(loss_colv=dict(_base_.colv_actions, in_channels=512))))
