# The charades-like profile with its entity stream, sub-label map and class text embeddings. Its
# default 24 Charades classes have 12 entities (5 classes, such as 'Someone is smiling', have
# none) and 15 motions.
_base_ = './synthetic_two_stream.py'

data_root = 'data/synthetic_charades_like'
num_sub_classes = dict(entity=12, motion=15)
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
