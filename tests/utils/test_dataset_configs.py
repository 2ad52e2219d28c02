from mmengine.config import Config

from dad_plugins.utils.dataset_configs import dataset_config


def test_the_dataset_a_wrapper_wraps_or_the_dataset_or_nothing():
    inner = dict(type='DenseFeatureDataset', data_root='data/synthetic')
    cfg = Config(
        dict(
            train_dataloader=dict(dataset=dict(type='SlidingWindowDataset', dataset=inner)),
            val_dataloader=dict(dataset=inner),
            test_dataloader=None,
        )
    )
    assert dataset_config(cfg, 'train_dataloader') == inner
    assert dataset_config(cfg, 'val_dataloader') == inner
    assert dataset_config(cfg, 'test_dataloader') == {}
    assert dataset_config(cfg, 'other_dataloader') == {}
    dataset_config(cfg, 'train_dataloader')['data_root'] = 'moved'  # the config's own entry
    assert cfg.train_dataloader.dataset.dataset.data_root == 'moved'
