"""Contrastive co-occurrence language-video (CoLV) loss of RefDense."""

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from dad_plugins.registry import MODELS

from ..text import load_class_text_embeddings
from ..utils import check_choice

DENOMINATORS = ('negatives', 'all')
AVERAGES = ('all_tokens', 'positive_tokens')


def _check_options(denominator: str, average: str) -> None:
    check_choice('denominator', denominator, DENOMINATORS)
    check_choice('average', average, AVERAGES)


def colv_loss(
    features: torch.Tensor,
    targets: torch.Tensor,
    text_embeddings: torch.Tensor,
    temperature: float,
    mask: torch.Tensor | None = None,
    denominator: str = 'negatives',
    average: str = 'all_tokens',
) -> torch.Tensor:
    """CoLV loss of RefDense Eq. (11)-(12) on features already in the text embedding space.

    With ``s_c = f_t . u_c / tau`` and ``beta(t)`` the classes present at token ``t``::

        L = -1/N sum_t 1/|beta(t)| sum_{e in beta(t)} [s_e - log sum_{c not in beta(t)} exp(s_c)]

    Tokens without a present class, or (with ``denominator='negatives'``) with every class
    present, contribute 0.

    Args:
        features (Tensor): Video features ``(N, D)``.
        targets (Tensor): Multi-hot targets ``(N, C)``; values > 0.5 count as present.
        text_embeddings (Tensor): Class text features ``(C, D)``.
        temperature (float): ``tau``.
        mask (Tensor, optional): ``(N,)`` bool, True on tokens that count. Defaults to all.
        denominator (str): ``'negatives'`` sums the denominator over the absent classes only,
            as Eq. (11) writes it; ``'all'`` over every class (the multi-positive InfoNCE of
            supervised contrastive learning). Defaults to ``'negatives'``.
        average (str): ``'all_tokens'`` divides by every counted token (Eq. (11)'s ``1/T``);
            ``'positive_tokens'`` by the tokens with a present class. Defaults to
            ``'all_tokens'``.

    Returns:
        Tensor: Scalar loss.
    """
    _check_options(denominator, average)
    if targets.shape != (features.shape[0], text_embeddings.shape[0]):
        raise ValueError(
            f'targets must be (N, C) = ({features.shape[0]}, {text_embeddings.shape[0]}) for '
            f'{features.shape[0]} features and {text_embeddings.shape[0]} class text embeddings, '
            f'got {tuple(targets.shape)}'
        )
    if mask is None:
        mask = torch.ones(features.shape[0], dtype=torch.bool, device=features.device)
    logits = features @ text_embeddings.t() / temperature  # (N, C)
    present = targets > 0.5
    in_denominator = ~present if denominator == 'negatives' else torch.ones_like(present)
    num_present = present.sum(dim=1)  # (N,)
    counted = mask & (num_present > 0) & in_denominator.any(dim=1)
    log_norm = torch.logsumexp(logits.masked_fill(~in_denominator, float('-inf')), dim=1)
    log_norm = torch.where(counted, log_norm, torch.zeros_like(log_norm))
    log_ratio = (logits - log_norm[:, None]).masked_fill(~present, 0.0)  # (N, C)
    per_token = -log_ratio.sum(dim=1) / num_present.clamp(min=1)
    per_token = torch.where(counted, per_token, torch.zeros_like(per_token))
    num_tokens = mask.sum() if average == 'all_tokens' else counted.sum()
    return per_token.sum() / num_tokens.clamp(min=1)


@MODELS.register_module()
class CoLVLoss(nn.Module):
    """CoLV: align projected video features with the text features of their co-occurring classes.

    RefDense Sec. 3.2, Eq. (10)-(12) and Fig. 3. A linear projection maps the features to the
    text embedding space; features and text embeddings are L2-normalised (CLIP's cosine
    similarity) and :func:`colv_loss` compares every token with every class. The inputs are
    generic, so the loss applies to per-token features (PAT, RefDense sub-networks) as well as
    to matched query features (DualDETR).

    The class text features ``u_c = TextEncoder('a photo of [c]')`` come from a cached ``.npy``
    (``tools/data/encode_class_names.py``) or from a text encoder config, built once here.

    Args:
        in_channels (int): Feature channels ``D``.
        text_embeddings (str | dict | Tensor): ``(C, D_text)`` class text features: a ``.npy``
            path, a text encoder config (e.g. ``dict(type='CLIPTextEncoder', ...)``, then
            ``class_names`` is required) or an array.
        class_names (Sequence[str], optional): Class names to encode (text encoder config
            only). Defaults to None.
        temperature (float): ``tau``; not given in the paper, CLIP's initial 0.07 is used.
            Defaults to 0.07.
        normalize (bool): L2-normalise features and text embeddings. Defaults to True.
        denominator (str): See :func:`colv_loss`. Defaults to ``'negatives'`` (Eq. (11)).
        average (str): See :func:`colv_loss`. Defaults to ``'all_tokens'`` (Eq. (11)).
        loss_weight (float): Multiplier of the loss. Defaults to 1.
    """

    def __init__(
        self,
        in_channels: int,
        text_embeddings: str | dict | torch.Tensor,
        class_names: Sequence[str] | None = None,
        temperature: float = 0.07,
        normalize: bool = True,
        denominator: str = 'negatives',
        average: str = 'all_tokens',
        loss_weight: float = 1.0,
    ) -> None:
        super().__init__()
        _check_options(denominator, average)
        if temperature <= 0:
            raise ValueError(f'temperature must be positive, got {temperature}')
        if isinstance(text_embeddings, (str, dict)):
            text_embeddings = load_class_text_embeddings(text_embeddings, class_names)
        text_embeddings = torch.as_tensor(text_embeddings, dtype=torch.float32)
        if normalize:
            text_embeddings = F.normalize(text_embeddings, dim=-1)
        self.register_buffer('text_embeddings', text_embeddings, persistent=False)
        self.projection = nn.Linear(in_channels, text_embeddings.shape[1])
        self.temperature = temperature
        self.normalize = normalize
        self.denominator = denominator
        self.average = average
        self.loss_weight = loss_weight

    @property
    def num_classes(self) -> int:
        """``C``, the number of class text embeddings."""
        return self.text_embeddings.shape[0]

    def forward(
        self, features: torch.Tensor, targets: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Weighted CoLV loss.

        Args:
            features (Tensor): ``(N, D)``, or per-token ``(B, D, T)``.
            targets (Tensor): Multi-hot ``(N, C)``, or ``(B, C, T)`` with per-token features.
            mask (Tensor, optional): ``(N,)`` or ``(B, T)`` bool, True on tokens that count.

        Returns:
            Tensor: Scalar loss.
        """
        if features.dim() == 3:
            features = features.transpose(1, 2).flatten(0, 1)  # (B * T, D)
            targets = targets.transpose(1, 2).flatten(0, 1)  # (B * T, C)
            mask = mask.flatten() if mask is not None else None
        embedded = self.projection(features)  # (N, D_text)
        if self.normalize:
            embedded = F.normalize(embedded, dim=-1)
        loss = colv_loss(
            embedded,
            targets,
            self.text_embeddings.to(embedded.dtype),
            self.temperature,
            mask=mask,
            denominator=self.denominator,
            average=self.average,
        )
        return self.loss_weight * loss
