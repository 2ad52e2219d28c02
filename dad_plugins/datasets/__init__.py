"""Datasets: annotation readers, label rule, sliding training windows, transforms, collate,
synthetic generator."""

from dad_plugins.structures.label_rules import LABEL_RULES, segments_to_frame_labels
from dad_plugins.utils.input_errors import AnnotationError

from .annotation_cleaning import AnnotationWarning, clean_annotations
from .annotation_readers import (
    ANNOTATION_FORMATS,
    ClassNames,
    VideoAnnotation,
    read_annotations,
    read_class_names,
)
from .class_count import check_class_count
from .dataset_files import check_dataset_files, resolve_dataset_files, under_data_root
from .dense_collate import dense_collate
from .dense_feature_dataset import DenseFeatureDataset
from .length_grouped_batch_sampler import LengthGroupedBatchSampler
from .sliding_window_dataset import SlidingWindowDataset
from .sub_label_map import (
    SUB_LABEL_KINDS,
    SubLabelMap,
    propose_sub_label_map,
    read_sub_label_map,
)
from .transforms import *  # noqa: F401,F403
from .video_packing import pack_videos

__all__ = [
    'ANNOTATION_FORMATS',
    'LABEL_RULES',
    'AnnotationError',
    'AnnotationWarning',
    'ClassNames',
    'DenseFeatureDataset',
    'LengthGroupedBatchSampler',
    'SlidingWindowDataset',
    'SubLabelMap',
    'VideoAnnotation',
    'check_class_count',
    'check_dataset_files',
    'clean_annotations',
    'dense_collate',
    'pack_videos',
    'SUB_LABEL_KINDS',
    'propose_sub_label_map',
    'read_annotations',
    'read_class_names',
    'read_sub_label_map',
    'resolve_dataset_files',
    'segments_to_frame_labels',
    'under_data_root',
]
