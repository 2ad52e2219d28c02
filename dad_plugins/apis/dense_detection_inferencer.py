"""Run a trained dense detector on feature files or arrays, without annotations."""

import copy
import functools
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from mmengine.config import Config
from mmengine.dataset import Compose
from mmengine.infer import BaseInferencer
from mmengine.runner.checkpoint import _load_checkpoint_to_model
from mmengine.structures import InstanceData

from dad_plugins.datasets import check_class_count, resolve_dataset_files
from dad_plugins.datasets.annotation_readers import dataset_class_names
from dad_plugins.datasets.video_reading import VIDEO_EXTENSIONS, VideoError
from dad_plugins.engine import (
    check_checkpoint_fits,
    read_checkpoint,
)
from dad_plugins.registry import FUNCTIONS, MODELS
from dad_plugins.structures import DenseDataSample
from dad_plugins.utils.input_errors import AnnotationError
from dad_plugins.utils.setup_env import register_all_modules
from dad_plugins.utils.typing import ConfigType
from dad_plugins.visualization import DenseActionVisualizer

from .video_feature_extractor import ExtractorConfigError, VideoFeatureExtractor

#: Tokens per second when the config states no ``feature_rate``: I3D clips of 8 frames at 24 fps,
#: the rate of the Charades features and of the synthetic dataset.
DEFAULT_FEATURE_RATE = 3.0

#: Transforms of a test pipeline that need annotations; inference leaves them out.
ANNOTATION_TRANSFORMS = frozenset(
    {
        'GenerateFrameLabels',
        'GenerateSubLabels',
        'RandomTemporalWindow',
        'RandomLengthTemporalWindow',
    }
)

FeatureInput = str | Path | np.ndarray | dict


