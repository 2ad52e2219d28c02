import math

import pytest
import torch
import torch.nn.functional as F

from dad_plugins.models.backbones import InceptionI3d
from dad_plugins.models.backbones.inception_i3d import (
    MaxPool3dSamePadding,
    Unit3D,
    load_i3d_checkpoint,
    num_i3d_tokens,
)
from dad_plugins.registry import MODELS

# pytorch-i3d's layout, written out from its description: stem units (name, in, out, kernel),
# Inception blocks (name, in, [b0, b1a, b1b, b2a, b2b, b3b]) and the 1x1x1 logits with bias.
STEM = [('Conv3d_1a_7x7', None, 64, 7), ('Conv3d_2b_1x1', 64, 64, 1), ('Conv3d_2c_3x3', 64, 192, 3)]
MIXED = [
    ('Mixed_3b', 192, [64, 96, 128, 16, 32, 32]),
    ('Mixed_3c', 256, [128, 128, 192, 32, 96, 64]),
    ('Mixed_4b', 480, [192, 96, 208, 16, 48, 64]),
    ('Mixed_4c', 512, [160, 112, 224, 24, 64, 64]),
    ('Mixed_4d', 512, [128, 128, 256, 24, 64, 64]),
    ('Mixed_4e', 512, [112, 144, 288, 32, 64, 64]),
    ('Mixed_4f', 528, [256, 160, 320, 32, 128, 128]),
    ('Mixed_5b', 832, [256, 160, 320, 32, 128, 128]),
    ('Mixed_5c', 832, [384, 192, 384, 48, 128, 128]),
]


def unit_keys(prefix: str, c_in: int, c_out: int, k: int) -> dict[str, tuple[int, ...]]:
    shapes = {f'{prefix}.conv3d.weight': (c_out, c_in, k, k, k)}
    for name in ('weight', 'bias', 'running_mean', 'running_var'):
        shapes[f'{prefix}.bn.{name}'] = (c_out,)
    return shapes


def pytorch_i3d_keys(in_channels: int, num_classes: int) -> dict[str, tuple[int, ...]]:
    shapes = {}
    for name, c_in, c_out, k in STEM:
        shapes |= unit_keys(name, c_in or in_channels, c_out, k)
    for name, c_in, (w0, w1a, w1b, w2a, w2b, w3b) in MIXED:
        shapes |= unit_keys(f'{name}.b0', c_in, w0, 1)
        shapes |= unit_keys(f'{name}.b1a', c_in, w1a, 1)
        shapes |= unit_keys(f'{name}.b1b', w1a, w1b, 3)
        shapes |= unit_keys(f'{name}.b2a', c_in, w2a, 1)
        shapes |= unit_keys(f'{name}.b2b', w2a, w2b, 3)
        shapes |= unit_keys(f'{name}.b3b', c_in, w3b, 1)
    shapes['logits.conv3d.weight'] = (num_classes, 1024, 1, 1, 1)
    shapes['logits.conv3d.bias'] = (num_classes,)
    return shapes


def checkpoint_shapes(model: torch.nn.Module) -> dict[str, tuple[int, ...]]:
    """Keys and shapes of the state dict without the batch-norm counters."""
    return {
        key: tuple(value.shape)
        for key, value in model.state_dict().items()
        if not key.endswith('num_batches_tracked')
    }


@pytest.mark.parametrize(('in_channels', 'num_classes'), [(3, 400), (3, 157), (2, 400)])
def test_state_dict_matches_pytorch_i3d(in_channels, num_classes):
    model = MODELS.build(
        dict(type='InceptionI3d', in_channels=in_channels, num_classes=num_classes)
    )
    expected = pytorch_i3d_keys(in_channels, num_classes)
    assert len(expected) == 287
    assert checkpoint_shapes(model) == expected
    if (in_channels, num_classes) == (3, 400):
        assert round(sum(p.numel() for p in model.parameters()) / 1e6, 2) == 12.70


