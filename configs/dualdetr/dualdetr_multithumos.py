_base_ = [
    '../_base_/models/dualdetr.py',
    '../_base_/datasets/multithumos.py',
    '../_base_/schedules/adamw_30e_step27.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(in_channels={{_base_.feat_dim}}),
    head=dict(num_classes={{_base_.num_classes}}),
    # Sec. 4.1: training windows of 256 tokens; inference windows of 256 at stride ratio 0.25
    # (64 tokens), detections mapped back to the video and concatenated without NMS.
    test_cfg=dict(window_size=256, window_stride=64),
)
val_evaluator = [
    dict(type='DetectionMAP'),
    dict(type='SegmentationMAP', mode='gaussian'),
    dict(type='FrameMAP'),
]
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='det/mAP', rule='greater'))
