"""mmaction2-shaped functions: build a detector from a config and predict one or more videos."""

from pathlib import Path

import numpy as np
from mmengine.config import Config

from dad_plugins.structures import DenseDataSample

from .dense_detection_inferencer import DenseDetectionInferencer, FeatureInput
from .video_feature_extractor import VideoFeatureExtractor


def init_detector(
    config: str | Path | Config,
    checkpoint: str | None = None,
    device: str = 'cpu',
    feature_rate: float | None = None,
    strict: bool = True,
    extractor: str | Path | dict | VideoFeatureExtractor | None = None,
    trust_checkpoint: bool = False,
) -> DenseDetectionInferencer:
    """Build a detector from a config (and checkpoint) for :func:`inference_detector`.

    As mmaction2's ``init_recognizer``, but the returned object is the
    :class:`DenseDetectionInferencer`, which holds the model (``.model``, in eval mode), the
    test pipeline without annotation transforms and the class names.

    Args:
        config (str | Path | Config): Config file or config.
        checkpoint (str, optional): Checkpoint file. Defaults to None (random weights).
        device (str): Defaults to ``'cpu'``.
        feature_rate (float, optional): Tokens per second of the features; see
            :class:`DenseDetectionInferencer`.
        strict (bool): Refuse a checkpoint that does not fit the model. Defaults to True.
        extractor (str | Path | dict | VideoFeatureExtractor, optional): Feature extractor
            of video file inputs (its config file or settings). Defaults to None.
        trust_checkpoint (bool): Load the checkpoint as a full pickle (it can run code).
            Defaults to False (safe loading).

    Returns:
        DenseDetectionInferencer: The detector with its pipeline.
    """
    config = str(config) if isinstance(config, Path) else config
    return DenseDetectionInferencer(
        config,
        checkpoint,
        device=device,
        feature_rate=feature_rate,
        strict=strict,
        extractor=extractor,
        trust_checkpoint=trust_checkpoint,
    )


def inference_detector(
    model: DenseDetectionInferencer, inputs: FeatureInput | list[FeatureInput]
) -> DenseDataSample | list[DenseDataSample]:
    """Predict videos with a detector of :func:`init_detector`.

    Args:
        model (DenseDetectionInferencer): The detector.
        inputs: One video (a ``.npy`` path, a ``(T, D)`` array, a dict of streams or, with an
            extractor, a video file) or a list of them, or a folder.

    Returns:
        DenseDataSample | list[DenseDataSample]: For one video its data sample, else one per
        video: ``pred_frame_scores`` ``(T, C)`` and ``pred_instances`` (``segments`` in seconds,
        ``labels``, ``scores``) and the metainfo ``video_id``, ``duration``, ``feature_rate``,
        ``num_tokens``.
    """
    predictions = model(inputs, return_datasamples=True)['predictions']
    single = isinstance(inputs, np.ndarray | dict) or (
        isinstance(inputs, str | Path) and not Path(inputs).is_dir()
    )
    return predictions[0] if single else predictions
