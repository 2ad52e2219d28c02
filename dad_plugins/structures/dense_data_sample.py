"""The data sample of dense detection: ground truth and predictions of one video or window."""

import torch
from mmaction.structures import ActionDataSample
from mmengine.structures import InstanceData


def _field(name: str, dtype: type, doc: str) -> property:
    """A typed data field stored as ``_<name>`` (mmengine's property convention)."""
    private = f'_{name}'

    def fget(self):
        return getattr(self, private)

    def fset(self, value):
        self.set_field(value, private, dtype=dtype)

    def fdel(self):
        delattr(self, private)

    return property(fget, fset, fdel, doc)


class DenseDataSample(ActionDataSample):
    """Ground truth and predictions of one sample (a whole video, or a training window of one).

    Every field has one frame of reference. *Tokens of the sample* count from the sample's first
    token, which is token ``window_start`` of the video (0 for a whole video); *seconds of the
    video* count from the start of the video.

    Metainfo: ``video_id`` (str), ``duration`` (float, s), ``feature_rate`` (float, tokens per
    second), ``num_tokens`` (int, ``T`` of the sample), ``window_start`` (int, tokens).

    Fields:

    - ``gt_frame_labels``: ``(T, C)`` multi-hot, tokens of the sample.
    - ``gt_entity_labels`` / ``gt_motion_labels``: ``(T, C_kind)`` multi-hot sub-labels, tokens
      of the sample (RefDense).
    - ``gt_instances``: ``segments (M, 2)`` seconds of the video, ``token_segments (M, 2)``
      tokens of the sample, ``labels (M,)``.
    - ``pred_frame_scores``: ``(T, C)`` probabilities, tokens of the sample (the whole video at
      test time).
    - ``pred_instances``: ``segments (N, 2)`` seconds of the video, within ``[0, duration]``,
      ``labels (N,)``, ``scores (N,)`` by descending score.
    - ``pred_layer_instances``: list of the detections of every decoder layer, each in the form
      of ``pred_instances`` (the last is ``pred_instances``), when a detector decodes them all.
    """

    gt_frame_labels = _field('gt_frame_labels', torch.Tensor, '``(T, C)`` per-token labels.')
    gt_entity_labels = _field('gt_entity_labels', torch.Tensor, '``(T, C_ent)`` entity labels.')
    gt_motion_labels = _field('gt_motion_labels', torch.Tensor, '``(T, C_mot)`` motion labels.')
    pred_frame_scores = _field('pred_frame_scores', torch.Tensor, '``(T, C)`` probabilities.')
    pred_instances = _field('pred_instances', InstanceData, 'Detections in seconds of the video.')
    pred_layer_instances = _field(
        'pred_layer_instances', list, 'Detections of every decoder layer, as ``pred_instances``.'
    )

    def tokens_to_seconds(self, tokens: torch.Tensor) -> torch.Tensor:
        """Times in tokens of the sample -> seconds of the video, clipped to ``[0, duration]``.

        Token ``t`` of the sample starts at ``(window_start + t) / feature_rate`` seconds.
        """
        start = self.metainfo.get('window_start', 0)
        seconds = (tokens + start) / self.metainfo['feature_rate']
        return seconds.clamp(0, self.metainfo['duration'])
