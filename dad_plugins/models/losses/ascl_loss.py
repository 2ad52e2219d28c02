"""Action Sensitive Contrastive Loss (ASCL): sensitive-frame features of actions vs background."""

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from dad_plugins.registry import MODELS


def _pool_ranges(
    inside: torch.Tensor, radius: torch.Tensor, curves: torch.Tensor | None, feats: torch.Tensor
) -> torch.Tensor:
    """Sensitivity-weighted mean feature of the frames around each instance's anchors (Eq. 12).

    Args:
        inside (Tensor): ``(n, T)`` bool, the frames of each instance.
        radius (Tensor): ``(n, 1)`` half-width ``delta N_f`` of the ranges, in tokens.
        curves (Tensor, optional): ``(n, K, T)`` class-level sensitivities; each Gaussian's
            most sensitive frame is an anchor. None (or ``K = 0``): one anchor at the centre
            frame and weight 1 (ASL Table 5, ASCL without ASE).
        feats (Tensor): ``(C, T)`` features of the video.

    Returns:
        Tensor: ``(n, C)``.
    """
    tokens = torch.arange(inside.shape[1], device=inside.device)
    if curves is None or curves.shape[1] == 0:
        first = torch.where(inside, tokens, inside.shape[1]).min(dim=1).values
        last = torch.where(inside, tokens, -1).max(dim=1).values
        anchors = torch.div(first + last, 2, rounding_mode='floor')[:, None]  # (n, 1)
        weights = inside.to(feats.dtype)
    else:
        masked = curves.masked_fill(~inside[:, None], -torch.inf)
        anchors = masked.argmax(dim=-1)  # (n, K)
        weights = curves.sum(dim=1)  # (n, T)
    near = (tokens[None, None] - anchors[..., None]).abs() <= radius[..., None]  # (n, K, T)
    selected = near.any(dim=1) & inside  # (n, T)
    pooled = (weights * selected) @ feats.t()  # (n, C)
    return pooled / selected.sum(dim=1, keepdim=True).clamp(min=1)


