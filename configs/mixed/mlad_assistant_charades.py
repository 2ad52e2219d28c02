# MLAD trained with PAT's assistant branch and two-step update (PAT Algorithm 1):
# configs/mlad/mlad_charades.py as the detector (class-level features, 5 MLAD layers, per-class
# classifiers, BCE on the initial and refined features). ML-Rel is PAT's label encoder (Fine-Det
# over the ground-truth labels, 3 RPT blocks) at MLAD's class-level width H = 128; ML-CLAS is one
# linear map per class, like MLAD's classifiers, whose weights are copied into the detector's
# frozen classifiers of the refined features after every assistant step.
_base_ = '../mlad/mlad_charades.py'

# _delete_: the detector moves inside the paradigm, which takes its data preprocessor.
model = dict(
    _delete_=True,
    type='AssistantParadigm',
    detector={{_base_.model}},
    label_encoder=dict(
        type='FineDet',
        in_channels={{_base_.num_classes}},
        embed_dims=128,  # = the head's in_channels (H)
        num_blocks=3,
        num_heads=8,
        max_relative_distance=255,
    ),
    loss_assistant=dict(type='MaskedBCELoss'),  # MLAD's loss
)
# _delete_: the assistant and the detector step with their own optimisers (Algorithm 1), both
# the schedule's: MLAD's Adam.
optim = {{_base_.optim_wrapper}}
optim_wrapper = dict(
    _delete_=True,
    constructor='MultiOptimWrapperConstructor',
    assistant=optim,
    detector=optim,
)
model_wrapper_cfg = dict(type='MMSeparateDistributedDataParallel', broadcast_buffers=False)
