# PAT on Charades, paper settings (configs/pat/pat_charades.py), trained with the loss of the
# released code, ASL's reference implementation: negatives' probabilities shifted by a margin of
# 0.05 and the focusing weight held constant in the backward pass (the paper's Eq. (19) has
# neither; the paper configs use clip=0 and a differentiated focusing weight).
_base_ = './pat_charades.py'

released_loss = dict(clip=0.05, disable_torch_grad_focal_loss=True)
model = dict(detector=dict(head=dict(loss_cls=released_loss)), loss_assistant=released_loss)
