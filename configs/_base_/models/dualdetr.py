# DualDETR (Zhu et al., CVPR 2024): deformable encoder, auxiliary dense head, dual-branch decoder.
# Paper values: D/4 + D/4 + D/2 feature split, costs 6 / 2 / 5, losses 2 / 2 / 5 (Sec. 3.6), no NMS.
# Counts the paper does not state follow its references: width 256, 8 heads, 4 sampling points,
# 2 encoder / 4 decoder layers, FFN 1024, dropout 0.1 (TadTR [31]); 48 queries (PointTAD [46]).
# Width, attention heads, sampling points and dropout of the encoder and decoder layers.
deformable = dict(embed_dims=256, num_heads=8, num_points=4, dropout=0.1)
model = dict(
    type='DualDETR',
    backbone=dict(
        type='DeformableEncoder', in_channels=1024, num_layers=2, ffn_dims=1024, **deformable
    ),
    decoder=dict(
        type='DualBranchDecoder',
        num_layers=4,
        num_queries=48,
        ffn_ratio=4.0,
        **deformable,
        query_levels='dual',  # Table 4 single-level rows: 'instance' / 'boundary'
        two_branch=True,  # Table 4 (1): False
        aligned=True,  # Table 4 (1)-(2): False (with mutual_refinement='none')
        query_init='joint',  # Table 4 (1)-(3): 'learned'; Fig. 5: 'position', 'full_position'
        mutual_refinement='parallel',  # Table 5: 'boundary_first', 'instance_first', 'last_layer'
        refine_content=False,  # Table 5 "Refine Position&Content": True
        detach_content=True,  # not in the paper: no gradient into the selected encoder tokens
    ),
    head=dict(
        type='DualDETRHead',
        num_classes=157,
        proposal_width=0.05,
        loss_cls=dict(type='FocalLoss', alpha=0.25, gamma=2.0, loss_weight=2.0),
        loss_iou=dict(type='TIoULoss', loss_weight=2.0),
        loss_l1=dict(type='L1Loss', loss_weight=5.0),
        matcher=dict(type='HungarianMatcher', cost_cls=6.0, cost_iou=2.0, cost_l1=5.0),
    ),
    test_cfg=dict(
        max_per_window=100,
        max_per_video=None,
        merge_nms=None,
        post_processor=dict(type='SegmentsToFrames', mode='max'),
    ),
)
