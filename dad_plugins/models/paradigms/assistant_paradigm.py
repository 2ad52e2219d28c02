"""PAT's learning paradigm: an assistant branch over ground-truth labels teaches the detector."""

import torch
from mmengine.model import BaseModel, is_model_wrapper
from mmengine.optim import OptimWrapperDict
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import ConfigType, OptConfigType, OptMultiConfig

from ..layers import ClassWiseLinear
from ..utils import stack_frame_labels


def _unwrap(module: nn.Module) -> nn.Module:
    """The module itself, also when wrapped in (separate) DDP."""
    return module.module if is_model_wrapper(module) else module


def fresh_classifier(projection: nn.Module) -> nn.Module:
    """A newly initialised classifier of the kind and shape of the detector's class projection.

    Accepted projections: a 1 x 1 ``nn.Conv1d`` ``C_f -> C`` (PAT's Vid-CLAS) or a
    :class:`ClassWiseLinear` with one output per class (MLAD's per-class classifiers, Eq. (7)).
    """
    if isinstance(projection, nn.Conv1d) and projection.kernel_size == (1,):
        return nn.Conv1d(projection.in_channels, projection.out_channels, 1)
    if isinstance(projection, ClassWiseLinear) and projection.out_channels == 1:
        return ClassWiseLinear(projection.num_classes, projection.in_channels, 1)
    raise TypeError(
        f'the class projection must be a 1 x 1 nn.Conv1d or a ClassWiseLinear with one output, '
        f'got {projection}'
    )


class LabelAssistant(nn.Module):
    """ML-Rel followed by ML-CLAS: ``(B, C, T)`` labels to ``(B, C, T)`` logits.

    Args:
        encoder (nn.Module): ML-Rel, ``(B, C, T)`` labels to ``(B, C_f, T)`` features and masks.
        classifier (nn.Module): ML-CLAS, a 1 x 1 ``C_f -> C`` convolution, or a
            :class:`ClassWiseLinear` (one ``C_f -> 1`` map per class, applied to the shared
            ``(B, C_f, T)`` features).
    """

    def __init__(self, encoder: nn.Module, classifier: nn.Module) -> None:
        super().__init__()
        self.encoder = encoder
        self.classifier = classifier

    def forward(
        self, labels: torch.Tensor, masks: torch.Tensor, sequence_ids: torch.Tensor | None = None
    ) -> torch.Tensor:
        packed = {} if sequence_ids is None else dict(sequence_ids=sequence_ids)
        feats, _ = self.encoder(labels, masks, **packed)  # (B, C_f, T)
        logits = self.classifier(feats)  # (B, C, T) or (B, C, T, 1)
        return logits.squeeze(-1) if logits.dim() == 4 else logits


