# RefDense Table 3, "Action-Motion": the Action-Motion sub-network alone (PAT's Fine-Det and
# non-hierarchical Coarse-Det without cross-attention, PAT's Vid-CLAS) detects
# the actions from the concatenated clip and entity features, trained with BCE on the actions;
# otherwise configs/refdense/refdense_entity-subnet-alone_synthetic.py (scaled down like
# configs/refdense/refdense_synthetic.py).
_base_ = './refdense_entity-subnet-alone_synthetic.py'

rpt = dict(embed_dims=128, num_blocks=1, num_heads=4, max_relative_distance=127)
model = dict(
    neck=dict(type='CoarseDet', in_channels=128, num_branches=3, **rpt),
    head=dict(branch_weights=(0.1, 0.9)),  # PAT's Vid-CLAS (alpha_fine, alpha_coarse), Charades
)
