# configs/mixed/mlad_assistant_charades.py on the synthetic dataset: configs/mlad/mlad_synthetic.py
# (H = 32, no dropout, T = 64 windows, the baseline's optimiser and schedule) trained with PAT's
# assistant branch; ML-Rel is Fine-Det over the labels with 1 RPT block and 4 heads, at H = 32.
_base_ = '../mlad/mlad_synthetic.py'

# _delete_: the detector moves inside the paradigm, which takes its data preprocessor.
model = dict(
    _delete_=True,
    type='AssistantParadigm',
    detector={{_base_.model}},
    label_encoder=dict(
        type='FineDet',
        in_channels={{_base_.num_classes}},
        embed_dims={{_base_.embed_dims}},
        num_blocks=1,
        num_heads=4,
        max_relative_distance=127,
    ),
    loss_assistant=dict(type='MaskedBCELoss'),  # MLAD's loss
)
# _delete_: the assistant and the detector step with their own optimisers (Algorithm 1), both
# the schedule's Adam with its gradient clipping.
optim = {{_base_.optim_wrapper}}
optim_wrapper = dict(
    _delete_=True,
    constructor='MultiOptimWrapperConstructor',
    assistant=optim,
    detector=optim,
)
model_wrapper_cfg = dict(type='MMSeparateDistributedDataParallel', broadcast_buffers=False)
