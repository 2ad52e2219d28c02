"""FLOP counting of configs with extra feature streams."""

import runpy

from mmengine.config import Config

from .runner import REPO, run_tool_in_process

count = runpy.run_path(str(REPO / 'tools/analysis/get_flops.py'))['count']


def refdense_config(entity_dims: int) -> Config:
    cfg = Config.fromfile(REPO / 'configs/refdense/refdense_synthetic.py')
    cfg.merge_from_dict(
        {
            'model.head.loss_colv': None,
            'model.entity_encoder.in_channels': entity_dims,
            'feat_dims.entity': entity_dims,
        }
    )
    return cfg


def test_the_entity_stream_is_counted():
    (flops_16, params_16, _), (flops_32, params_32, _) = (
        count(refdense_config(dims), num_tokens=64) for dims in (16, 32)
    )
    # only the entity encoder's input convolution (kernel 3, 128 outputs) grows, per token
    assert flops_32 - flops_16 == 64 * 16 * 128 * 3
    assert params_32 - params_16 == 16 * 128 * 3


def test_operators_add_up_to_the_total():
    cfg = Config.fromfile(REPO / 'configs/baseline/baseline_synthetic.py')
    flops, _, by_operator = count(cfg, num_tokens=10)
    # the baseline's 1 x 1 convolutions, 64 -> 256 -> 256 -> 24 channels, on 10 tokens
    assert by_operator == {'conv': 10 * (64 * 256 + 256 * 256 + 256 * 24)}
    assert sum(by_operator.values()) == flops


def test_missing_text_embeddings_are_one_error_line(tmp_path):
    config = str(REPO / 'configs/refdense/refdense_synthetic.py')
    # from another folder, where the config's relative text-embedding paths do not exist
    result = run_tool_in_process('tools/analysis/get_flops.py', [config], cwd=tmp_path)
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith('error: class text embedding file')