def test_checkpoint_loads_strictly(tmp_path):
    torch.manual_seed(0)
    source = InceptionI3d(num_classes=157)
    with torch.no_grad():
        for buffer in source.buffers():
            buffer.add_(torch.rand_like(buffer.float()).to(buffer.dtype))
    # As a checkpoint written before batch norm counted its batches.
    state = {k: v for k, v in source.state_dict().items() if 'num_batches_tracked' not in k}
    torch.save(state, tmp_path / 'rgb_charades.pt')
    target = InceptionI3d(num_classes=157)
    load_i3d_checkpoint(target, str(tmp_path / 'rgb_charades.pt'))
    for key, value in state.items():
        assert torch.equal(target.state_dict()[key], value), key
    with pytest.raises(RuntimeError, match='logits.conv3d'):
        load_i3d_checkpoint(InceptionI3d(num_classes=400), str(tmp_path / 'rgb_charades.pt'))
    del state['Mixed_5c.b0.bn.running_mean']
    torch.save(state, tmp_path / 'broken.pt')
    with pytest.raises(RuntimeError, match='Mixed_5c.b0.bn.running_mean'):
        load_i3d_checkpoint(InceptionI3d(num_classes=157), str(tmp_path / 'broken.pt'))


def test_unit3d_pads_like_tensorflow_same():
    torch.manual_seed(0)
    unit = Unit3D(2, 4, (7, 7, 7), (2, 2, 2), use_batch_norm=False, activation=False)
    x = torch.randn(1, 2, 5, 9, 10)
    # TF 'SAME', worked by hand: T=5 (odd) pads 7 - 1 = 6 -> (3, 3); H=9 -> (3, 3);
    # W=10 (even) pads 7 - 2 = 5 -> (2, 3): the extra frame goes to the back.
    expected = F.conv3d(F.pad(x, (2, 3, 3, 3, 3, 3)), unit.conv3d.weight, stride=2)
    out = unit(x)
    assert out.shape == (1, 4, 3, 5, 5)  # ceil(size / 2)
    torch.testing.assert_close(out, expected)

    pool = MaxPool3dSamePadding(kernel_size=(3, 3, 3), stride=(2, 2, 2))
    x = torch.rand(1, 1, 4, 5, 6)
    # T=4 pads 3 - 2 = 1 -> (0, 1); H=5 pads 3 - 1 = 2 -> (1, 1); W=6 -> (0, 1).
    expected = F.max_pool3d(F.pad(x, (0, 1, 1, 1, 0, 1)), 3, stride=2)
    torch.testing.assert_close(pool(x), expected)
    assert pool(x).shape == (1, 1, 2, 3, 3)


def test_pool_equals_pytorch_i3d_avg_pool_at_224():
    model = InceptionI3d()
    x = torch.randn(2, 1024, 4, 7, 7)  # Mixed_5c of 32 frames at 224 x 224
    torch.testing.assert_close(model.pool(x), model.avg_pool(x).flatten(2))


@pytest.fixture(scope='module')
def flow_model() -> InceptionI3d:
    torch.manual_seed(0)
    return InceptionI3d(num_classes=5, in_channels=2).eval()


@pytest.mark.parametrize('num_frames', [9, 16, 17, 24, 33])
def test_token_count(flow_model, num_frames):
    model = flow_model
    x = torch.rand(1, 2, num_frames, 32, 32) * 2 - 1
    with torch.no_grad():
        feats = model.extract_features(x)
        logits = model(x)
    tokens = math.ceil(num_frames / 8) - 1
    assert num_i3d_tokens(num_frames) == tokens
    assert feats.shape == (1, 1024, tokens)
    assert logits.shape == (1, 5, tokens)
    assert torch.isfinite(feats).all()


def test_too_few_frames():
    with pytest.raises(ValueError, match='at least 9 frames'):
        InceptionI3d().extract_features(torch.zeros(1, 3, 8, 32, 32))
    with pytest.raises(ValueError, match='in_channels'):
        InceptionI3d(in_channels=1)
