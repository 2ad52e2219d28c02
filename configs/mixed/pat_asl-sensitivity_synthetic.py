# PAT (assistant paradigm, Fine-Det + Coarse-Det, asymmetric loss) whose classification loss is
# weighted by ASL's class-level action sensitivity; otherwise configs/pat/pat_synthetic.py
# (128-d features, 4 heads, 1 RPT block per module, Adam 5e-4, 12 epochs).
_base_ = '../pat/pat_synthetic.py'

model = dict(
    detector=dict(
        head=dict(
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
)
