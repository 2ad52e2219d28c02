_base_ = [
    '../_base_/models/baseline.py',
    '../_base_/datasets/charades.py',
    '../_base_/schedules/adam_20e.py',
    '../_base_/default_runtime.py',
]

model = dict(head=dict(num_classes={{_base_.num_classes}}))
