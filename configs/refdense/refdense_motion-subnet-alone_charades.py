# RefDense Table 3, "Action-Motion": the Action-Motion sub-network alone (PAT's Fine-Det and
# non-hierarchical Coarse-Det without cross-attention, PAT's Vid-CLAS) detects
# the actions from the concatenated clip and entity features, trained with BCE on the actions;
# otherwise configs/refdense/refdense_entity-subnet-alone_charades.py (paper settings of
# configs/refdense/refdense_charades.py).
_base_ = './refdense_entity-subnet-alone_charades.py'

rpt = dict(embed_dims=512, num_blocks=3, num_heads=8, max_relative_distance=255)
model = dict(
    backbone=dict(num_blocks=3),
    neck=dict(type='CoarseDet', in_channels=512, num_branches=3, **rpt),
    head=dict(branch_weights=(0.1, 0.9)),  # PAT's Vid-CLAS (alpha_fine, alpha_coarse), Charades
)
