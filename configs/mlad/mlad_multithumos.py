# MLAD on MultiTHUMOS, paper settings (Sec. 5.1, Table 4): I3D RGB features (D = 1024, the "RGB"
# row of Table S1; mlad_rgb-flow_multithumos.py is the two-stream headline), H = 128, L = 5,
# batch 32, Adam 1e-4, variable-length training sequences T in {16, 32, ..., 128} and evaluation
# over windows of 128 tokens (the best column of Table 4). 2500 epochs as in the released
# command line (200 training videos: 7 iterations per epoch).
_base_ = [
    '../_base_/models/mlad.py',
    '../_base_/datasets/multithumos.py',
    '../_base_/schedules/mlad_adam_50e.py',
    '../_base_/default_runtime.py',
]

window_size = 128
# Table 4: variable-length training sequences, T drawn per video from {16, 32, ..., 128}. One
# size trains on fixed lengths (docs/models/mlad.md lists the rows):
# --cfg-options "train_dataloader.dataset.pipeline.2.window_sizes=[96]"
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats={{_base_.feat_dim}})),
    dict(type='GenerateFrameLabels', rule='mstct'),  # the released code labels with 'mlad'
    dict(type='RandomLengthTemporalWindow', window_sizes=[16 * i for i in range(1, 9)]),
    dict(type='PackDenseInputs'),
]
train_dataloader = dict(
    batch_size=32,
    # Pad each batch to its longest window only; the masks cover the padding.
    collate_fn=dict(min_length=1),
    dataset=dict(pipeline=train_pipeline),
)

model = dict(
    backbone=dict(in_channels={{_base_.feat_dim}}, num_classes={{_base_.num_classes}}),
    head=dict(num_classes={{_base_.num_classes}}),
    # Evaluation length of Table 4; window scores are averaged where windows overlap.
    test_cfg=dict(window_size=window_size, window_stride=window_size // 2),
)
train_cfg = dict(max_epochs=2500, val_interval=50)

val_evaluator = [
    dict(type='FrameMAP'),
    dict(type='ActionConditionalMetric', taus=(0, 20)),
    dict(type='MultiLabelMetric'),
]
test_evaluator = val_evaluator
