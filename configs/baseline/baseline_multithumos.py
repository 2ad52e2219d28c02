_base_ = [
    '../_base_/models/baseline.py',
    '../_base_/datasets/multithumos.py',
    '../_base_/schedules/adam_20e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    head=dict(num_classes={{_base_.num_classes}}),
    # MultiTHUMOS videos are long (up to ~5,000 tokens): infer over windows and stitch.
    test_cfg=dict(window_size=256, window_stride=128),
)
