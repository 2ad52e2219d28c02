# ActionFormer's schedule as used by ASL: AdamW 2e-4 (ASL Sec. 4.2), weight decay 0.05 (not on
# norms, biases, the per-level scales or ASL's Gaussians), gradient clipping at L2 norm 1,
# 5 warm-up epochs then a cosine decay over 30 epochs (ActionFormer counts epochs after warm-up).
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=2e-4, weight_decay=0.05),
    clip_grad=dict(max_norm=1.0),
    paramwise_cfg=dict(
        norm_decay_mult=0.0,
        bias_decay_mult=0.0,
        custom_keys={'scales': dict(decay_mult=0.0), 'gaussians': dict(decay_mult=0.0)},
    ),
)
# Linear warm-up, then a cosine decay; leaves that train longer or shorter change the two
# phases' begin / end and T_max.
warmup = dict(
    type='LinearLR', start_factor=1e-3, by_epoch=True, begin=0, end=5, convert_to_iter_based=True
)
cosine = dict(
    type='CosineAnnealingLR', T_max=30, by_epoch=True, begin=5, end=35, convert_to_iter_based=True
)
param_scheduler = [warmup, dict(cosine, eta_min=0.0)]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=35, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
auto_scale_lr = dict(enable=False, base_batch_size=16)
