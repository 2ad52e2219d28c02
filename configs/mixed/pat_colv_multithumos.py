# PAT with RefDense's CoLV loss on its fine and coarse features (RefDense Table 6: +0.6 mAP on
# MultiTHUMOS): configs/pat/pat_multithumos.py plus the loss against cached CLIP text embeddings
# of "a photo of [action]" (configs/_base_/models/colv_actions.py).
_base_ = ['../pat/pat_multithumos.py', '../_base_/models/colv_actions.py']

model = dict(detector=dict(head=dict(loss_colv=dict(_base_.colv_actions, in_channels=512))))
