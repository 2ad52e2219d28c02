# PAT on MultiTHUMOS as the authors' released scripts train it (Train_PAT_MultiTHUMOS.py,
# run_PAT_MultiTHUMOS.sh): the detector alone, no assistant branch; 4 RPT blocks per module,
# 3 coarse branches (strides 2 / 4 / 8); loss loss_coarse + loss_fine, probabilities
# sigmoid(0.2 logit_fine + 0.8 logit_coarse); ASL's reference loss (margin 0.05, focusing weight
# without gradient); Adam 1e-4, batch 1, 50 epochs, learning rate / 10 every 35 epochs.
# Differences that remain: docs/models/pat.md.
_base_ = [
    '../_base_/models/pat_released.py',
    '../_base_/datasets/multithumos.py',
    '../_base_/schedules/adam_25e_step7.py',
    '../_base_/default_runtime.py',
]

rpt = dict(num_blocks=4)
model = dict(
    backbone=dict(in_channels={{_base_.feat_dim}}, **rpt),
    neck=dict(**rpt),
    head=dict(
        num_classes={{_base_.num_classes}},
        branch_weights=(0.2, 0.8),  # -fine_weight / -coarse_weight of the script
        loss_weights=(1.0, 1.0),
    ),
)
train_dataloader = dict(batch_size=1)
train_cfg = dict(max_epochs=50, val_interval=5)
param_scheduler = [dict(type='StepLR', step_size=35, gamma=0.1, by_epoch=True)]

# Per-frame mAP and the action-conditional metrics of PAT Table 10 (tau = 0, 20, 40 tokens).
val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20, 40))]
test_evaluator = val_evaluator
