"""Load and validate the feature arrays of one video."""

import numpy as np
from mmcv.transforms import BaseTransform

from dad_plugins.registry import TRANSFORMS
from dad_plugins.utils.input_errors import AnnotationError


@TRANSFORMS.register_module()
class LoadClipFeatures(BaseTransform):
    """Load every stream of ``results['feat_paths']`` and check it.

    Adds ``feats`` ``(T, D)`` float32 (the main stream), ``streams`` (dict of the extra streams,
    each ``(T, D_s)``), ``num_tokens`` (T) and ``feature_rate`` (``T / duration``, tokens per
    second). A stream may also be given as an array already in memory instead of a path. A video
    without annotations (inference on its features alone) has ``duration`` None and a given
    ``feature_rate``; its duration becomes ``T / feature_rate``. Any fault (unreadable file, not
    2-D, empty, NaN/inf, dimension differing from the config, extra stream not aligned to T)
    raises :class:`AnnotationError` naming the file (``<array>`` for one in memory), video and
    stream.

    Args:
        feat_dims (dict[str, int] | None): Expected ``D`` per stream (e.g.
            ``dict(feats=1024)``); streams not listed are not checked. Defaults to None.
    """

    def __init__(self, feat_dims: dict[str, int] | None = None) -> None:
        self.feat_dims = dict(feat_dims or {})

    def transform(self, results: dict) -> dict:
        video_id = results['video_id']
        arrays = {
            stream: self._load(path, video_id, stream)
            for stream, path in results['feat_paths'].items()
        }
        num_tokens = len(arrays['feats'])
        for stream, array in arrays.items():
            if len(array) != num_tokens:
                path = results['feat_paths'][stream]
                raise AnnotationError(
                    '<array>' if isinstance(path, np.ndarray) else path,
                    f'has {len(array)} tokens but the main stream has {num_tokens}',
                    video_id,
                    stream,
                )
        results['feats'] = arrays.pop('feats')
        results['streams'] = arrays
        results['num_tokens'] = num_tokens
        if results.get('duration') is None:
            results['duration'] = num_tokens / results['feature_rate']
        results['feature_rate'] = num_tokens / results['duration']
        return results

    def _load(self, path: str | np.ndarray, video_id: str, stream: str) -> np.ndarray:
        if isinstance(path, np.ndarray):
            array, path = path, '<array>'
        else:
            try:
                array = np.load(path, allow_pickle=False)
            except (OSError, ValueError) as error:
                raise AnnotationError(
                    path, f'cannot read features ({error})', video_id, stream
                ) from None
        if array.ndim != 2:
            raise AnnotationError(
                path, f'expected (T, D) features, got shape {array.shape}', video_id, stream
            )
        if array.shape[0] == 0:
            raise AnnotationError(path, 'empty feature array (T = 0)', video_id, stream)
        expected = self.feat_dims.get(stream)
        if expected is not None and array.shape[1] != expected:
            raise AnnotationError(
                path,
                f'feature dim {array.shape[1]} differs from the config ({expected})',
                video_id,
                stream,
            )
        if not np.isfinite(array).all():
            bad = np.argwhere(~np.isfinite(array))[0]
            raise AnnotationError(
                path, f'non-finite value at token {bad[0]}, channel {bad[1]}', video_id, stream
            )
        return array.astype(np.float32, copy=False)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(feat_dims={self.feat_dims})'
