# DualDETR's MultiTHUMOS protocol (Sec. 4.1) on the synthetic dataset: training on every window of
# 64 tokens at a stride ratio of 0.75 (stride 48) instead of one random crop of each video, and
# inference on windows of 64 tokens at a stride ratio of 0.25 (stride 16).
_base_ = './dualdetr_synthetic.py'

window_size = 64
train_pipeline = [
    *_base_.test_pipeline[:-1],  # the test pipeline with a crop to the window before packing
    dict(type='CropTemporalWindow'),
    dict(type='PackDenseInputs'),
]
train_dataloader = dict(
    collate_fn=dict(min_length=window_size),
    dataset=dict(
        _delete_=True,  # the base's training videos become the videos of the windows
        type='SlidingWindowDataset',
        window_size=window_size,
        stride_ratio=0.75,
        dataset=dict(_base_.train_dataloader.dataset, pipeline=train_pipeline),
    ),
)
model = dict(test_cfg=dict(window_size=window_size, window_stride=16))
