"""Shared building blocks: attention variants, relative positions, masked temporal ops, norms."""

from .attention_heads import merge_heads, split_heads
from .blockwise_attention import blockwise_attention
from .channel_attention import ChannelAttention
from .class_gaussians import ClassGaussians, normalised_position
from .class_wise_linear import ClassWiseLinear
from .cross_attention_block import CrossAttentionBlock
from .deformable_attention_1d import DeformableAttention1D
from .deformable_transformer_layer import DeformableTransformerLayer
from .local_attention import LocalMultiheadAttention
from .local_relational_block import LocalRelationalBlock
from .masked_conv1d import MaskedConv1d
from .masked_temporal_ops import (
    downsample_mask,
    masked_linear_upsample,
    sinusoidal_position_encoding,
    zero_padding,
)
from .mlad_layer import MLADLayer
from .mlp import mlp
from .norms import channel_layer_norm
from .packed_sequences import check_packed_layout, sequence_positions
from .query_position_ops import (
    boundary_segments,
    instance_segments,
    inverse_sigmoid,
    mutual_refinement,
    sine_position_embedding,
)
from .relative_attention import RelativeMultiheadAttention, relative_position_index
from .rpt_block import RPTBlock
from .rpt_stage import RPTStage
from .self_attention_block import SelfAttentionBlock
from .temporal_channel_block import TemporalChannelBlock

__all__ = [
    'LocalRelationalBlock',
    'MaskedConv1d',
    'RPTBlock',
    'RPTStage',
    'RelativeMultiheadAttention',
    'downsample_mask',
    'masked_linear_upsample',
    'relative_position_index',
    'sinusoidal_position_encoding',
    'zero_padding',
    'ClassWiseLinear',
    'MLADLayer',
    'SelfAttentionBlock',
    'ChannelAttention',
    'ClassGaussians',
    'LocalMultiheadAttention',
    'TemporalChannelBlock',
    'normalised_position',
    'DeformableAttention1D',
    'DeformableTransformerLayer',
    'mlp',
    'boundary_segments',
    'instance_segments',
    'inverse_sigmoid',
    'mutual_refinement',
    'sine_position_embedding',
    'CrossAttentionBlock',
    'channel_layer_norm',
    'blockwise_attention',
    'merge_heads',
    'split_heads',
    'check_packed_layout',
    'sequence_positions',
]
