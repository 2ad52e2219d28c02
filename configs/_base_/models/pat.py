# PAT (Sec. 3, Table 1): Fine-Det -> non-hierarchical Coarse-Det -> Vid-CLAS, trained with the
# assistant branch (ML-Rel over ground-truth labels + ML-CLAS) and the asymmetric loss.
# Charades values; dataset leaves override num_classes / in_channels / branch_weights.
# Eq. (18)-(19): no probability margin, the focusing weight is part of the gradient.
asymmetric_loss = dict(
    type='AsymmetricLoss',
    gamma_pos=1.0,
    gamma_neg=3.0,
    clip=0.0,
    disable_torch_grad_focal_loss=False,
)
# The RPT blocks of Fine-Det, Coarse-Det and ML-Rel.
rpt = dict(
    embed_dims=512, num_blocks=3, num_heads=8, max_relative_distance=255, pos_encoding='relative'
)
model = dict(
    type='AssistantParadigm',
    detector=dict(
        type='FrameDetector',
        backbone=dict(type='FineDet', in_channels=1024, **rpt),
        neck=dict(
            type='CoarseDet',
            in_channels=512,
            num_branches=3,
            hierarchical=False,
            input_source='fine',
            **rpt,
        ),
        head=dict(
            type='FrameClsHead',
            in_channels=512,
            num_classes=157,
            branch_weights=(0.1, 0.9),  # (alpha_fine, alpha_coarse), Charades
            loss_cls=asymmetric_loss,
        ),
        test_cfg=dict(post_processor=dict(type='FramesToSegments', threshold=0.5)),
    ),
    label_encoder=dict(type='FineDet', in_channels=157, **rpt),
    loss_assistant=asymmetric_loss,
)
# The assistant and the detector each have their own optimiser (Algorithm 1).
model_wrapper_cfg = dict(type='MMSeparateDistributedDataParallel', broadcast_buffers=False)
