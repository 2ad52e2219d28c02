"""Count the FLOPs and parameters of a config's model at inference on one video of T tokens.

Usage: python tools/analysis/get_flops.py CONFIG [--num-tokens 256] [--elementwise]
       [--by-operator] [--data-root DIR] [--cfg-options k=v ...]

Counting follows fvcore / mmengine's convention, the one behind the GFLOPs the papers report: one
fused multiply-add counts as one FLOP, for convolutions, linear layers, matrix products, einsum
and ``scaled_dot_product_attention`` (added here: mmengine does not count it); normalisation layers
count as mmengine counts them. Element-wise operations (activations, additions, softmax) are not
counted unless ``--elementwise`` is given (one FLOP per output element). The model runs in
``'tensor'`` mode on a ``(1, D, T)`` input with an all-valid mask, plus one ``(1, D_s, T)`` input
per extra stream the config's ``feat_dims`` lists (e.g. RefDense's entity stream) and, for models
trained with a paradigm (e.g. PAT's assistant branch), only the part used at inference is
counted. ``--by-operator`` adds the count of each operator (``FlopAnalyzer.by_operator()``,
e.g. ``linear``, ``einsum``, ``scaled_dot_product_attention``). Losses are not part of
inference: configs with CoLV losses build them from cached text embeddings (read under the test
dataset's ``data_root``, which ``--data-root`` sets), so pass
``--cfg-options model.head.loss_colv=None`` when those files are absent.
"""

import argparse
from collections.abc import Sequence

import torch
from mmengine.analysis import FlopAnalyzer, parameter_count
from mmengine.config import Config
from torch import nn

from dad_plugins.datasets import resolve_dataset_files
from dad_plugins.engine import add_cfg_options, add_data_root_option, load_config
from dad_plugins.registry import MODELS
from dad_plugins.utils import register_all_modules
from dad_plugins.utils.input_errors import exit_on_input_error

ELEMENTWISE_OPS = (
    'aten::add',
    'aten::add_',
    'aten::sub',
    'aten::mul',
    'aten::mul_',
    'aten::div',
    'aten::relu',
    'aten::relu_',
    'aten::gelu',
    'aten::sigmoid',
    'aten::softmax',
    'aten::tanh',
    'aten::exp',
    'aten::rsub',
    'aten::masked_fill',
    'aten::clamp',
    'aten::upsample_linear1d',
)


def sdpa_flop_jit(inputs: Sequence, outputs: Sequence) -> int:
    """MACs of ``softmax(Q K^T) V``: ``2 * B * H * T_q * T_k * d`` (d of queries and values)."""
    query, key = inputs[0].type().sizes(), inputs[1].type().sizes()
    value = inputs[2].type().sizes()
    batch = 1
    for size in query[:-2]:
        batch *= size
    return batch * query[-2] * key[-2] * (query[-1] + value[-1])


def elementwise_flop_jit(inputs: Sequence, outputs: Sequence) -> int:
    """One FLOP per output element."""
    sizes = outputs[0].type().sizes()
    count = 1
    for size in sizes or ():
        count *= size
    return count


class InferenceGraph(nn.Module):
    """``model(inputs, mode='tensor', masks=..., streams=...)`` with a traceable signature."""

    def __init__(self, model: nn.Module, stream_names: Sequence[str] = ()) -> None:
        super().__init__()
        self.model = model
        self.stream_names = tuple(stream_names)

    def forward(self, inputs: torch.Tensor, masks: torch.Tensor, *streams: torch.Tensor):
        named = dict(zip(self.stream_names, streams))
        return self.model(inputs, None, 'tensor', masks=masks, streams=named)


def inference_model(cfg: Config) -> nn.Module:
    """The model that runs at inference: the detector inside a training paradigm."""
    model = MODELS.build(cfg.model)
    return getattr(model, 'detector', model).eval()


def count(
    cfg: Config, num_tokens: int, elementwise: bool = False
) -> tuple[float, int, dict[str, int]]:
    """FLOPs, parameters and FLOPs by operator of the inference model on one
    ``(1, D, num_tokens)`` video."""
    model = inference_model(cfg)
    in_channels = cfg.get('feat_dim')
    if in_channels is None:
        raise KeyError('the config defines no feat_dim; add --cfg-options feat_dim=D')
    inputs = torch.randn(1, in_channels, num_tokens)
    masks = torch.ones(1, num_tokens, dtype=torch.bool)
    stream_dims = {k: v for k, v in cfg.get('feat_dims', {}).items() if k != 'feats'}
    streams = tuple(torch.randn(1, dims, num_tokens) for dims in stream_dims.values())
    analyzer = FlopAnalyzer(InferenceGraph(model, list(stream_dims)), (inputs, masks, *streams))
    analyzer.set_op_handle('aten::scaled_dot_product_attention', sdpa_flop_jit)
    if elementwise:
        analyzer.set_op_handle(**{op: elementwise_flop_jit for op in ELEMENTWISE_OPS})
    analyzer.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
    with torch.no_grad():
        flops = analyzer.total()
    return flops, parameter_count(model)[''], dict(analyzer.by_operator())


def main() -> None:
    parser = argparse.ArgumentParser(description='FLOPs of a model at inference')
    parser.add_argument('config', help='config file')
    parser.add_argument('--num-tokens', type=int, default=256, help='T of the input video')
    parser.add_argument('--elementwise', action='store_true', help='count element-wise ops')
    parser.add_argument(
        '--by-operator', action='store_true', help='also print the GFLOPs of each operator'
    )
    add_data_root_option(parser)
    add_cfg_options(parser, 'model.head.loss_colv=None')
    args = parser.parse_args()
    cfg = load_config(args.config, args.cfg_options, args.data_root)
    register_all_modules()
    with exit_on_input_error():
        resolve_dataset_files(cfg, 'test_dataloader')
        flops, params, by_operator = count(cfg, args.num_tokens, args.elementwise)
    print(f'config: {args.config}')
    streams = ''.join(
        f' + {name} (1, {dims}, {args.num_tokens})'
        for name, dims in cfg.get('feat_dims', {}).items()
        if name != 'feats'
    )
    print(f'input: (1, {cfg.get("feat_dim", "D")}, {args.num_tokens}) features{streams}, one video')
    print(f'GFLOPs: {flops / 1e9:.2f}')
    print(f'params: {params / 1e6:.2f} M')
    if args.by_operator:
        width = max(map(len, by_operator), default=0)
        print('GFLOPs by operator:')
        for operator, operator_flops in sorted(by_operator.items(), key=lambda kv: -kv[1]):
            print(f'  {operator:<{width}}  {operator_flops / 1e9:.3f}')


if __name__ == '__main__':
    main()
