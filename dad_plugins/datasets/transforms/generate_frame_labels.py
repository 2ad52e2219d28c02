"""Per-token labels and token-unit segments from the annotations of one video."""

from mmcv.transforms import BaseTransform

from dad_plugins.registry import TRANSFORMS
from dad_plugins.structures.label_rules import segments_to_frame_labels
from dad_plugins.structures.token_times import seconds_to_tokens


@TRANSFORMS.register_module()
class GenerateFrameLabels(BaseTransform):
    """Add ``gt_frame_labels`` ``(T, C)`` and ``gt_token_segments`` ``(M, 2)``.

    Labels follow :func:`~dad_plugins.structures.label_rules.segments_to_frame_labels`;
    ``gt_token_segments`` are the segments in token units (seconds times the feature rate).

    Args:
        rule (str): Label rule, ``'mstct'`` (default), ``'mlad'`` or ``'pointtad'``.
    """

    def __init__(self, rule: str = 'mstct') -> None:
        self.rule = rule

    def transform(self, results: dict) -> dict:
        results['gt_frame_labels'] = segments_to_frame_labels(
            results['gt_segments'],
            results['gt_labels'],
            results['num_tokens'],
            results['feature_rate'],
            results['num_classes'],
            self.rule,
        )
        results['gt_token_segments'] = seconds_to_tokens(
            results['gt_segments'], results['feature_rate']
        )
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(rule={self.rule!r})'
