default_scope = 'dad_plugins'

default_hooks = dict(
    runtime_info=dict(type='RuntimeInfoHook'),
    timer=dict(type='IterTimerHook'),
    # The test metrics JSON is written by rank 0 only (mmengine's LoggerHook: by every rank).
    logger=dict(type='MainProcessLoggerHook', interval=20, ignore_last=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # Checkpoints written atomically and loadable with torch.load(weights_only=True).
    checkpoint=dict(type='SafeCheckpointHook', interval=1, max_keep_ckpts=3, save_best='auto'),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    # --resume follows the schedule of the current config (e.g. after raising max_epochs).
    resume_schedule=dict(type='ResumeScheduleHook'),
    # Timeline pictures of test videos; tools/test.py --show-dir DIR enables it.
    visualization=dict(type='DenseVisualizationHook', enable=False, interval=1),
)

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)

# mmengine logs every key that matches mean_pattern as its mean over the last window_size values;
# its default pattern, '.*(loss|time|data_time|grad_norm).*', also matches the metrics named
# *_loss (multilabel/hamming_loss), which a validation would then log as the mean of every
# validation so far. Training losses and timings have no '/' in their keys, metrics have their
# prefix: only the former are averaged, every metric is logged as computed.
log_processor = dict(
    type='LogProcessor',
    window_size=20,
    by_epoch=True,
    mean_pattern=r'^[^/]*(loss|time|data_time|grad_norm)[^/]*$',
)
vis_backends = [
    dict(type='LocalVisBackend'),
    # Also log scalars and pictures for TensorBoard (needs the tensorboard package):
    # dict(type='TensorboardVisBackend'),
]
visualizer = dict(type='DenseActionVisualizer', vis_backends=vis_backends)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=0)
