"""Temporal encoders over clip features."""

from .asl_encoder import ASLEncoder
from .conv_encoder import ConvEncoder
from .deformable_encoder import DeformableEncoder
from .fine_det import FineDet
from .inception_i3d import InceptionI3d
from .mlad_encoder import MLADEncoder

__all__ = [
    'ConvEncoder',
    'FineDet',
    'MLADEncoder',
    'ASLEncoder',
    'DeformableEncoder',
    'InceptionI3d',
]
