"""Pack one video into model inputs and a data sample."""

import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData

from dad_plugins.registry import TRANSFORMS
from dad_plugins.structures import DenseDataSample


@TRANSFORMS.register_module()
class PackDenseInputs(BaseTransform):
    """Turn the results dict into ``inputs``, ``streams`` and ``data_samples``.

    Output:
        - ``inputs``: Tensor ``(D, T)``, the main stream channels-first.
        - ``streams``: dict of Tensors ``(D_s, T)``, the extra streams.
        - ``data_samples``: :class:`DenseDataSample` with ``gt_frame_labels`` ``(T, C)``,
          ``gt_instances`` (``segments`` ``(M, 2)`` seconds, ``token_segments`` ``(M, 2)``,
          ``labels`` ``(M,)``), ``gt_{kind}_labels`` ``(T, C_kind)`` for every sub-label kind of
          ``GenerateSubLabels`` (``gt_entity_labels``, ``gt_motion_labels``) and metainfo
          ``video_id``, ``duration``, ``feature_rate``, ``num_tokens`` (T of this sample),
          ``window_start``. A video without annotations (``gt_frame_labels`` absent, as at
          inference on features alone) gets the metainfo only.
    """

    def transform(self, results: dict) -> dict:
        data_sample = DenseDataSample()
        data_sample.set_metainfo(
            dict(
                video_id=results['video_id'],
                duration=float(results['duration']),
                feature_rate=float(results['feature_rate']),
                num_tokens=int(results['num_tokens']),
                window_start=int(results.get('window_start', 0)),
            )
        )
        if 'gt_frame_labels' in results:
            self._pack_ground_truth(results, data_sample)
        return dict(
            inputs=torch.from_numpy(results['feats']).t().contiguous(),
            streams={
                name: torch.from_numpy(array).t().contiguous()
                for name, array in results['streams'].items()
            },
            data_samples=data_sample,
        )

    @staticmethod
    def _pack_ground_truth(results: dict, data_sample: DenseDataSample) -> None:
        data_sample.gt_frame_labels = torch.from_numpy(results['gt_frame_labels'])
        for kind, labels in results.get('gt_sub_labels', {}).items():
            setattr(data_sample, f'gt_{kind}_labels', torch.from_numpy(labels))
        data_sample.gt_instances = InstanceData(
            segments=torch.as_tensor(results['gt_segments'], dtype=torch.float32).reshape(-1, 2),
            token_segments=torch.as_tensor(
                results['gt_token_segments'], dtype=torch.float32
            ).reshape(-1, 2),
            labels=torch.as_tensor(results['gt_labels'], dtype=torch.long).reshape(-1),
        )
