# PAT on Charades as the authors' released scripts train it: 4 RPT blocks per branch,
# 3 coarse branches (strides 2 / 4 / 8), batch 5, 30 epochs, learning rate / 10 every 7 epochs.
_base_ = [
    '../_base_/models/pat.py',
    '../_base_/datasets/charades.py',
    '../_base_/schedules/pat_charades_25e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    detector=dict(backbone=dict(num_blocks=4), neck=dict(num_blocks=4, num_branches=3)),
    label_encoder=dict(num_blocks=4),
)
train_dataloader = dict(batch_size=5)
train_cfg = dict(max_epochs=30)

# Per-frame mAP and the action-conditional metrics of PAT Table 10 (tau = 0, 20, 40 tokens).
val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20, 40))]
test_evaluator = val_evaluator
