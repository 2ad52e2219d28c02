# RefDense (Sec. 3.2, Fig. 2): Action-Entity (one PAT RPT block over the entity stream) and
# Action-Motion (PAT Fine-Det + non-hierarchical Coarse-Det over the clip features, every scale
# cross-attending to Action-Entity), concatenated into a 1 x 1 action classifier; BCE on the
# actions and on the entity / motion sub-labels, CoLV on the two sub-networks' features.
# Charades values; dataset leaves set in_channels and class counts. The text embedding files are
# read under the dataset's data_root.
rpt = dict(embed_dims=512, num_heads=8, max_relative_distance=255, pos_encoding='relative')
model = dict(
    type='RefDense',
    entity_encoder=dict(type='FineDet', in_channels=1024, num_blocks=1, **rpt),
    backbone=dict(type='FineDet', in_channels=1024, num_blocks=3, **rpt),
    neck=dict(
        type='CoarseDet',
        in_channels=512,
        num_branches=3,
        num_blocks=3,
        hierarchical=False,
        input_source='fine',
        **rpt,
    ),
    head=dict(
        type='RefDenseHead',
        in_channels=512,
        num_classes=157,
        num_sub_classes=dict(entity=38, motion=38),
        sub_labels=('entity', 'motion'),  # Table 4
        loss_cls=dict(type='MaskedBCELoss'),
        loss_sub=dict(type='MaskedBCELoss'),
        loss_colv=dict(  # Table 5; temperature not given in the paper (CLIP's initial 0.07)
            entity=dict(
                type='CoLVLoss',
                in_channels=512,
                text_embeddings='text_embeddings/entity.npy',
                temperature=0.07,
            ),
            motion=dict(
                type='CoLVLoss',
                in_channels=512,
                text_embeddings='text_embeddings/motion.npy',
                temperature=0.07,
            ),
        ),
    ),
    entity_stream='entity',
    cross_attention=True,  # Table 7
    test_cfg=dict(post_processor=dict(type='FramesToSegments', threshold=0.5)),
)
