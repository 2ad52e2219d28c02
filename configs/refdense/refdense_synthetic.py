# RefDense scaled down for the synthetic dataset like configs/pat/pat_synthetic.py (128-d features,
# 4 heads, 1 RPT block per module, 3 coarse branches; Adam 5e-4 for 12 epochs, / 10 at epoch 8),
# so that the two train and test side by side in minutes on a CPU.
_base_ = [
    '../_base_/models/refdense.py',
    '../_base_/datasets/synthetic_two_stream.py',
    '../_base_/schedules/adam_12e_step8.py',
    '../_base_/default_runtime.py',
]

rpt = dict(embed_dims=128, num_heads=4, max_relative_distance=127)
colv = dict(in_channels=128)
model = dict(
    entity_encoder=dict(in_channels={{_base_.entity_feat_dim}}, **rpt),
    backbone=dict(in_channels={{_base_.feat_dim}}, num_blocks=1, **rpt),
    neck=dict(in_channels=128, num_blocks=1, **rpt),
    head=dict(
        in_channels=128,
        num_classes={{_base_.num_classes}},
        num_sub_classes={{_base_.num_sub_classes}},
        loss_colv=dict(entity=colv, motion=colv),
    ),
)

val_evaluator = [
    dict(type='FrameMAP'),
    dict(type='ActionConditionalMetric', taus=(0, 20, 40)),
    dict(type='DetectionMAP'),
]
test_evaluator = val_evaluator
