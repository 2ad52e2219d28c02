"""ASL's Action Sensitivity Evaluator: class-level Gaussians and instance-level evaluators."""

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..layers import ClassGaussians, MaskedConv1d, normalised_position

Curves = torch.Tensor | None


@MODELS.register_module()
class ActionSensitivityEvaluator(BaseModule):
    """Action Sensitivity Evaluator (ASE) of ASL Sec. 3.2.

    For a frame ``i`` inside a ground-truth instance of class ``c`` at normalised position
    ``d(i)`` (``-0.5`` at the start, ``0.5`` at the end):

    - **class level** (Eq. (3), (4)): ``p^cls = sum_k N_k(d; mu^cls_{c,k}, sigma^cls_{c,k})`` and
      ``p^loc = sum_k N_k(d; mu^loc_{c,k}, sigma^loc_{c,k})`` with :class:`ClassGaussians`
      (classification: one Gaussian at the centre; localisation: two, at the start and the end);
    - **instance level** (Eq. (5)-(7)): ``q^cls = Phi^cls(f_i)``, ``q^loc = Phi^loc(f_i)``, each
      ``Conv(3), ReLU, FC, sigmoid`` over the features of every pyramid level (shared), regressed
      with MSE to the prediction quality ``Q^cls = sigmoid(s_i[c])`` and
      ``Q^loc = tIoU(Delta_i, Delta)`` (:meth:`loss`);
    - **combined** (Eq. (8)): ``h^cls = p^cls + q^cls``, ``h^loc = p^loc + q^loc``, the weights of
      the focal and DIoU losses of positive points (Eq. (9), (10); :meth:`weights`). ``q`` enters
      the weights without gradient: it learns from its MSE target only, while the class-level
      Gaussians learn through the weighted losses, as in the paper.

    Ablation switches: ``class_level`` / ``instance_level`` (Table 5); ``learnable_cls`` /
    ``learnable_loc`` and empty ``*_mu_init`` ("fixed" / "None", Table 6); the number of
    Gaussians is the length of ``cls_mu_init`` / ``loc_mu_init`` and ``shared=True`` uses the
    classification Gaussians for both sub-tasks (Table 7). A sub-task with neither a class-level
    nor an instance-level term keeps weight 1.

    Args:
        num_classes (int): ``C``.
        in_channels (int): Channels of the pyramid features.
        feat_channels (int, optional): Hidden channels of the instance-level evaluators; None
            means ``in_channels``. Defaults to None.
        kernel_size (int): Temporal kernel of the evaluators' convolution. Defaults to 3.
        class_level (bool): Class-level modelling. Defaults to True.
        instance_level (bool): Instance-level modelling. Defaults to True.
        cls_mu_init (Sequence[float]): Initial means of the classification Gaussians.
            Defaults to ``(0.0,)``.
        loc_mu_init (Sequence[float]): Initial means of the localisation Gaussians.
            Defaults to ``(-0.5, 0.5)``.
        shared (bool): One set of Gaussians for both sub-tasks. Defaults to False.
        learnable_cls (bool): Learn the classification Gaussians. Defaults to True.
        learnable_loc (bool): Learn the localisation Gaussians. Defaults to True.
        sigma_init (float): Initial sigma. Defaults to 1 (ASL Sec. 3.2).
        sigma_min (float): Lower clamp of sigma (see :class:`ClassGaussians`). Defaults to 0.1.
        sigma_max (float): Upper clamp of sigma. Defaults to 5.0 (ASL Sec. 4.2).
        loss_weight (float): Weight of ``L_s`` (Eq. (7), (15)). Defaults to 1.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        num_classes: int,
        in_channels: int,
        feat_channels: int | None = None,
        kernel_size: int = 3,
        class_level: bool = True,
        instance_level: bool = True,
        cls_mu_init: Sequence[float] = (0.0,),
        loc_mu_init: Sequence[float] = (-0.5, 0.5),
        shared: bool = False,
        learnable_cls: bool = True,
        learnable_loc: bool = True,
        sigma_init: float = 1.0,
        sigma_min: float = 0.1,
        sigma_max: float = 5.0,
        loss_weight: float = 1.0,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)

        def gaussians(mu_init: Sequence[float], learnable: bool) -> ClassGaussians | None:
            if not class_level or not len(mu_init):
                return None
            return ClassGaussians(
                num_classes, mu_init, sigma_init, sigma_min, sigma_max, learnable=learnable
            )

        self.shared = shared
        self.cls_gaussians = gaussians(cls_mu_init, learnable_cls)
        self.loc_gaussians = None if shared else gaussians(loc_mu_init, learnable_loc)
        hidden = feat_channels or in_channels

        def evaluator() -> nn.ModuleDict:
            return nn.ModuleDict(
                dict(
                    conv=MaskedConv1d(in_channels, hidden, kernel_size), fc=nn.Conv1d(hidden, 1, 1)
                )
            )

        self.evaluators = (
            nn.ModuleDict(dict(cls=evaluator(), loc=evaluator())) if instance_level else None
        )
        self.loss_weight = loss_weight

    @property
    def instance_level(self) -> bool:
        """Whether the instance-level evaluators exist."""
        return self.evaluators is not None

    def _loc_gaussians(self) -> ClassGaussians | None:
        return self.cls_gaussians if self.shared else self.loc_gaussians

    def class_curves(self, d: torch.Tensor, labels: torch.Tensor) -> tuple[Curves, Curves]:
        """Per-Gaussian class-level sensitivities ``(..., K)`` for classification and
        localisation (None for a sub-task without Gaussians).

        Args:
            d (Tensor): Normalised positions ``(...)``.
            labels (Tensor): Classes broadcastable against ``d``.
        """
        loc = self._loc_gaussians()
        return (
            None if self.cls_gaussians is None else self.cls_gaussians(d, labels),
            None if loc is None else loc(d, labels),
        )

    def frame_curves(
        self, segments: torch.Tensor, labels: torch.Tensor, num_tokens: int
    ) -> tuple[Curves, Curves]:
        """Class-level curves of instances over the tokens of their video (for ASCL).

        Args:
            segments (Tensor): ``(n, 2)`` instances in tokens.
            labels (Tensor): ``(n,)`` classes.
            num_tokens (int): ``T``.

        Returns:
            tuple: Classification and localisation curves ``(n, K, T)`` (or None); values
            outside an instance are meaningless and must be masked by the caller.
        """
        tokens = torch.arange(num_tokens, device=segments.device, dtype=segments.dtype)
        d = normalised_position(tokens, segments[:, None, :])  # (n, T)
        curves = self.class_curves(d, labels[:, None])
        return tuple(None if c is None else c.permute(0, 2, 1) for c in curves)

    def instance_scores(
        self, feats: Sequence[torch.Tensor], masks: Sequence[torch.Tensor]
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Instance-level sensitivities ``q^cls, q^loc`` ``(B, P)`` of every point (levels
        concatenated, as the points of :func:`generate_points`)."""
        scores = []
        for name in ('cls', 'loc'):
            evaluator = self.evaluators[name]
            levels = [
                evaluator['fc'](torch.relu(evaluator['conv'](x, m)[0]))[:, 0]  # (B, T_l)
                for x, m in zip(feats, masks)
            ]
            scores.append(torch.cat(levels, dim=1).sigmoid())
        return scores[0], scores[1]

    def weights(
        self,
        d: torch.Tensor,
        labels: torch.Tensor,
        q_cls: torch.Tensor | None = None,
        q_loc: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Combined sensitivities ``h^cls, h^loc`` (Eq. (8)) of positive points.

        Args:
            d (Tensor): ``(N,)`` normalised positions inside the matched instances.
            labels (Tensor): ``(N,)`` classes of the matched instances.
            q_cls (Tensor, optional): ``(N,)`` instance-level classification sensitivity.
            q_loc (Tensor, optional): ``(N,)`` instance-level localisation sensitivity.

        Returns:
            tuple[Tensor, Tensor]: ``(N,)`` weights of the focal and the DIoU losses.
        """
        out = []
        for curves, q in zip(self.class_curves(d, labels), (q_cls, q_loc)):
            terms = [] if curves is None else [curves.sum(-1)]
            if q is not None:
                terms.append(q.detach())
            out.append(sum(terms) if terms else torch.ones_like(d))
        return out[0], out[1]

    def loss(
        self,
        q_cls: torch.Tensor,
        q_loc: torch.Tensor,
        quality_cls: torch.Tensor,
        quality_loc: torch.Tensor,
    ) -> torch.Tensor:
        """``L_s`` (Eq. (7)): MSE of ``q`` to the detached prediction quality, both sub-tasks.

        Args:
            q_cls, q_loc (Tensor): ``(N,)`` sensitivities of the positive points.
            quality_cls (Tensor): ``(N,)`` ``sigmoid(s_i[c])`` of the matched class.
            quality_loc (Tensor): ``(N,)`` tIoU of the predicted and the matched segment.
        """
        if q_cls.numel() == 0:
            return q_cls.sum() + q_loc.sum()
        loss = F.mse_loss(q_cls, quality_cls.detach()) + F.mse_loss(q_loc, quality_loc.detach())
        return self.loss_weight * loss
