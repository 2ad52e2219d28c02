_base_ = [
    '../_base_/models/baseline.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adam_20e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(in_channels={{_base_.feat_dim}}),
    head=dict(num_classes={{_base_.num_classes}}),
)

val_evaluator = [dict(type='FrameMAP'), dict(type='DetectionMAP'), dict(type='SegmentationMAP')]
test_evaluator = val_evaluator
