# PAT as the authors' released scripts build it (Train_PAT_*.py): the detector alone, no
# assistant branch; RPT blocks with relative positions, 3 coarse branches (strides 2 / 4 / 8);
# loss loss_coarse + w loss_fine (loss_weights), probabilities sigmoid(a logit_fine +
# b logit_coarse) (branch_weights, fusion='logits'). Values of run_PAT_Charades.sh; dataset
# leaves override them.
# The loss is ASL's reference implementation: the paper's gammas, negatives' probabilities
# shifted by a margin of 0.05 and the focusing weight held constant in the backward pass.
asymmetric_loss = dict(type='AsymmetricLoss', gamma_pos=1.0, gamma_neg=3.0)
released_loss = dict(asymmetric_loss, clip=0.05, disable_torch_grad_focal_loss=True)
rpt = dict(num_blocks=3, num_heads=8, max_relative_distance=255, pos_encoding='relative')
model = dict(
    type='FrameDetector',
    backbone=dict(type='FineDet', in_channels=1024, embed_dims=512, **rpt),
    neck=dict(type='CoarseDet', in_channels=512, embed_dims=512, num_branches=3, **rpt),
    head=dict(
        type='FrameClsHead',
        in_channels=512,
        num_classes=157,
        branch_weights=(0.1, 0.9),  # -fine_weight / -coarse_weight of the script
        loss_weights=(0.1, 1.0),
        fusion='logits',
        loss_cls=released_loss,
    ),
    test_cfg=dict(post_processor=dict(type='FramesToSegments', threshold=0.5)),
)
