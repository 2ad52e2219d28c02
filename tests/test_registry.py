from dad_plugins import registry


def test_our_parts_and_mmaction_parts_build_from_one_scope():
    from mmengine.registry import DefaultScope

    with DefaultScope.overwrite_default_scope('dad_plugins'):
        detector = registry.MODELS.get('FrameDetector')
        recognizer = registry.MODELS.get('Recognizer3D')  # mmaction2
        optimizer = registry.OPTIMIZERS.get('Adam')  # mmengine / torch
    assert detector.__module__.startswith('dad_plugins.')
    assert recognizer.__module__.startswith('mmaction.')
    assert optimizer.__module__.startswith('torch.')


def test_children_of_mmaction_registries():
    from mmaction.registry import MODELS, TRANSFORMS

    assert registry.MODELS.parent is MODELS and registry.TRANSFORMS.parent is TRANSFORMS
    assert registry.MODELS.scope == 'dad_plugins'
    assert registry.TRANSFORMS.get('PackDenseInputs') is not None
    assert registry.DATASETS.get('DenseFeatureDataset') is not None
