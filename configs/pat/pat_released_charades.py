# PAT on Charades as the authors' released scripts train it (Train_PAT_Charades.py,
# run_PAT_Charades.sh): the detector alone, no assistant branch; 3 RPT blocks per module,
# 3 coarse branches (strides 2 / 4 / 8); loss loss_coarse + 0.1 loss_fine, probabilities
# sigmoid(0.1 logit_fine + 0.9 logit_coarse); ASL's reference loss (margin 0.05, focusing weight
# without gradient); Adam 1e-4, batch 5, 30 epochs, learning rate / 10 every 7 epochs.
# Differences that remain: docs/models/pat.md.
_base_ = [
    '../_base_/datasets/charades.py',
    '../_base_/schedules/adam_25e_step7.py',
    '../_base_/default_runtime.py',
]

rpt = dict(num_blocks=3, num_heads=8, max_relative_distance=255, pos_encoding='relative')
model = dict(
    type='FrameDetector',
    backbone=dict(type='FineDet', in_channels={{_base_.feat_dim}}, embed_dims=512, **rpt),
    neck=dict(type='CoarseDet', in_channels=512, embed_dims=512, num_branches=3, **rpt),
    head=dict(
        type='FrameClsHead',
        in_channels=512,
        num_classes={{_base_.num_classes}},
        branch_weights=(0.1, 0.9),  # -fine_weight / -coarse_weight of the script
        loss_weights=(0.1, 1.0),
        fusion='logits',
        loss_cls=dict(
            type='AsymmetricLoss',
            gamma_pos=1.0,
            gamma_neg=3.0,
            clip=0.05,
            disable_torch_grad_focal_loss=True,
        ),
    ),
    test_cfg=dict(post_processor=dict(type='FramesToSegments', threshold=0.5)),
)
train_dataloader = dict(batch_size=5)
train_cfg = dict(max_epochs=30)

# Per-frame mAP and the action-conditional metrics of PAT Table 10 (tau = 0, 20, 40 tokens).
val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20, 40))]
test_evaluator = val_evaluator
