# PAT on Charades, paper settings (configs/pat/pat_charades.py), trained with the loss of the
# released code, ASL's reference implementation: negatives' probabilities shifted by a margin of
# 0.05 and the focusing weight held constant in the backward pass (the paper's Eq. (19) has
# neither; the paper configs use clip=0 and a differentiated focusing weight).
_base_ = [
    '../_base_/models/pat.py',
    '../_base_/datasets/charades.py',
    '../_base_/schedules/pat_charades_25e.py',
    '../_base_/default_runtime.py',
]

released_loss = dict(clip=0.05, disable_torch_grad_focal_loss=True)
model = dict(detector=dict(head=dict(loss_cls=released_loss)), loss_assistant=released_loss)
# As pat_charades.py: batches of videos of similar duration, padded to their longest video.
train_dataloader = dict(
    batch_size=3,
    batch_sampler=dict(type='LengthGroupedBatchSampler'),
    collate_fn=dict(min_length=1),
)

# Per-frame mAP and the action-conditional metrics of PAT Table 10 (tau = 0, 20, 40 tokens).
val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20, 40))]
test_evaluator = val_evaluator
