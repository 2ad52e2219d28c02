# PAT on MultiTHUMOS, paper settings (Sec. 4): I3D RGB (D = 1024), T = 256 training windows,
# full-video inference, batch 3, alpha_fine / alpha_coarse = 0.7 / 0.3.
_base_ = [
    '../_base_/models/pat.py',
    '../_base_/datasets/multithumos.py',
    '../_base_/schedules/pat_multithumos_300e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    detector=dict(head=dict(num_classes=65, branch_weights=(0.7, 0.3))),
    label_encoder=dict(in_channels=65),
)
train_dataloader = dict(batch_size=3)

# Per-frame mAP and the action-conditional metrics of PAT Table 10 (tau = 0, 20, 40 tokens).
val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20, 40))]
test_evaluator = val_evaluator
