# The charades-like synthetic profile (real Charades label structure, weak and context-only
# features): `python tools/data/make_synthetic.py data/synthetic_charades_like
# --profile charades-like --source ../shared/data/charades.json`. Its default 24 classes and
# 64-d features match the default profile's, so any config built on synthetic.py runs on it by
# overriding data_root alone (docs/synthetic_dataset.md).
_base_ = './synthetic.py'

data_root = 'data/synthetic_charades_like'
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
