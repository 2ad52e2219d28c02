"""Rows that hold several videos: the layout rule and per-video positions.

A packed row (see :func:`~dad_plugins.datasets.dense_collate` with ``pack_length``) carries
``sequence_ids`` ``(B, T)``: the video of every token, -1 on padding. Attention is restricted to
tokens of the same video (:func:`~dad_plugins.models.layers.blockwise_attention.attention_allowed`),
and zeroed padding between videos keeps convolutions and interpolation from crossing a boundary.
"""

import torch
import torch.nn.functional as F


def check_packed_layout(sequence_ids: torch.Tensor, align: int, owner: str) -> None:
    """Raise unless every video starts at a multiple of ``align`` after ``align`` padding tokens.

    A video that starts a row needs no padding before it. With ``align`` the largest stride of a
    stack of ``kernel_size = 3`` convolutions ('same' padding, stride ``s`` dividing ``align``)
    and linear upsampling (:func:`masked_linear_upsample`), every valid output of a video then
    depends on that video only and equals its output when the video is alone: strided tokens
    are centred on the same tokens of the video, and the first strided token after its end is
    padding.

    Args:
        sequence_ids (Tensor): ``(B, T)`` int64, video of every token, -1 on padding.
        align (int): Required alignment and least gap in tokens.
        owner (str): Name of the module, for the error.
    """
    length = sequence_ids.shape[1]
    index = torch.arange(length, device=sequence_ids.device)  # (T,)
    valid = sequence_ids >= 0
    previous_id = F.pad(sequence_ids, (1, 0), value=-1)[:, :-1]
    starts = valid & (sequence_ids != previous_id)  # (B, T): first token of each video
    last_valid = torch.where(valid, index, -length - align).cummax(dim=1).values  # (B, T)
    valid_before = F.pad(last_valid, (1, 0), value=-length - align)[:, :-1]  # strictly before t
    fits = (index % align == 0) & (index - valid_before > align)
    if (starts & ~fits).any():
        raise ValueError(
            f'{owner} needs packed videos to start at multiples of {align} tokens, after at '
            f'least {align} padding tokens: collate with dense_collate(pack_align={align})'
        )


def sequence_positions(sequence_ids: torch.Tensor) -> torch.Tensor:
    """Index of every token within its own video.

    Args:
        sequence_ids (Tensor): ``(B, T)`` int64, video of every token, -1 on padding; each video
            one run of tokens.

    Returns:
        Tensor: ``(B, T)`` int64, ``0 .. L_i - 1`` on the tokens of video ``i`` (unspecified,
        non-negative on padding).
    """
    index = torch.arange(sequence_ids.shape[1], device=sequence_ids.device)  # (T,)
    previous_id = F.pad(sequence_ids, (1, 0), value=-2)[:, :-1]
    run_start = torch.where(sequence_ids != previous_id, index, 0).cummax(dim=1).values
    return index - run_start
