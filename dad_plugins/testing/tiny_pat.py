"""PAT's model (Fine-Det, Coarse-Det, Vid-CLAS and the assistant branch) small enough for a test."""

# The RPT options of Fine-Det, Coarse-Det and ML-Rel: C = 8 channels, one block of two heads.
TINY_RPT = dict(embed_dims=8, num_blocks=1, num_heads=2, max_relative_distance=5)


def tiny_pat_detector_cfg(
    in_channels: int = 4,
    num_classes: int = 3,
    num_branches: int = 3,
    hierarchical: bool = False,
    **rpt,
) -> dict:
    """Config of PAT's detector: Fine-Det, Coarse-Det and Vid-CLAS with the asymmetric loss.

    Args:
        in_channels (int): ``D`` of the input features. Defaults to 4.
        num_classes (int): ``C``. Defaults to 3.
        num_branches (int): Coarse-Det's granularity branches. Defaults to 3.
        hierarchical (bool): Net-v2's chained branches. Defaults to False (PAT).
        **rpt: RPT options of both stages that replace those of ``TINY_RPT`` (e.g.
            ``pos_encoding``).

    Returns:
        dict: A ``FrameDetector`` config with branch weights (0.1, 0.9).
    """
    rpt = dict(TINY_RPT, **rpt)
    width = rpt['embed_dims']
    return dict(
        type='FrameDetector',
        backbone=dict(type='FineDet', in_channels=in_channels, **rpt),
        neck=dict(
            type='CoarseDet',
            in_channels=width,
            num_branches=num_branches,
            hierarchical=hierarchical,
            **rpt,
        ),
        head=dict(
            type='FrameClsHead',
            in_channels=width,
            num_classes=num_classes,
            branch_weights=(0.1, 0.9),
            loss_cls=dict(type='AsymmetricLoss'),
        ),
    )


def tiny_pat_cfg(num_classes: int = 3, **kwargs) -> dict:
    """Config of PAT: :func:`tiny_pat_detector_cfg` in the assistant paradigm (Algorithm 1).

    Args:
        num_classes (int): ``C``. Defaults to 3.
        **kwargs: Other arguments of :func:`tiny_pat_detector_cfg`; its RPT options apply to
            the label encoder (ML-Rel's Fine-Det) too.

    Returns:
        dict: An ``AssistantParadigm`` config.
    """
    detector = tiny_pat_detector_cfg(num_classes=num_classes, **kwargs)
    encoder = dict(detector['backbone'], in_channels=num_classes)  # ML-Rel over the labels
    return dict(type='AssistantParadigm', detector=detector, label_encoder=encoder)
