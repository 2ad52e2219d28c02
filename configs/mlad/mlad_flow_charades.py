# MLAD on Charades with I3D optical-flow features alone, the "Flow" row of Table S1:
# flow_features/{video_id}.npy, 1024-d, the layout of the RGB + flow dataset bases. Otherwise
# as mlad_charades.py.
_base_ = './mlad_charades.py'

data_prefix = dict(feats='flow_features')
train_dataloader = dict(dataset=dict(data_prefix=data_prefix))
val_dataloader = dict(dataset=dict(data_prefix=data_prefix))
test_dataloader = val_dataloader
