# RefDense on Charades, paper settings (Sec. 4): I3D RGB + CLIP ResNet-50 image features
# (1024-d each), T = 256 training windows, full-video inference, batch 5, Adam 1e-4 for 25 epochs
# with the learning rate / 10 every 7 epochs, BCE + CoLV; 38 entity and 38 motion classes.
_base_ = [
    '../_base_/models/refdense.py',
    '../_base_/datasets/charades_two_stream.py',
    '../_base_/schedules/adam_25e_step7.py',
    '../_base_/default_runtime.py',
]

model = dict(
    entity_encoder=dict(in_channels={{_base_.entity_feat_dim}}),
    backbone=dict(in_channels={{_base_.feat_dim}}),
    head=dict(num_classes={{_base_.num_classes}}, num_sub_classes={{_base_.num_sub_classes}}),
)
train_dataloader = dict(batch_size=5)

# Per-frame mAP (Table 1) and the action-conditional metrics (Table 2, tau = 0 and 20).
val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20))]
test_evaluator = val_evaluator
