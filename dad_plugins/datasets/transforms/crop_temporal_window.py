"""Crop of a given window of tokens, and the crop shared by every windowing transform."""

from mmcv.transforms import BaseTransform

from dad_plugins.registry import TRANSFORMS


def crop_tokens(results: dict, start: int, end: int) -> dict:
    """Keep tokens ``[start, end)`` of the video in ``results``.

    Crops ``feats``, every extra stream and ``gt_frame_labels``; keeps the segments that overlap
    the window, clipped to it, in seconds of the video (``gt_segments``) and in tokens of the
    window (``gt_token_segments``); records ``window_start`` (first token) and sets
    ``num_tokens`` to ``end - start``.
    """
    window = slice(start, end)
    results['feats'] = results['feats'][window]
    results['streams'] = {name: array[window] for name, array in results['streams'].items()}
    results['gt_frame_labels'] = results['gt_frame_labels'][window]

    token_segments = results['gt_token_segments'] - start
    keep = (token_segments[:, 1] > 0) & (token_segments[:, 0] < end - start)
    results['gt_token_segments'] = token_segments[keep].clip(0, end - start)
    rate = results['feature_rate']
    results['gt_segments'] = results['gt_segments'][keep].clip(start / rate, end / rate)
    results['gt_labels'] = results['gt_labels'][keep]
    results['window_start'] = start
    results['num_tokens'] = end - start
    return results


@TRANSFORMS.register_module()
class CropTemporalWindow(BaseTransform):
    """Crop the window the dataset chose for this sample, ``results['window']``.

    ``window`` is ``(start, stop)`` in tokens of the video, set by
    :class:`~dad_plugins.datasets.SlidingWindowDataset`; a window reaching past the video's end
    stops at its last token (the collate pads it). Crops as :func:`crop_tokens`.
    """

    def transform(self, results: dict) -> dict:
        if 'window' not in results:
            raise KeyError(
                f'CropTemporalWindow: video {results["video_id"]} was given no window; wrap '
                'the dataset in SlidingWindowDataset, or crop with RandomTemporalWindow'
            )
        start, stop = results['window']
        return crop_tokens(results, start, min(stop, results['num_tokens']))
