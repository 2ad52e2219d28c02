# PAT on Charades (paper settings, as configs/pat/pat_charades.py) whose asymmetric loss is
# weighted by ASL's class-level action sensitivity (one learnable Gaussian per class at the
# centre of each ground-truth run, sigma initialised to 1 and clamped at 5).
_base_ = '../pat/pat_charades.py'

model = dict(
    detector=dict(
        head=dict(
            # _delete_: the wrapper replaces the asymmetric loss, whose arguments move inside it.
            loss_cls=dict(
                _delete_=True,
                type='SensitivityWeightedLoss',
                loss={{_base_.asymmetric_loss}},
                num_classes={{_base_.num_classes}},
                mu_init=(0.0,),
                sigma_init=1.0,
                sigma_min=0.1,
                sigma_max=5.0,
                learnable=True,
            ),
        ),
    ),
)
val_evaluator = [
    dict(type='FrameMAP'),
    dict(type='ActionConditionalMetric', taus=(0, 20, 40)),
    dict(type='DetectionMAP'),
]
test_evaluator = val_evaluator
