# PAT on Charades with two-stream I3D features (RGB + optical flow, D = 2048), the input of PAT
# Table 10 ("RGB and optical flow are used as input"); otherwise as configs/pat/pat_charades.py.
_base_ = [
    '../_base_/models/pat.py',
    '../_base_/datasets/charades_rgb-flow.py',
    '../_base_/schedules/pat_charades_25e.py',
    '../_base_/default_runtime.py',
]

model = dict(detector=dict(backbone=dict(in_channels={{_base_.feat_dim}})))
# Batches of videos of similar duration, padded to their longest video, as pat_charades.py.
train_dataloader = dict(
    batch_size=3,
    batch_sampler=dict(type='LengthGroupedBatchSampler'),
    collate_fn=dict(min_length=1),
)

# The action-conditional metrics of PAT Table 10 (tau = 0, 20, 40 tokens) and per-frame mAP.
val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20, 40))]
test_evaluator = val_evaluator
