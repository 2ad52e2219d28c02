"""Position arithmetic of segment queries: sigmoid-space refinement, embeddings, DualDETR's
mutual refinement (Eqs. (3), (5)-(7))."""

import math

import torch


def inverse_sigmoid(x: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """``log(x / (1 - x))`` of ``x`` clamped to ``[0, 1]`` (Deformable DETR)."""
    x = x.clamp(0, 1)
    return torch.log(x.clamp(min=eps) / (1 - x).clamp(min=eps))


def sine_position_embedding(
    positions: torch.Tensor, dims: int, temperature: float = 10000.0
) -> torch.Tensor:
    """Sinusoidal embedding of normalised positions ``(..., P)`` into ``(..., dims)``.

    Each of the ``P`` coordinates gets ``dims / P`` channels ``sin, cos`` of
    ``2 pi x / temperature^(2 i / (dims / P))`` (DAB-DETR's ``gen_sineembed_for_position``).
    """
    per_coord = dims // positions.shape[-1]
    index = torch.arange(per_coord, device=positions.device, dtype=torch.float32)
    freqs = temperature ** (2 * torch.div(index, 2, rounding_mode='floor') / per_coord)
    angles = positions[..., None].float() * (2 * math.pi) / freqs  # (..., P, dims / P)
    embed = torch.stack([angles[..., 0::2].sin(), angles[..., 1::2].cos()], dim=-1)
    return embed.flatten(-3).to(positions.dtype)  # (..., dims)


def mutual_refinement(
    instance: torch.Tensor, start: torch.Tensor, end: torch.Tensor, order: str = 'parallel'
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Mutual refinement of aligned instance and boundary positions (DualDETR Eqs. (6)-(7)).

    ``c <- (c + (s + e) / 2) / 2``, ``w <- (w + (e - s)) / 2`` (Eq. 6) and
    ``s <- (s + c - w / 2) / 2``, ``e <- (e + c + w / 2) / 2`` (Eq. 7). ``'parallel'`` (the
    paper's default) computes both from the positions before refinement, after which both
    levels describe the same segment (the mean of the two); ``'boundary_first'`` applies Eq. 7
    first and Eq. 6 with the refined boundaries, ``'instance_first'`` the reverse (the
    sequential rows of Table 5).

    Args:
        instance (Tensor): ``(..., 2)`` centre and duration.
        start (Tensor): ``(..., 1)`` start.
        end (Tensor): ``(..., 1)`` end.
        order (str): ``'parallel'``, ``'boundary_first'`` or ``'instance_first'``.

    Returns:
        tuple[Tensor, Tensor, Tensor]: Refined ``instance``, ``start``, ``end``.
    """

    def refine_instance(inst, s, e):
        centre = (inst[..., :1] + (s + e) / 2) / 2
        return torch.cat([centre, (inst[..., 1:] + (e - s)) / 2], dim=-1)

    def refine_boundary(inst, s, e):
        centre, width = inst[..., :1], inst[..., 1:]
        return (s + centre - width / 2) / 2, (e + centre + width / 2) / 2

    if order == 'parallel':
        return refine_instance(instance, start, end), *refine_boundary(instance, start, end)
    if order == 'boundary_first':
        start, end = refine_boundary(instance, start, end)
        return refine_instance(instance, start, end), start, end
    if order == 'instance_first':
        instance = refine_instance(instance, start, end)
        return instance, *refine_boundary(instance, start, end)
    raise ValueError(f'unknown refinement order {order!r}')


def instance_segments(instance: torch.Tensor) -> torch.Tensor:
    """``[c - w / 2, c + w / 2]`` of ``(..., 2)`` centre-duration positions, clipped to [0, 1]."""
    centre, width = instance[..., :1], instance[..., 1:]
    return torch.cat([centre - width / 2, centre + width / 2], dim=-1).clamp(0, 1)


def boundary_segments(start: torch.Tensor, end: torch.Tensor) -> torch.Tensor:
    """``[min(s, e), max(s, e)]`` of ``(..., 1)`` boundary positions, clipped to [0, 1]."""
    return torch.cat([torch.minimum(start, end), torch.maximum(start, end)], dim=-1).clamp(0, 1)
