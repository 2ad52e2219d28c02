"""Per-token multi-label classifier, shared over one or several feature branches."""

from collections.abc import Sequence

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptConfigType, OptMultiConfig, SampleList

from ..utils import check_choice, instance_kwargs, stack_frame_labels

Feats = torch.Tensor | Sequence[torch.Tensor]
FUSIONS = ('probabilities', 'logits')


@MODELS.register_module()
class FrameClsHead(BaseModule):
    """One 1 x 1 convolution from features to class logits, trained with a masked loss.

    Given several feature branches (e.g. PAT's fine and coarse features), the same classifier is
    applied to each; probabilities are fused as ``Y = sum_k w_k sigmoid(CLAS(I_k))`` and the loss
    is ``sum_k w_k loss(CLAS(I_k), G)``. This is PAT's Vid-CLAS (Sec. 3.2.3, Eqs. 13, 14, 17)
    with ``branch_weights=(alpha_fine, alpha_coarse)``; with a single tensor it is a plain
    per-token classifier.

    With ``loss_colv`` (a :class:`~dad_plugins.models.losses.CoLVLoss` over the action classes'
    text embeddings) the features of every branch are also aligned with the text features of
    the actions present at each token, weighted like the classification loss: RefDense's CoLV
    on PAT (RefDense Table 6).

    PAT's released scripts weight the branches differently: the loss is ``loss_coarse + 0.1
    loss_fine`` on Charades (``loss_weights=(0.1, 1.0)``) and the probabilities are
    ``sigmoid(0.1 CLAS(I_fine) + 0.9 CLAS(I_coarse))``, weighted logits (``fusion='logits'``).

    The classifier is exposed as :attr:`class_projection`, the contract that training paradigms
    (e.g. :class:`~dad_plugins.models.paradigms.AssistantParadigm`) rely on.

    Args:
        in_channels (int): Feature channels ``C_f``.
        num_classes (int): ``C``.
        branch_weights (Sequence[float], optional): One weight per feature branch; None means a
            single branch of weight 1. Defaults to None.
        loss_weights (Sequence[float], optional): One loss weight per branch; None uses
            ``branch_weights`` (Eq. 17). Defaults to None.
        fusion (str): ``'probabilities'`` sums the weighted probabilities (Eq. 14);
            ``'logits'`` applies the sigmoid to the weighted sum of logits (released scripts).
            Defaults to ``'probabilities'``.
        loss_cls (dict, optional): Per-token loss, called as ``loss(logits, targets,
            mask=masks)`` (plus ``instances=`` if it declares ``needs_instances``, see
            :func:`~dad_plugins.models.utils.instance_kwargs`). Defaults to ``MaskedBCELoss``.
        loss_colv (dict, optional): CoLV loss on the features. Defaults to None.
        dropout (float): Dropout on the features before the classifier. Defaults to 0.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        in_channels: int,
        num_classes: int,
        branch_weights: Sequence[float] | None = None,
        loss_weights: Sequence[float] | None = None,
        fusion: str = 'probabilities',
        loss_cls: OptConfigType = None,
        loss_colv: OptConfigType = None,
        dropout: float = 0.0,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.classifier = nn.Conv1d(in_channels, num_classes, 1)
        self.dropout = nn.Dropout(dropout)
        self.branch_weights = tuple(branch_weights) if branch_weights is not None else (1.0,)
        self.loss_weights = tuple(loss_weights) if loss_weights is not None else self.branch_weights
        if len(self.loss_weights) != len(self.branch_weights):
            raise ValueError(
                f'loss_weights {self.loss_weights} and branch_weights {self.branch_weights} '
                'must have one value per branch each'
            )
        check_choice('fusion', fusion, FUSIONS)
        self.fusion = fusion
        self.loss_cls = MODELS.build(loss_cls or dict(type='MaskedBCELoss'))
        self.loss_colv = MODELS.build(loss_colv) if loss_colv is not None else None

    @property
    def class_projection(self) -> nn.Conv1d:
        """The ``C_f -> C`` 1 x 1 convolution shared by every branch."""
        return self.classifier

    def _branches(self, feats: Feats) -> list[torch.Tensor]:
        branches = [feats] if isinstance(feats, torch.Tensor) else list(feats)
        if len(branches) != len(self.branch_weights):
            raise ValueError(
                f'{type(self).__name__} got {len(branches)} feature branches but '
                f'{len(self.branch_weights)} branch_weights'
            )
        return branches

    def forward(self, feats: Feats, masks: torch.Tensor) -> torch.Tensor | tuple[torch.Tensor]:
        """Logits ``(B, C, T)`` per branch (a tensor for one branch, else a tuple)."""
        logits = tuple(self.classifier(self.dropout(x)) for x in self._branches(feats))
        return logits[0] if len(logits) == 1 else logits

    def loss(
        self, feats: Feats, masks: torch.Tensor, data_samples: SampleList
    ) -> dict[str, torch.Tensor]:
        """``loss_weights``-weighted ``loss_cls`` (and ``loss_colv``) on the valid tokens."""
        branches = self._branches(feats)
        targets = stack_frame_labels(data_samples, branches[0].shape[-1]).to(branches[0])
        extra = instance_kwargs(self.loss_cls, data_samples)
        loss = sum(
            weight * self.loss_cls(self.classifier(self.dropout(x)), targets, mask=masks, **extra)
            for weight, x in zip(self.loss_weights, branches)
        )
        losses = dict(loss_cls=loss)
        if self.loss_colv is not None:
            losses['loss_colv'] = sum(
                weight * self.loss_colv(x, targets, mask=masks)
                for weight, x in zip(self.loss_weights, branches)
            )
        return losses

    def predict(self, feats: Feats, masks: torch.Tensor) -> torch.Tensor:
        """Branch-weighted probabilities ``(B, C, T)`` (``fusion`` says how they combine)."""
        weighted = zip(self.branch_weights, self._branches(feats))
        if self.fusion == 'logits':
            return sum(weight * self.classifier(x) for weight, x in weighted).sigmoid()
        return sum(weight * self.classifier(x).sigmoid() for weight, x in weighted)
