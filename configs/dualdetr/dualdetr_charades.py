# DualDETR on Charades, paper settings (Sec. 4.1): two-stream I3D features (RGB + optical flow,
# 2048-d); the RGB-only variant is configs/dualdetr/dualdetr_rgb_charades.py.
_base_ = [
    '../_base_/models/dualdetr.py',
    '../_base_/datasets/charades_rgb-flow.py',
    '../_base_/schedules/adamw_30e_step27.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(in_channels={{_base_.feat_dim}}),
    head=dict(num_classes={{_base_.num_classes}}),
)
# Charades (Sec. 4.1): whole videos in training too, zero-padded to the longest of the batch.
train_dataloader = dict(dataset=dict(pipeline={{_base_.test_pipeline}}))
# Seg-mAP as PointTAD computes it from detections (Gaussian spread, sigma 3, gain 5).
val_evaluator = [
    dict(type='DetectionMAP'),
    dict(type='SegmentationMAP', mode='gaussian'),
    dict(type='FrameMAP'),
]
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='det/mAP', rule='greater'))
