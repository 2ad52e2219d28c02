# PAT (assistant paradigm, Fine-Det + Coarse-Det, asymmetric loss) whose classification loss is
# weighted by ASL's class-level action sensitivity; otherwise configs/pat/pat_synthetic.py
# (128-d features, 4 heads, 1 RPT block per module, Adam 5e-4, 12 epochs).
_base_ = [
    '../_base_/models/pat.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adam_12e_step8.py',
    '../_base_/default_runtime.py',
]

rpt = dict(embed_dims=128, num_blocks=1, num_heads=4, max_relative_distance=127)
model = dict(
    detector=dict(
        backbone=dict(in_channels={{_base_.feat_dim}}, **rpt),
        neck=dict(in_channels=128, **rpt),
        head=dict(
            in_channels=128,
            num_classes={{_base_.num_classes}},
            # _delete_: the wrapper replaces the asymmetric loss, whose arguments move inside it.
            loss_cls=dict(
                _delete_=True,
                type='SensitivityWeightedLoss',
                loss={{_base_.asymmetric_loss}},
                num_classes={{_base_.num_classes}},
                mu_init=(0.0,),  # one Gaussian at the centre: ASL's classification prior
                sigma_init=1.0,
                sigma_min=0.1,
                sigma_max=5.0,
                learnable=True,
            ),
        ),
    ),
    label_encoder=dict(in_channels={{_base_.num_classes}}, **rpt),
)
# _delete_: the assistant and the detector step with their own optimisers (Algorithm 1), both
# the schedule's Adam.
optimizer = {{_base_.optim_wrapper.optimizer}}
optim_wrapper = dict(
    _delete_=True,
    constructor='MultiOptimWrapperConstructor',
    assistant=dict(type='OptimWrapper', optimizer=optimizer),
    detector=dict(type='OptimWrapper', optimizer=optimizer),
)
val_evaluator = [
    dict(type='FrameMAP'),
    dict(type='ActionConditionalMetric', taus=(0, 20, 40)),
    dict(type='DetectionMAP'),
]
test_evaluator = val_evaluator