@MODELS.register_module()
class AssistantParadigm(BaseModel):
    """Train any detector with PAT's assistant branch and two-step update (Algorithm 1).

    Each training iteration:

    1. **Assistant.** The batch's ground-truth labels ``G`` ``(B, C, T)`` go through
       ``label_encoder`` (ML-Rel: PAT uses ``FineDet`` over labels, Conv(512, 3, 1) + Nrm +
       3 x RPT) and a 1 x 1 ``Conv(C)`` (ML-CLAS); ``loss_assistant(ML-CLAS(ML-Rel(G)), G)``
       (Eq. 16) updates them.
    2. **Copy.** ML-CLAS's weights are copied into the detector's class projection (Vid-CLAS,
       Eq. 15), whose parameters stay frozen.
    3. **Core.** The detector's own loss (Eq. 17) updates the rest of the detector.

    Packed batches (``sequence_ids`` from ``dense_collate(pack_length=...)``) pack the labels
    of the assistant like the features of the detector; the label encoder and the detector
    must take ``sequence_ids`` (PAT's ``FineDet``, ``CoarseDet``).

    Inference runs the detector alone. Contract with the detector: it is a
    :class:`~dad_plugins.models.detectors.BaseDenseDetector` exposing ``class_projection``,
    either a 1 x 1 ``nn.Conv1d`` from ``C_f`` to ``C`` channels (PAT's Vid-CLAS, ``FrameClsHead``)
    or a :class:`ClassWiseLinear` with one output per class (MLAD's per-class classifiers,
    ``ClassWiseHead``); ML-CLAS is a newly initialised module of the same kind, applied to the
    label encoder's ``(B, C_f, T)`` features (a ``ClassWiseLinear`` applies class ``c``'s map to
    the shared features of every token), and ``C_f`` must equal the label encoder's output.
    Vid-CLAS is frozen; everything else in the detector (e.g. MLAD's classifiers of the initial
    features) trains in the core step.

    Optimisation: ``optim_wrapper`` is a dict with one wrapper per sub-module,
    ``dict(assistant=dict(...), detector=dict(...))`` (mmengine builds an ``OptimWrapperDict``);
    each step runs in its wrapper's ``optim_context`` (AMP, gradient accumulation). For DDP use
    ``model_wrapper_cfg=dict(type='MMSeparateDistributedDataParallel')``.

    Args:
        detector (dict): The detector (core branch).
        label_encoder (dict): ML-Rel over ``(B, C, T)`` labels, returning ``(B, C_f, T)``
            features and the masks (a backbone).
        loss_assistant (dict, optional): Loss of the assistant. Defaults to ``AsymmetricLoss``.
        use_assistant (bool): False trains the detector alone, its class projection included
            (the "without Assistant" row of PAT Table 5). Defaults to True.
        data_preprocessor (dict, optional): Defaults to the detector's data preprocessor config
            or mmengine's ``BaseDataPreprocessor``.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        detector: ConfigType,
        label_encoder: ConfigType,
        loss_assistant: OptConfigType = None,
        use_assistant: bool = True,
        data_preprocessor: OptConfigType = None,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        detector = dict(detector)
        super().__init__(
            data_preprocessor=data_preprocessor or detector.pop('data_preprocessor', None),
            init_cfg=init_cfg,
        )
        self.detector = MODELS.build(detector)
        projection = self.detector.class_projection
        classifier = fresh_classifier(projection)
        encoder = MODELS.build(label_encoder)
        if use_assistant:
            self._check_detector(encoder, projection)
        self.assistant = LabelAssistant(encoder, classifier)
        self.loss_assistant = MODELS.build(loss_assistant or dict(type='AsymmetricLoss'))
        self.use_assistant = use_assistant
        projection.requires_grad_(not use_assistant)

    def _check_detector(self, encoder: nn.Module, projection: nn.Module) -> None:
        """One-line errors for a detector the two-step update cannot train."""
        width = getattr(encoder, 'out_channels', projection.in_channels)
        if width != projection.in_channels:
            raise ValueError(
                f"the label encoder returns {width} channels but the detector's class "
                f'projection reads {projection.in_channels}: give the label encoder '
                f'embed_dims={projection.in_channels}'
            )
        frozen = {id(p) for p in projection.parameters()}
        if not any(id(p) not in frozen for p in self.detector.parameters()):
            raise ValueError(
                'with the assistant branch the class projection is frozen and the detector '
                'has no other parameter to train: give it a backbone with parameters (e.g. '
                'FineDet(num_blocks=0)) or set use_assistant=False'
            )

    def assistant_loss(
        self, masks: torch.Tensor, data_samples, sequence_ids: torch.Tensor | None = None
    ) -> dict[str, torch.Tensor]:
        """ML-CLAS(ML-Rel(G)) against G on the valid tokens (``sequence_ids`` ``(B, T)`` of
        packed rows, see ``dense_collate(pack_length=...)``)."""
        classifier = _unwrap(self.assistant).classifier
        labels = stack_frame_labels(data_samples, masks.shape[-1]).to(classifier.weight)
        logits = self.assistant(labels, masks, sequence_ids)
        return dict(loss_assistant=self.loss_assistant(logits, labels, mask=masks))

    @torch.no_grad()
    def copy_classifier(self) -> None:
        """Vid-CLAS <- ML-CLAS (Eq. 15)."""
        projection = _unwrap(self.detector).class_projection
        projection.load_state_dict(_unwrap(self.assistant).classifier.state_dict())

    def train_step(
        self, data: dict | tuple | list, optim_wrapper: OptimWrapperDict
    ) -> dict[str, torch.Tensor]:
        """Assistant update, weight copy, core update (Algorithm 1)."""
        data = self.data_preprocessor(data, True)
        log_vars = {}
        if self.use_assistant:
            with optim_wrapper['assistant'].optim_context(self.assistant):
                losses = self.assistant_loss(
                    data['masks'], data['data_samples'], data.get('sequence_ids')
                )
            loss, log_vars = self.parse_losses(losses)
            optim_wrapper['assistant'].update_params(loss)
            self.copy_classifier()

        with optim_wrapper['detector'].optim_context(self.detector):
            losses = self.detector(**data, mode='loss')
        loss, core_log_vars = self.parse_losses(losses)
        optim_wrapper['detector'].update_params(loss)
        core_log_vars['loss'] = core_log_vars['loss'] + log_vars.get('loss', 0.0)
        log_vars.update(core_log_vars)
        return log_vars

    def forward(self, inputs: torch.Tensor, data_samples=None, mode: str = 'tensor', **kwargs):
        """Inference and ``'loss'``/``'tensor'`` modes run the detector alone."""
        return self.detector(inputs, data_samples, mode, **kwargs)
