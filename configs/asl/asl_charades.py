# ASL on Charades, paper settings (Sec. 4.2): I3D RGB features, batch 16, AdamW 2e-4, 30 epochs
# (after ActionFormer's 5 warm-up epochs), lambda 0.3, theta 0.2, Soft-NMS, 200 detections per
# video; detection mAP at tIoU 0.1:0.1:0.9 (Table 1). Charades videos are ~90 tokens long:
# global attention.
_base_ = [
    '../_base_/models/asl.py',
    '../_base_/datasets/charades.py',
    '../_base_/schedules/adamw_warmup5_cosine30.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(window_size=None),
    head=dict(num_classes={{_base_.num_classes}}),
)
train_dataloader = dict(batch_size=16)
val_evaluator = [dict(type='DetectionMAP'), dict(type='SegmentationMAP'), dict(type='FrameMAP')]
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='det/mAP', rule='greater'))