class DenseDetectionInferencer(BaseInferencer):
    """Per-token scores and segments of videos given as clip features or video files.

    The test pipeline of the config, without its annotation transforms (labels, sub-labels,
    random windows), loads and checks the features (``LoadClipFeatures``: dimensions, finite
    values, aligned streams) and packs them; the model predicts as in ``tools/test.py`` (sliding
    windows, the config's post-processor). Works for every detector and for wrappers such as
    ``AssistantParadigm``, whose inference runs the detector alone.

    Inputs (one or a list): a ``.npy`` file of ``(T, D)`` features, an array ``(T, D)``, a folder
    of ``.npy`` files, or for configs with extra streams (RefDense) a dict of stream name to
    path or array (``dict(feats=..., entity=...)``). A file or folder of the main stream finds
    each extra stream in the sibling folder that the config's ``data_prefix`` names, e.g.
    ``features/v1.npy`` -> ``entity_features/v1.npy``. A video's id is its file stem, else
    ``video_<i>``; its duration is ``T / feature_rate``.

    With an ``extractor`` (a :class:`VideoFeatureExtractor`, its config file or dict), inputs
    may also be video files (``.mp4``, ``.avi``, ... in a list or a folder): their features are
    extracted as ``tools/data/extract_features.py`` extracts them, at the extractor's token rate
    (``fps / 8`` for I3D), then predicted. Only single-stream configs take videos.

    Args:
        model (str | Config | dict): Config file or config.
        weights (str, optional): Checkpoint, loaded safely (see
            :func:`~dad_plugins.engine.read_checkpoint`). Defaults to None (random weights, with
            a warning).
        device (str, optional): Defaults to mmengine's choice (CUDA when available).
        feature_rate (float, optional): Tokens per second of the features. Defaults to the
            config's ``feature_rate``, else :data:`DEFAULT_FEATURE_RATE` (3.0).
        strict (bool): Refuse a checkpoint that does not fit the model (see
            :func:`~dad_plugins.engine.check_checkpoint_fits`). Defaults to True.
        trust_checkpoint (bool): Load the checkpoint as a full pickle, which can run code: only
            for files you trust. Defaults to False.
        show_progress (bool): Progress bar over the batches. Defaults to False.
        extractor (str | dict | VideoFeatureExtractor, optional): Feature extractor of video
            inputs; a config file or dict is built on the model's device. Defaults to None
            (feature inputs only).

    Output of ``__call__(inputs, batch_size=1, score_thr=0.0, topk=None, show_dir=None)``:
    ``dict(predictions=[...], visualization=...)`` (the timeline PNG paths with ``show_dir``, else
    None), one prediction per video: ``video_id``, ``duration`` (s),
    ``feature_rate``, ``frame_scores`` (``(T, C)`` nested lists of probabilities) and
    ``segments`` (``[start_s, end_s, class_name, score]`` by descending score, scores at least
    ``score_thr``, at most ``topk``). With ``return_datasamples=True`` the predictions are the
    :class:`~dad_plugins.structures.DenseDataSample`\\ s, their ``pred_instances`` filtered.
    """

    preprocess_kwargs: set = set()
    forward_kwargs: set = set()
    visualize_kwargs: set = {'show_dir'}
    postprocess_kwargs: set = {'score_thr', 'topk'}

    def __init__(
        self,
        model: str | Config | dict,
        weights: str | None = None,
        device: str | None = None,
        feature_rate: float | None = None,
        strict: bool = True,
        trust_checkpoint: bool = False,
        show_progress: bool = False,
        extractor: str | Path | dict | VideoFeatureExtractor | None = None,
    ) -> None:
        register_all_modules()
        self.strict = strict
        self.trust_checkpoint = trust_checkpoint
        cfg = Config.fromfile(model) if isinstance(model, str | Path) else copy.deepcopy(model)
        self.feature_rate = float(feature_rate or cfg.get('feature_rate', DEFAULT_FEATURE_RATE))
        if self.feature_rate <= 0:
            raise ValueError(f'feature_rate must be positive, got {self.feature_rate}')
        resolve_dataset_files(cfg, 'test_dataloader')
        dataset = cfg.test_dataloader.dataset
        self.data_prefix = dict(dataset.get('data_prefix', None) or dict(feats='features'))
        check_class_count(cfg, ('test',))
        self.class_names = dataset_class_names(dataset)
        super().__init__(
            model=cfg, weights=weights, device=device, scope='dad_plugins', show_progress=False
        )
        self.show_progress = show_progress
        self.extractor = self._init_extractor(extractor)

    def class_name(self, label: int) -> str:
        """The name of class ``label``: from the config's class file, else ``class_<label>``."""
        if self.class_names is not None and 0 <= label < len(self.class_names):
            return self.class_names[label]
        return f'class_{label}'

    def _init_extractor(self, extractor) -> VideoFeatureExtractor | None:
        if extractor is None or isinstance(extractor, VideoFeatureExtractor):
            built = extractor
        else:
            device = str(next(self.model.parameters()).device)
            built = VideoFeatureExtractor.from_config(extractor, device=device)
        if built is None:
            return None
        if built.token_rate is None:
            raise ExtractorConfigError('video inputs need an extractor fps above 0 (not native)')
        if built.token_rate != self.feature_rate:
            warnings.warn(
                f'the extractor gives {built.token_rate:g} tokens per second, the features of '
                f'the config {self.feature_rate:g}: the model sees actions at another pace',
                stacklevel=2,
            )
        return built

    def _init_model(self, cfg: ConfigType, weights: str | None, device: str = 'cpu'):
        model = MODELS.build(cfg.model)
        model.cfg = cfg
        if weights is not None:
            checkpoint = read_checkpoint(weights, self.trust_checkpoint)
            check_checkpoint_fits(model, checkpoint, weights, self.strict)
            _load_checkpoint_to_model(model, checkpoint, strict=False)
        else:
            super()._load_weights_to_model(model, None, cfg)
        return model.to(device).eval()

    def _init_pipeline(self, cfg: ConfigType) -> Compose:
        pipeline = [
            transform
            for transform in cfg.test_dataloader.dataset.pipeline
            if transform['type'] not in ANNOTATION_TRANSFORMS
        ]
        return Compose(pipeline)

    def _init_collate(self, cfg: ConfigType):
        collate_cfg = dict(cfg.test_dataloader.get('collate_fn') or {})
        collate_cfg.setdefault('type', 'dad_plugins.datasets.dense_collate')
        collate_fn = FUNCTIONS.get(collate_cfg.pop('type'))
        return functools.partial(collate_fn, **collate_cfg)

    def _init_visualizer(self, cfg: ConfigType) -> DenseActionVisualizer:
        visualizer = DenseActionVisualizer(name=f'dense_detection_inferencer_{id(self)}')
        if self.class_names is not None:
            visualizer.dataset_meta = dict(classes=self.class_names)
        return visualizer

    def _inputs_to_list(self, inputs) -> list[dict]:
        """One pipeline input (``video_id``, ``feat_paths``, ``feature_rate``) per video."""
        if isinstance(inputs, str | Path | np.ndarray | dict):
            inputs = [inputs]
        items = []
        suffixes = ('.npy', *VIDEO_EXTENSIONS) if self.extractor is not None else ('.npy',)
        for item in inputs:
            if isinstance(item, str | Path) and Path(item).is_dir():
                files = sorted(p for p in Path(item).iterdir() if p.suffix.lower() in suffixes)
                if not files:
                    what = ' or videos' if self.extractor is not None else ''
                    raise AnnotationError(item, f'no .npy feature files{what} in this folder')
                items.extend(files)
            else:
                items.append(item)
        return [self._video_input(item, index) for index, item in enumerate(items)]

    def _video_input(self, item: FeatureInput, index: int) -> dict:
        if isinstance(item, str | Path) and Path(item).suffix.lower() in VIDEO_EXTENSIONS:
            return self._video_file_input(Path(item))
        if isinstance(item, dict):
            streams = dict(item)
            if 'feats' not in streams:
                raise KeyError(f"a dict input needs the main stream 'feats', got {sorted(streams)}")
        else:
            streams = dict(feats=item)
            if not isinstance(item, np.ndarray):
                folder = Path(item).parent.parent
                for name, prefix in self.data_prefix.items():
                    if name != 'feats':
                        streams[name] = folder / prefix / Path(item).name
        main = streams['feats']
        video_id = f'video_{index}' if isinstance(main, np.ndarray) else Path(main).stem
        for name, stream in streams.items():
            if not isinstance(stream, np.ndarray) and not Path(stream).is_file():
                raise AnnotationError(stream, 'feature file not found', video_id, name)
        feat_paths = {
            name: stream if isinstance(stream, np.ndarray) else str(stream)
            for name, stream in streams.items()
        }
        return dict(
            video_id=video_id, duration=None, feature_rate=self.feature_rate, feat_paths=feat_paths
        )

    def _video_file_input(self, path: Path) -> dict:
        if self.extractor is None:
            raise AnnotationError(path, 'a video input needs an extractor config (--extractor)')
        if not path.is_file():
            raise AnnotationError(path, 'video file not found', path.stem)
        extra = sorted(name for name in self.data_prefix if name != 'feats')
        if extra:
            raise AnnotationError(
                path, f'a video gives the main stream only; the config also needs {extra}'
            )
        return dict(
            video_id=path.stem,
            duration=None,
            feature_rate=self.extractor.token_rate,
            video_path=str(path),
        )

    def _extract(self, item: dict) -> dict:
        """Replace a video input's ``video_path`` by its extracted features."""
        if 'video_path' not in item:
            return item
        item = dict(item)
        path = item.pop('video_path')
        try:
            item['feat_paths'] = dict(feats=self.extractor(path))
        except VideoError as error:
            raise AnnotationError(path, str(error), item['video_id']) from None
        return item

    def preprocess(self, inputs: list[dict], batch_size: int = 1, **kwargs) -> Iterable[dict]:
        """Extract the features of video inputs, run the pipeline and collate batches."""
        samples = (self.pipeline(self._extract(item)) for item in inputs)
        yield from map(self.collate_fn, self._get_chunk_data(samples, batch_size))

    def __call__(self, inputs, return_datasamples: bool = False, batch_size: int = 1, **kwargs):
        """Predict ``inputs`` (see the class docstring); ``score_thr`` and ``topk`` filter the
        segments."""
        preprocess_kwargs, forward_kwargs, visualize_kwargs, postprocess_kwargs = (
            self._dispatch_kwargs(**kwargs)
        )
        ori_inputs = self._inputs_to_list(inputs)
        batches = self.preprocess(ori_inputs, batch_size=batch_size, **preprocess_kwargs)
        if self.show_progress:
            from tqdm import tqdm

            num_batches = -(-len(ori_inputs) // batch_size)
            batches = tqdm(batches, total=num_batches, desc='Inference', unit='batch')
        preds = []
        for data in batches:
            preds.extend(self.forward(data, **forward_kwargs))
        visualization = self.visualize(ori_inputs, preds, **visualize_kwargs)
        return self.postprocess(preds, visualization, return_datasamples, **postprocess_kwargs)

    def visualize(self, inputs: list, preds: list, show_dir: str | None = None) -> list | None:
        """With ``show_dir``, draw every video's timeline (:class:`DenseActionVisualizer`) into
        ``show_dir/{video_id}.png`` and return the paths; else None."""
        if show_dir is None:
            return None
        paths = []
        for sample in preds:
            video_id = sample.metainfo['video_id']
            paths.append(str(Path(show_dir) / f'{video_id}.png'))
            self.visualizer.add_datasample(video_id, sample, draw_gt=False, out_file=paths[-1])
        return paths

    def postprocess(
        self,
        preds: Sequence[DenseDataSample],
        visualization=None,
        return_datasample: bool = False,
        score_thr: float = 0.0,
        topk: int | None = None,
    ) -> dict:
        for sample in preds:
            sample.pred_instances = filter_instances(sample.pred_instances, score_thr, topk)
        if return_datasample:
            return dict(predictions=list(preds), visualization=visualization)
        return dict(predictions=[self.pred_to_dict(s) for s in preds], visualization=visualization)

    def pred_to_dict(self, sample: DenseDataSample) -> dict:
        """A JSON-ready prediction of one video (see the class docstring)."""
        instances = sample.pred_instances
        segments = [
            [float(start), float(end), self.class_name(int(label)), float(score)]
            for (start, end), label, score in zip(
                instances.segments.tolist(), instances.labels.tolist(), instances.scores.tolist()
            )
        ]
        return dict(
            video_id=sample.video_id,
            duration=float(sample.duration),
            feature_rate=float(sample.feature_rate),
            frame_scores=sample.pred_frame_scores.cpu().tolist(),
            segments=segments,
        )


def filter_instances(instances: InstanceData, score_thr: float = 0.0, topk: int | None = None):
    """Detections scoring at least ``score_thr``, the ``topk`` best (all when None), by score."""
    keep = instances.scores >= score_thr
    instances = instances[keep.cpu()]
    order = instances.scores.argsort(descending=True, stable=True)
    if topk is not None:
        order = order[:topk]
    return instances[order.cpu()]
