# MultiTHUMOS with the two streams of RefDense: I3D RGB clip features (main stream, 1024-d) and
# CLIP ResNet-50 image features of each clip's middle frame (entity stream, 1024-d), aligned to the
# same tokens; the library's entity/motion sub-label map (28 / 50 classes) and class text
# embeddings cached by tools/data/encode_class_names.py (docs/text_embeddings.md).
# Extra layout under data_root: entity_features/{video_id}.npy and
# text_embeddings/{actions,entity,motion}.npy (the tools read the models' relative text_embeddings
# paths under the dataset's data_root).
_base_ = './multithumos.py'

entity_feat_dim = 1024
num_sub_classes = dict(entity=28, motion=50)
sub_label_file = '{{ fileDirname }}/../../../dad_plugins/datasets/sub_labels/multithumos.json'
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
