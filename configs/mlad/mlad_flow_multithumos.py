# MLAD on MultiTHUMOS with I3D optical-flow features alone, the "Flow" row of Table S1:
# flow_features/{video_id}.npy, 1024-d, the layout of the RGB + flow dataset bases. Otherwise
# as mlad_multithumos.py.
_base_ = './mlad_multithumos.py'

data_prefix = dict(feats='flow_features')
train_dataloader = dict(dataset=dict(data_prefix=data_prefix))
val_dataloader = dict(dataset=dict(data_prefix=data_prefix))
test_dataloader = val_dataloader
