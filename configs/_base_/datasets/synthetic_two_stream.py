# The synthetic dataset with its entity stream, sub-label map (sub_labels.json) and class text
# embeddings (text_embeddings/), all written by tools/data/make_synthetic.py; the tools read the
# models' relative text_embeddings paths under the dataset's data_root.
_base_ = './synthetic.py'

entity_feat_dim = 16
num_sub_classes = dict(entity=7, motion=11)
sub_label_file = 'sub_labels.json'
data_prefix = dict(feats='features', entity='entity_features')
load_streams = dict(
    type='LoadClipFeatures', feat_dims=dict(feats={{_base_.feat_dim}}, entity=entity_feat_dim)
)

train_pipeline = [
    load_streams,
    dict(type='GenerateFrameLabels', rule='mstct'),
    dict(type='RandomTemporalWindow', window_size={{_base_.window_size}}),
    dict(type='GenerateSubLabels'),
    dict(type='PackDenseInputs'),
]
test_pipeline = [
    load_streams,
    dict(type='GenerateFrameLabels', rule='mstct'),
    dict(type='GenerateSubLabels'),
    dict(type='PackDenseInputs'),
]
# For a detector of one input (RefDense Table 3's sub-networks alone): the base's pipelines
# loading both streams and concatenating the entity features to the clip features.
concat_entity = dict(type='ConcatFeatureStreams', streams=('entity',))
concat_train_pipeline = [load_streams, concat_entity, *_base_.train_pipeline[1:]]
concat_test_pipeline = [load_streams, concat_entity, *_base_.test_pipeline[1:]]
dataset = dict(data_prefix=data_prefix, sub_label_file=sub_label_file)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline, **dataset))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline, **dataset))
test_dataloader = val_dataloader
