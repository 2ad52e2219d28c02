# PAT on Charades as the authors' released scripts train it (Train_PAT_Charades.py,
# run_PAT_Charades.sh): the detector alone, no assistant branch; 3 RPT blocks per module,
# 3 coarse branches (strides 2 / 4 / 8); loss loss_coarse + 0.1 loss_fine, probabilities
# sigmoid(0.1 logit_fine + 0.9 logit_coarse); ASL's reference loss (margin 0.05, focusing weight
# without gradient); Adam 1e-4, batch 5, 30 epochs, learning rate / 10 every 7 epochs.
# Differences that remain: docs/models/pat.md.
_base_ = [
    '../_base_/models/pat_released.py',
    '../_base_/datasets/charades.py',
    '../_base_/schedules/adam_25e_step7.py',
    '../_base_/default_runtime.py',
]

rpt = dict(num_blocks=3)
model = dict(
    backbone=dict(in_channels={{_base_.feat_dim}}, **rpt),
    neck=dict(**rpt),
    head=dict(num_classes={{_base_.num_classes}}),
)
train_dataloader = dict(batch_size=5)
train_cfg = dict(max_epochs=30)

# Per-frame mAP and the action-conditional metrics of PAT Table 10 (tau = 0, 20, 40 tokens).
val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20, 40))]
test_evaluator = val_evaluator