def sensitive_features(
    feats: torch.Tensor,
    valid: torch.Tensor,
    segments: torch.Tensor,
    ratio: float,
    cls_curves: torch.Tensor | None = None,
    loc_curves: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """``f_cls``, ``f_loc`` (Eq. (12)) and ``f_bg`` (Eq. (13)) of the instances of one video.

    The frames of an instance ``[s, e]`` are the valid tokens ``s <= t <= e`` (the nearest token
    to its centre when none is); ``N_f`` is their number. Ranges extend ``delta N_f`` tokens on
    both sides of each anchor, limited to the instance; the background ranges are the valid tokens
    within ``delta N_f`` before the start and after the end, outside the instance.

    Args:
        feats (Tensor): ``(C, T)`` features.
        valid (Tensor): ``(T,)`` bool mask of the video.
        segments (Tensor): ``(n, 2)`` instances in tokens.
        ratio (float): Sampling length ratio ``delta``.
        cls_curves (Tensor, optional): ``(n, K, T)`` classification sensitivities.
        loc_curves (Tensor, optional): ``(n, K, T)`` localisation sensitivities.

    Returns:
        tuple: ``f_cls (n, C)``, ``f_loc (n, C)``, ``f_bg (n, C)`` and ``has_bg (n,)`` bool
        (False when an instance has no background token around it).
    """
    num_tokens = feats.shape[1]
    tokens = torch.arange(num_tokens, device=feats.device, dtype=segments.dtype)
    start, end = segments[:, :1], segments[:, 1:]  # (n, 1)
    inside = (tokens >= start) & (tokens <= end) & valid  # (n, T)
    centre = (0.5 * (start + end)).round().clamp(0, num_tokens - 1)
    inside = inside | ((tokens == centre) & ~inside.any(dim=1, keepdim=True))
    radius = ratio * inside.sum(dim=1, keepdim=True).to(segments.dtype)  # (n, 1)
    f_cls = _pool_ranges(inside, radius, cls_curves, feats)
    f_loc = _pool_ranges(inside, radius, loc_curves, feats)
    around = ((tokens >= start - radius) & (tokens <= start)) | (
        (tokens >= end) & (tokens <= end + radius)
    )
    background = around & valid & ~inside  # (n, T)
    count = background.sum(dim=1, keepdim=True)
    f_bg = background.to(feats.dtype) @ feats.t() / count.clamp(min=1)
    return f_cls, f_loc, f_bg, count[:, 0] > 0


@MODELS.register_module()
class ASCLLoss(nn.Module):
    """Action Sensitive Contrastive Loss of ASL Sec. 3.3, Eq. (12)-(14).

    For every ground-truth instance of the batch, :func:`sensitive_features` pools a
    classification-sensitive feature ``f_cls``, a localisation-sensitive feature ``f_loc`` and a
    boundary background feature ``f_bg``. The anchors are the action features (``f_cls`` and
    ``f_loc`` of every instance); an anchor's positives are the other action features of its class
    (so ``f_cls`` and ``f_loc`` of one instance pull together), its negatives the action features
    of other classes and every ``f_bg``. With ``sim(a, b) = exp(cos(a, b) / temperature)``::

        L = mean over anchors with a positive of
            -log( sum_P sim / (sum_P sim + sum_N sim) )

    Args:
        sample_ratio (float): Sampling length ratio ``delta``. Defaults to 0.2 (ASL Sec. 4.4).
        temperature (float): ``tau`` of the similarity; the paper does not give it.
            Defaults to 0.1.
        loss_weight (float): ``lambda`` of ASL Eq. (15). Defaults to 0.3 (ASL Sec. 4.2).
    """

    def __init__(
        self, sample_ratio: float = 0.2, temperature: float = 0.1, loss_weight: float = 0.3
    ) -> None:
        super().__init__()
        if temperature <= 0:
            raise ValueError(f'temperature must be positive, got {temperature}')
        self.sample_ratio = sample_ratio
        self.temperature = temperature
        self.loss_weight = loss_weight

    def forward(
        self,
        feats: torch.Tensor,
        masks: torch.Tensor,
        segments: Sequence[torch.Tensor],
        labels: Sequence[torch.Tensor],
        cls_curves: Sequence[torch.Tensor | None] | None = None,
        loc_curves: Sequence[torch.Tensor | None] | None = None,
    ) -> torch.Tensor:
        """ASCL of a batch.

        Args:
            feats (Tensor): ``(B, C, T)`` features.
            masks (Tensor): ``(B, T)`` bool, True on valid tokens.
            segments (Sequence[Tensor]): Per video, ``(n_b, 2)`` instances in tokens.
            labels (Sequence[Tensor]): Per video, ``(n_b,)`` classes.
            cls_curves (Sequence[Tensor], optional): Per video, ``(n_b, K, T)`` classification
                sensitivities (see :func:`sensitive_features`).
            loc_curves (Sequence[Tensor], optional): Per video, ``(n_b, K, T)`` localisation
                sensitivities.

        Returns:
            Tensor: Scalar.
        """
        num_videos = feats.shape[0]
        cls_curves = cls_curves or [None] * num_videos
        loc_curves = loc_curves or [None] * num_videos
        actions, action_labels, backgrounds = [], [], []
        for video in range(num_videos):
            if segments[video].numel() == 0:
                continue
            f_cls, f_loc, f_bg, has_bg = sensitive_features(
                feats[video],
                masks[video],
                segments[video].to(feats.dtype),
                self.sample_ratio,
                cls_curves[video],
                loc_curves[video],
            )
            actions += [f_cls, f_loc]
            action_labels += [labels[video], labels[video]]
            backgrounds.append(f_bg[has_bg])
        if not actions:
            return feats.sum() * 0.0
        return self.contrast(torch.cat(actions), torch.cat(action_labels), torch.cat(backgrounds))

    def contrast(
        self, action_feats: torch.Tensor, action_labels: torch.Tensor, bg_feats: torch.Tensor
    ) -> torch.Tensor:
        """Eq. (14) over pooled features.

        Args:
            action_feats (Tensor): ``(N, D)`` action-related features.
            action_labels (Tensor): ``(N,)`` their classes.
            bg_feats (Tensor): ``(M, D)`` boundary background features (``M`` may be 0).

        Returns:
            Tensor: Scalar (0, with gradient, when no anchor has a positive).
        """
        anchors = F.normalize(action_feats, dim=-1)  # (N, D)
        others = torch.cat([anchors, F.normalize(bg_feats, dim=-1)])  # (N + M, D)
        logits = anchors @ others.t() / self.temperature  # (N, N + M)
        num_bg = bg_feats.shape[0]
        same = action_labels[:, None] == action_labels[None, :]  # (N, N)
        not_self = ~torch.eye(anchors.shape[0], dtype=torch.bool, device=anchors.device)
        positive = F.pad(same & not_self, (0, num_bg), value=False)  # (N, N + M)
        counted = positive | F.pad(~same, (0, num_bg), value=True)  # positives and negatives
        has_positive = positive.any(dim=1)
        if not has_positive.any():
            return action_feats.sum() * 0.0
        # -log(sum_P e^x / sum_{P u N} e^x), computed stably
        fill = torch.finfo(logits.dtype).min
        log_pos = logits.masked_fill(~positive, fill).logsumexp(dim=1)
        log_all = logits.masked_fill(~counted, fill).logsumexp(dim=1)
        return self.loss_weight * (log_all - log_pos)[has_positive].mean()
