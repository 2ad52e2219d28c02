"""Registered action-conditional metrics (MLAD)."""

from collections.abc import Sequence

from dad_plugins.registry import METRICS

from ..functional import action_conditional_metrics_multi, check_f1
from .data_sample_utils import unique_videos
from .pooled_token_metric import PooledTokenMetric


@METRICS.register_module()
class ActionConditionalMetric(PooledTokenMetric):
    """Action-conditional precision / recall / F1 / mAP of MLAD (Sec. 4) for several offsets.

    Wraps :func:`dad_plugins.evaluation.action_conditional_metrics_multi`.

    Args:
        taus (Sequence[int]): Offsets in tokens; 0 = co-occurrence, > 0 = the conditioning class
            occurred in the previous ``tau`` tokens, < 0 = occurs in the next ``|tau|`` tokens.
            Defaults to ``(0, 20, 40)`` (PAT Table 10).
        threshold (float): Binarisation threshold for P / R. Defaults to 0.5.
        f1 (str): ``'pairs'``: ``F1_AC`` is the per-pair F1 averaged over the pairs, as in
            MLAD's tables; ``'averages'``: the F1 of ``P_AC`` and ``R_AC``, as MLAD's released
            code computes it. Defaults to ``'pairs'``.
        collect_device (str): Device for gathering results across ranks. Defaults to ``'cpu'``.
        prefix (str, optional): Key prefix. Defaults to ``'action_cond'``.

    Output keys: ``action_cond/{P_AC,R_AC,F1_AC,mAP_AC}@tau{tau}`` (e.g. ``P_AC@tau20``,
    ``mAP_AC@tau-20``).
    """

    default_prefix: str | None = 'action_cond'

    def __init__(
        self,
        taus: Sequence[int] = (0, 20, 40),
        threshold: float = 0.5,
        f1: str = 'pairs',
        collect_device: str = 'cpu',
        prefix: str | None = None,
    ) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.taus = tuple(int(tau) for tau in taus)
        self.threshold = threshold
        check_f1(f1)
        self.f1 = f1

    def compute_metrics(self, results: list) -> dict:
        """Compute the four metrics for every ``tau``."""
        outputs = action_conditional_metrics_multi(
            self.pooled_tokens(unique_videos(results)),
            None,
            self.taus,
            self.threshold,
            self.f1,
        )
        return {
            f'{name}@tau{tau}': output[name]
            for tau, output in outputs.items()
            for name in ('P_AC', 'R_AC', 'F1_AC', 'mAP_AC')
        }
