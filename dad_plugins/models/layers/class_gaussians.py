"""Per-class Gaussian curves over the normalised position inside an action instance."""

from collections.abc import Sequence

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

#: The paper's threshold on sigma (ASL Sec. 4.2).
SIGMA_MAX = 5.0


def normalised_position(
    positions: torch.Tensor, segments: torch.Tensor, segment_dim: int = -1
) -> torch.Tensor:
    """``d(i)`` of ASL Eq. (3): signed distance to the segment centre over its length.

    ``d = (t - (s + e) / 2) / (e - s)``: ``-0.5`` at the start, ``0.5`` at the end, 0 for a
    zero-length segment.

    Args:
        positions (Tensor): Positions ``t`` (any shape broadcastable against the segments).
        segments (Tensor): ``[s, e]`` along ``segment_dim``.
        segment_dim (int): Dimension of ``segments`` holding ``[s, e]``. Defaults to -1.

    Returns:
        Tensor: ``d``, broadcast shape of ``positions`` and the segments without ``segment_dim``.
    """
    start, end = segments.unbind(segment_dim)
    length = end - start
    centred = positions - 0.5 * (start + end)
    return torch.where(length > 0, centred / length.clamp(min=1e-12), torch.zeros_like(centred))


@MODELS.register_module()
class ClassGaussians(BaseModule):
    """Class-level action sensitivity: ``K`` Gaussians per class over ``d`` (ASL Eq. (3), (4)).

    ``p_k(d, c) = exp(-(d - mu_{c,k})^2 / (2 sigma_{c,k}^2))`` for ``k = 1..K``; the caller sums
    them (Eq. (4): ``p^loc = p^sot + p^eot``). ``mu_init`` sets ``K`` and the initial means
    (classification ``(0,)``: near-centre frames; localisation ``(-0.5, 0.5)``: near-start and
    near-end frames); every sigma starts at ``sigma_init`` (1 in the paper). ``K = 0``
    (``mu_init=()``) is the "None" row of ASL Tables 6-7; ``learnable=False`` the "fixed" rows.

    Sigma is clamped into ``[sigma_min, sigma_max]`` when evaluated. The paper clamps it at 5.0
    "to prevent very small p, which may cause a trivial solution" of the weighted loss. Under
    Eq. (3) the weights shrink when sigma shrinks, not when it grows, so the trivial solution is
    guarded here by ``sigma_min``, a bound the paper does not give; ``sigma_max = 5.0`` keeps the
    paper's number.

    Args:
        num_classes (int): ``C``.
        mu_init (Sequence[float]): Initial means, one per Gaussian. Defaults to ``(0.0,)``.
        sigma_init (float): Initial sigma of every Gaussian. Defaults to 1.
        sigma_min (float): Lower clamp of sigma. Defaults to 0.1.
        sigma_max (float): Upper clamp of sigma. Defaults to 5.0.
        learnable (bool): Learn means and sigmas; False keeps them at their initial values.
            Defaults to True.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - d: ``(...)`` normalised positions; labels: class indices broadcastable against ``d``.
        - output: ``(..., K)``.
    """

    def __init__(
        self,
        num_classes: int,
        mu_init: Sequence[float] = (0.0,),
        sigma_init: float = 1.0,
        sigma_min: float = 0.1,
        sigma_max: float = SIGMA_MAX,
        learnable: bool = True,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        if not 0 < sigma_min <= sigma_init <= sigma_max:
            raise ValueError(
                f'need 0 < sigma_min <= sigma_init <= sigma_max, got {sigma_min}, {sigma_init}, '
                f'{sigma_max}'
            )
        self.sigma_min = sigma_min
        self.sigma_max = sigma_max
        mu = torch.tensor(tuple(mu_init), dtype=torch.float32).expand(num_classes, -1).clone()
        sigma = torch.full_like(mu, sigma_init)
        if learnable:
            self.mu = nn.Parameter(mu)  # (C, K)
            self.sigma = nn.Parameter(sigma)  # (C, K)
        else:
            self.register_buffer('mu', mu)
            self.register_buffer('sigma', sigma)

    @property
    def num_gaussians(self) -> int:
        """``K``."""
        return self.mu.shape[1]

    def forward(self, d: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Gaussian values ``(..., K)`` at positions ``d`` for classes ``labels``."""
        labels = labels.expand(d.shape)
        mu = self.mu[labels]  # (..., K)
        sigma = self.sigma[labels].clamp(self.sigma_min, self.sigma_max)  # (..., K)
        return torch.exp(-((d[..., None] - mu) ** 2) / (2 * sigma**2))
