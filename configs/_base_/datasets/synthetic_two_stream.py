# The synthetic dataset with its entity stream, sub-label map (sub_labels.json) and class text
# embeddings (text_embeddings/), all written by tools/data/make_synthetic.py; the tools read the
# models' relative text_embeddings paths under the dataset's data_root.
_base_ = './synthetic.py'

entity_feat_dim = 16
num_sub_classes = dict(entity=7, motion=11)
sub_label_file = 'sub_labels.json'
text_embeddings = dict(
    actions='text_embeddings/actions.npy',
    entity='text_embeddings/entity.npy',
    motion='text_embeddings/motion.npy',
)
data_prefix = dict(feats='features', entity='entity_features')
feat_dims = dict(feats={{_base_.feat_dim}}, entity=entity_feat_dim)

train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=feat_dims),
    dict(type='GenerateFrameLabels', rule='mstct'),
    dict(type='RandomTemporalWindow', window_size={{_base_.window_size}}),
    dict(type='GenerateSubLabels'),
    dict(type='PackDenseInputs'),
]
test_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=feat_dims),
    dict(type='GenerateFrameLabels', rule='mstct'),
    dict(type='GenerateSubLabels'),
    dict(type='PackDenseInputs'),
]
dataset = dict(data_prefix=data_prefix, sub_label_file=sub_label_file)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline, **dataset))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline, **dataset))
test_dataloader = val_dataloader
