"""Dataset of pre-extracted clip features with dense multi-label annotations."""

from pathlib import Path

import numpy as np
from mmengine.dataset import BaseDataset

from dad_plugins.registry import DATASETS
from dad_plugins.utils.input_errors import AnnotationError

from .annotation_cleaning import clean_annotations
from .annotation_readers import read_annotations, read_class_names
from .sub_label_map import read_sub_label_map


@DATASETS.register_module()
class DenseFeatureDataset(BaseDataset):
    """Videos as clip-feature arrays with per-segment multi-label annotations.

    Each video has one ``.npy`` of shape ``(T, D)`` per stream, named ``{video_id}.npy``: the main
    stream under ``data_prefix['feats']`` and optional extra streams (e.g. CLIP image features,
    ``data_prefix['entity']``) aligned to the same ``T``. Annotations come in any form of
    :mod:`~dad_plugins.datasets.annotation_readers`; dirty segments follow the policy of
    :mod:`~dad_plugins.datasets.annotation_cleaning`.

    Args:
        ann_file (str): Annotation file (relative to ``data_root`` unless absolute).
        class_file (str): Class-name file (relative to ``data_root`` unless absolute).
        data_prefix (dict): Feature folder of each stream; ``'feats'`` is the main stream.
            Defaults to ``dict(feats='features')``.
        ann_format (str): ``'mstct'``, ``'charades_csv'`` or ``'activitynet'``.
            Defaults to ``'mstct'``.
        subset (str | list[str] | None): Keep only videos of these subsets (e.g.
            ``'training'``); None keeps all. For ``'charades_csv'`` the file is one split and
            every video is given this subset. Defaults to None.
        strict (bool): Dirty segments raise instead of being repaired. Defaults to False.
        sub_label_file (str, optional): Entity/motion sub-label map (relative to ``data_root``
            unless absolute; see :mod:`~dad_plugins.datasets.sub_label_map`), checked against
            the class names and handed to ``GenerateSubLabels`` as ``results['sub_label_map']``.
            Defaults to None.
        **kwargs: Passed to :class:`mmengine.dataset.BaseDataset` (``pipeline``, ``data_root``,
            ``test_mode``, ...).
    """

    METAINFO: dict = dict(classes=None)

    def __init__(
        self,
        ann_file: str,
        class_file: str,
        data_prefix: dict | None = None,
        ann_format: str = 'mstct',
        subset: str | list[str] | None = None,
        strict: bool = False,
        sub_label_file: str | None = None,
        **kwargs,
    ) -> None:
        self.class_file = class_file
        self.sub_label_file = sub_label_file
        self.sub_label_map = None  # read with the annotations
        self.ann_format = ann_format
        self.subset = subset
        self.strict = strict
        super().__init__(
            ann_file=ann_file, data_prefix=data_prefix or dict(feats='features'), **kwargs
        )

    def _join_prefix(self) -> None:
        super()._join_prefix()
        if self.data_root and not Path(self.class_file).is_absolute():
            self.class_file = str(Path(self.data_root) / self.class_file)
        if self.data_root and self.sub_label_file and not Path(self.sub_label_file).is_absolute():
            self.sub_label_file = str(Path(self.data_root) / self.sub_label_file)

    def load_data_list(self) -> list[dict]:
        """Read, clean and select the annotations; check that every feature file exists."""
        if 'feats' not in self.data_prefix:
            raise KeyError(f"data_prefix needs a 'feats' folder, got {self.data_prefix}")
        classes = read_class_names(self.class_file)
        self._metainfo['classes'] = tuple(classes.names)
        if self.sub_label_file is not None:
            self.sub_label_map = read_sub_label_map(self.sub_label_file, classes.names)
            self._metainfo['entity_classes'] = self.sub_label_map.entity_classes
            self._metainfo['motion_classes'] = self.sub_label_map.motion_classes
        csv_subset = self.subset if isinstance(self.subset, str) else None
        videos = read_annotations(self.ann_file, classes, self.ann_format, csv_subset)
        clean_annotations(videos, self.ann_file, self.strict)
        if self.subset is not None:
            unassigned = next((video for video in videos if video.subset is None), None)
            if unassigned is not None:
                raise AnnotationError(
                    self.ann_file,
                    f'no subset, so subset={self.subset!r} cannot select it',
                    unassigned.video_id,
                    'subset',
                )
            wanted = {self.subset} if isinstance(self.subset, str) else set(self.subset)
            present = sorted({video.subset for video in videos})
            videos = [video for video in videos if video.subset in wanted]
            if not videos:
                raise AnnotationError(
                    self.ann_file,
                    f'no video in subset {self.subset!r}; the file has {present}',
                    field_name='subset',
                )
        data_list = []
        for video in videos:
            if Path(video.video_id).name != video.video_id or video.video_id in ('', '.', '..'):
                raise AnnotationError(
                    self.ann_file,
                    'a video id must be a file name: it may not leave the feature folder',
                    video.video_id,
                    'video_id',
                )
            paths = {
                stream: str(Path(folder) / f'{video.video_id}.npy')
                for stream, folder in self.data_prefix.items()
            }
            data_list.append(
                dict(
                    video_id=video.video_id,
                    subset=video.subset,
                    duration=video.duration,
                    gt_segments=video.segments.astype(np.float32),
                    gt_labels=video.labels,
                    num_classes=len(classes.names),
                    feat_paths=paths,
                )
            )
        self._check_feature_files(data_list)
        return data_list

    def get_data_info(self, idx: int) -> dict:
        """The video's info, with the dataset's sub-label map (shared, not stored per video)."""
        info = super().get_data_info(idx)
        info['sub_label_map'] = self.sub_label_map
        return info

    def _check_feature_files(self, data_list: list[dict]) -> None:
        missing = [
            (info['video_id'], stream, path)
            for info in data_list
            for stream, path in info['feat_paths'].items()
            if not Path(path).is_file()
        ]
        if missing:
            video_id, stream, path = missing[0]
            more = f' ({len(missing) - 1} more missing)' if len(missing) > 1 else ''
            raise AnnotationError(path, f'feature file not found{more}', video_id, stream)
