# DualDETR on MultiTHUMOS with I3D RGB features only (1024-d); the paper's two-stream input is
# configs/dualdetr/dualdetr_multithumos.py.
_base_ = [
    '../_base_/models/dualdetr.py',
    '../_base_/datasets/multithumos.py',
    '../_base_/schedules/adamw_30e_step27.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(in_channels={{_base_.feat_dim}}),
    head=dict(num_classes={{_base_.num_classes}}),
    # Sec. 4.1: inference windows of 256 tokens at a stride ratio of 0.25 (64 tokens), detections
    # mapped back to the video and concatenated without NMS.
    test_cfg=dict(window_size=256, window_stride=64),
)
# Sec. 4.1: training on every window of 256 tokens at a stride ratio of 0.75 (192 tokens).
train_pipeline = [
    *_base_.test_pipeline[:-1],  # the test pipeline with a crop to the window before packing
    dict(type='CropTemporalWindow'),
    dict(type='PackDenseInputs'),
]
train_dataloader = dict(
    dataset=dict(
        _delete_=True,  # the base's training videos become the videos of the windows
        type='SlidingWindowDataset',
        window_size=256,
        stride_ratio=0.75,
        dataset=dict(_base_.train_dataloader.dataset, pipeline=train_pipeline),
    ),
)
val_evaluator = [
    dict(type='DetectionMAP'),
    dict(type='SegmentationMAP', mode='gaussian'),
    dict(type='FrameMAP'),
]
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='det/mAP', rule='greater'))
