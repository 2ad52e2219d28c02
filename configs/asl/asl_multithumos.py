# ASL on MultiTHUMOS, paper settings (Sec. 4.2): I3D RGB features, batch 2, AdamW 2e-4, 60 epochs
# (after ActionFormer's 5 warm-up epochs), lambda 0.3, theta 0.2, Soft-NMS, 200 detections per
# video; detection mAP at tIoU 0.1:0.1:0.9 (Table 1).
_base_ = [
    '../_base_/models/asl.py',
    '../_base_/datasets/multithumos.py',
    '../_base_/schedules/adamw_warmup5_cosine30.py',
    '../_base_/default_runtime.py',
]

# Training windows of ActionFormer's THUMOS setting (2304 tokens): most videos fit whole.
window_size = 2304
train_dataloader = dict(
    batch_size=2,
    collate_fn=dict(min_length=1),
    dataset=dict(
        pipeline=[
            dict(type='LoadClipFeatures', feat_dims=dict(feats={{_base_.feat_dim}})),
            dict(type='GenerateFrameLabels', rule='mstct'),
            dict(type='RandomTemporalWindow', window_size=window_size),
            dict(type='PackDenseInputs'),
        ]
    ),
)
val_dataloader = dict(batch_size=1)
test_dataloader = val_dataloader
param_scheduler = [_base_.warmup, dict(_base_.cosine, T_max=60, end=65)]
train_cfg = dict(max_epochs=65, val_interval=5)
val_evaluator = [dict(type='DetectionMAP'), dict(type='SegmentationMAP'), dict(type='FrameMAP')]
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='det/mAP', rule='greater'))
