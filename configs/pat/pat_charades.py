# PAT on Charades, paper settings (Sec. 4): I3D RGB (D = 1024), T = 256 training windows,
# full-video inference, batch 3, alpha_fine / alpha_coarse = 0.1 / 0.9.
_base_ = [
    '../_base_/models/pat.py',
    '../_base_/datasets/charades.py',
    '../_base_/schedules/pat_charades_25e.py',
    '../_base_/default_runtime.py',
]

# Batches of videos of similar duration, padded to their longest video instead of the 256-token
# window: the same losses (padding is masked everywhere), a fraction of the computed tokens
# (most Charades videos are shorter than the window; docs/benchmarks.md).
train_dataloader = dict(
    batch_size=3,
    batch_sampler=dict(type='LengthGroupedBatchSampler'),
    collate_fn=dict(min_length=1),
)

# Per-frame mAP and the action-conditional metrics of PAT Table 10 (tau = 0, 20, 40 tokens).
val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20, 40))]
test_evaluator = val_evaluator
