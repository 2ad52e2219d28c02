"""Dense entity and motion sub-labels from the action labels of one video."""

from mmcv.transforms import BaseTransform

from dad_plugins.registry import TRANSFORMS


@TRANSFORMS.register_module()
class GenerateSubLabels(BaseTransform):
    """Add ``gt_sub_labels``: ``{'entity': (T, C_ent), 'motion': (T, C_mot)}`` multi-hot labels.

    RefDense Sec. 3.2: a sub-class is present at a token iff an action mapped to it is, so the
    sub-labels keep the temporal boundaries of the action labels. The map comes from the
    dataset's ``sub_label_file``; place the transform after ``GenerateFrameLabels`` (and after
    any temporal window, which then needs no knowledge of sub-labels).
    """

    def transform(self, results: dict) -> dict:
        sub_label_map = results.get('sub_label_map')
        if sub_label_map is None:
            raise KeyError(
                f'GenerateSubLabels needs a sub-label map for video {results["video_id"]}: '
                'give the dataset a sub_label_file'
            )
        results['gt_sub_labels'] = sub_label_map.sub_labels(results['gt_frame_labels'])
        return results
