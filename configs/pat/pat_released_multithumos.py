# PAT on MultiTHUMOS as the authors' released scripts train it: 4 RPT blocks per branch,
# 3 coarse branches (strides 2 / 4 / 8), batch 1, 50 epochs, learning rate / 10 every 35 epochs.
_base_ = [
    '../_base_/models/pat.py',
    '../_base_/datasets/multithumos.py',
    '../_base_/schedules/pat_multithumos_300e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    detector=dict(
        backbone=dict(num_blocks=4),
        neck=dict(num_blocks=4, num_branches=3),
        head=dict(num_classes=65, branch_weights=(0.7, 0.3)),
    ),
    label_encoder=dict(in_channels=65, num_blocks=4),
)
train_dataloader = dict(batch_size=1)
train_cfg = dict(max_epochs=50, val_interval=5)
param_scheduler = [dict(type='StepLR', step_size=35, gamma=0.1, by_epoch=True)]

# Per-frame mAP and the action-conditional metrics of PAT Table 10 (tau = 0, 20, 40 tokens).
val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20, 40))]
test_evaluator = val_evaluator
