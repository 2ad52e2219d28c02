"""Collate videos of different lengths into one padded batch with a mask."""

from collections.abc import Sequence

import torch

from dad_plugins.registry import FUNCTIONS

from .video_packing import pack_videos


@FUNCTIONS.register_module()
def dense_collate(
    batch: Sequence[dict],
    min_length: int = 1,
    size_divisor: int = 1,
    pack_length: int | None = None,
    pack_align: int = 1,
) -> dict:
    """Pad the outputs of :class:`PackDenseInputs` to one length and build the mask.

    By default every video gets a row. With ``pack_length``, several videos share a row of at
    most ``pack_length`` tokens (:func:`pack_videos`, as few rows as it finds): far fewer padded
    tokens are computed when videos are shorter than the window, and the training losses are
    those of the same videos one per row (every loss is a sum over valid tokens divided by
    their number). Only models whose every temporal layer honours video boundaries take packed
    batches: PAT's ``FineDet`` and ``CoarseDet`` in a ``FrameDetector``, also under
    ``AssistantParadigm``. Set ``pack_align`` to the model's largest stride
    (``2 ** num_branches`` with ``CoarseDet``, 1 without a neck). Each data sample then gets
    metainfo ``packed_row`` and ``packed_start``, where its tokens lie.

    Args:
        batch (Sequence[dict]): Each with ``inputs`` ``(D, T_i)``, ``streams`` and
            ``data_samples``.
        min_length (int): Pad to at least this many tokens (e.g. the training window, so that
            short videos are padded to ``T``). Defaults to 1.
        size_divisor (int): Round the padded length up to a multiple of this. Defaults to 1.
        pack_length (int, optional): Pack videos into rows of at most this many tokens (e.g.
            the training window). Defaults to None: one video per row.
        pack_align (int): With ``pack_length``: videos start at multiples of this many tokens,
            after at least as many padding tokens. Defaults to 1.

    Returns:
        dict: ``inputs`` ``(B, D, T)``, ``masks`` ``(B, T)`` bool (True on real tokens),
        ``data_samples`` (list, in the order of ``batch``) and, when the videos have extra
        streams, ``streams`` (dict of ``(B, D_s, T)``). ``B`` is the number of rows. With
        ``pack_length`` also ``sequence_ids`` ``(B, T)`` int64: the index of each token's video
        in ``data_samples``, -1 on padding.
    """
    lengths = [item['inputs'].shape[-1] for item in batch]
    if pack_length is None:
        places = [(index, 0) for index in range(len(batch))]
    else:
        places = pack_videos(lengths, pack_length, pack_align)
    rows = 1 + max(row for row, _ in places)
    length = max(max(start + n for (_, start), n in zip(places, lengths)), min_length)
    length = -(-length // size_divisor) * size_divisor
    sequence_ids = torch.full((rows, length), -1, dtype=torch.long)
    for index, ((row, start), n) in enumerate(zip(places, lengths)):
        sequence_ids[row, start : start + n] = index

    def place(tensors: Sequence[torch.Tensor]) -> torch.Tensor:
        """``(D, T_i)`` tensors at their places in zeros ``(B, D, T)``."""
        out = tensors[0].new_zeros(rows, tensors[0].shape[0], length)
        for tensor, (row, start), n in zip(tensors, places, lengths):
            out[row, :, start : start + n] = tensor
        return out

    collated = dict(
        inputs=place([item['inputs'] for item in batch]),
        masks=sequence_ids >= 0,
        data_samples=[item['data_samples'] for item in batch],
    )
    if pack_length is not None:
        collated['sequence_ids'] = sequence_ids
        for sample, (row, start) in zip(collated['data_samples'], places):
            sample.set_metainfo(dict(packed_row=row, packed_start=start))
    stream_names = batch[0]['streams'].keys()
    if stream_names:
        collated['streams'] = {
            name: place([item['streams'][name] for item in batch]) for name in stream_names
        }
    return collated
