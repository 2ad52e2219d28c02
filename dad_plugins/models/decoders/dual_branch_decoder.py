"""DualDETR's dual-level query decoder: instance and boundary branches with mutual refinement."""

from dataclasses import dataclass

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..layers import (
    DeformableTransformerLayer,
    boundary_segments,
    instance_segments,
    inverse_sigmoid,
    mlp,
    mutual_refinement,
    sine_position_embedding,
)
from ..layers.feature_levels import LevelInput, as_levels
from ..utils import check_choice
from .decoder_output import LayerOutput

QUERY_LEVELS = ('dual', 'instance', 'boundary')
QUERY_INITS = ('joint', 'position', 'full_position', 'learned')
REFINEMENTS = ('parallel', 'boundary_first', 'instance_first', 'last_layer', 'none')
#: (group name, kind) of the dual-level query groups.
_DUAL_KINDS = (('instance', 'instance'), ('start', 'boundary'), ('end', 'boundary'))


@dataclass(frozen=True)
class _Group:
    """A query group: its kind (``instance`` / ``boundary``), channels of the map, branch."""

    name: str
    kind: str
    channels: slice
    branch: str

    @property
    def dims(self) -> int:
        return self.channels.stop - self.channels.start


@MODELS.register_module()
class DualBranchDecoder(BaseModule):
    """Two-branch decoder of instance queries and boundary (start, end) queries (DualDETR Sec. 3).

    **Feature split and queries** (Sec. 3.3, 3.5): the encoder map of ``D`` channels is split
    into start ``[0, D/4)``, end ``[D/4, D/2)`` and instance ``[D/2, D)`` maps. Instance queries
    have a content of ``D/2`` channels and a position ``(centre, duration)``; start and end
    queries a content of ``D/4`` channels and a position ``s`` or ``e``. Query ``k`` of every
    group is aligned with proposal ``k`` (Sec. 3.4); with ``query_init='joint'`` its positions
    are the proposal's ``(s, e)`` and ``((s + e) / 2, e - s)`` and its contents are the
    proposal's feature split by the same channels.

    **Decoding** (Sec. 3.5, Eqs. (2)-(5)): per layer and branch, self-attention over the
    branch's queries (start and end queries share the boundary branch and attend to each other),
    deformable cross-attention around the reference points (instance: the segment
    ``(centre, duration)``; boundary: the point ``s`` or ``e``) on the branch's own map, FFN;
    then per-layer regression heads give offsets and ``pos = sigmoid(delta + sigmoid^-1(pos))``.
    Query positions enter attention through a sinusoidal embedding and an MLP (DAB-DETR).
    Then **mutual refinement** (Eqs. (6)-(7), :func:`mutual_refinement`) and, with
    ``refine_content``, an FFN over the concatenated contents. As in Deformable DETR, positions
    passed to the next layer are detached and positions are clamped to [0, 1].

    **Outputs** per layer: prediction sets ``{name: (features, segments)}``. Aligned dual-level
    queries give one set ``'instance'``: the instance contents (classified by the head) and the
    mean of the instance and boundary segments, which after parallel refinement are the same
    segment (Sec. 3.5, "the refined position vectors ... serve as the final predictions").
    Unaligned groups give a set per level, ``'instance'`` and ``'boundary'`` (start and end
    contents concatenated).

    Ablation switches (MultiTHUMOS, Tables 4-5, Fig. 5):

    - ``query_levels='instance'`` / ``'boundary'``: single-level rows of Table 4 (the whole map
      for instance queries, or halves for start and end queries).
    - ``two_branch=False``: Table 4 (1), all groups in one shared branch on the unsplit map
      (``D`` channels each, a learned group embedding tells them apart).
    - ``aligned=False``: Table 4 (1)-(2), groups detect on their own (no mutual refinement).
    - ``query_init``: ``'joint'`` (Table 4 (4), default), ``'learned'`` (sample-agnostic
      positions and contents, Table 4 (1)-(3)), ``'position'`` (DINO's "Position Random":
      proposal positions, learned contents), ``'full_position'`` (Deformable DETR: proposal
      positions, contents from their positional embedding) of Fig. 5.
    - ``mutual_refinement``: ``'parallel'`` (default), ``'boundary_first'``,
      ``'instance_first'``, ``'last_layer'`` (parallel, after the last layer only), ``'none'``
      (Table 5); ``refine_content=True``: Table 5 "Refine Position&Content".

    Args:
        embed_dims (int): Channels ``D`` of the encoder map. Defaults to 256.
        num_layers (int): Decoder layers. Defaults to 4.
        num_queries (int): ``N_q`` (and number of proposals selected). Defaults to 48.
        num_heads (int): Attention heads of every branch. Defaults to 8.
        num_points (int): Sampling points per head and level. Defaults to 4.
        num_levels (int): Feature levels of the encoder map. Defaults to 1.
        ffn_ratio (float): FFN hidden channels per channel of the branch. Defaults to 4.
        dropout (float): Dropout. Defaults to 0.1.
        query_levels (str): ``'dual'``, ``'instance'`` or ``'boundary'``. Defaults to ``'dual'``.
        two_branch (bool): Separate branches on split maps. Defaults to True.
        aligned (bool): One-to-one aligned groups. Defaults to True.
        query_init (str): See above. Defaults to ``'joint'``.
        mutual_refinement (str): See above. Defaults to ``'parallel'``.
        refine_content (bool): See above. Defaults to False.
        detach_content (bool): Stop the gradient of the decoder at the proposal features that
            initialise the contents (``query_init='joint'``), as DINO does for contents taken
            from the encoder memory; the paper does not say. Defaults to True.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - feats: ``(B, D, T)`` or levels ``(B, D, T_l)``; masks: ``(B, T)`` bool (or levels).
        - proposals: ``(B, N, 2)`` normalised ``[start, end]``; proposal_feats: ``(B, N, D)``;
          query_masks: ``(B, N)`` bool (True on real proposals).
        - output: list over layers of :data:`LayerOutput`, and the ``(B, N)`` query masks.
    """

    def __init__(
        self,
        embed_dims: int = 256,
        num_layers: int = 4,
        num_queries: int = 48,
        num_heads: int = 8,
        num_points: int = 4,
        num_levels: int = 1,
        ffn_ratio: float = 4.0,
        dropout: float = 0.1,
        query_levels: str = 'dual',
        two_branch: bool = True,
        aligned: bool = True,
        query_init: str = 'joint',
        mutual_refinement: str = 'parallel',
        refine_content: bool = False,
        detach_content: bool = True,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        check_choice('query_levels', query_levels, QUERY_LEVELS)
        check_choice('query_init', query_init, QUERY_INITS)
        check_choice('mutual_refinement', mutual_refinement, REFINEMENTS)
        self.aligned = aligned and query_levels == 'dual'
        if (mutual_refinement != 'none' or refine_content) and not self.aligned:
            raise ValueError(
                'mutual refinement needs aligned dual-level queries '
                "(query_levels='dual', aligned=True); set mutual_refinement='none'"
            )
        self.embed_dims = embed_dims
        self.num_layers = num_layers
        self.num_queries = num_queries
        self.query_init = query_init
        self.detach_content = detach_content
        self.refinement = mutual_refinement
        self.groups = self._build_groups(embed_dims, query_levels, two_branch)
        self.branches = {
            g.branch: [h for h in self.groups if h.branch == g.branch] for g in self.groups
        }
        kind_dims = {g.kind: g.dims for g in self.groups}
        self.layers = nn.ModuleDict(
            {
                branch: nn.ModuleList(
                    DeformableTransformerLayer(
                        groups[0].dims,
                        num_heads,
                        num_levels,
                        num_points,
                        int(ffn_ratio * groups[0].dims),
                        dropout,
                    )
                    for _ in range(num_layers)
                )
                for branch, groups in self.branches.items()
            }
        )
        coords = dict(instance=2, boundary=1)
        self.reg_heads = nn.ModuleDict(
            {
                kind: nn.ModuleList(mlp(dims, dims, coords[kind], 3) for _ in range(num_layers))
                for kind, dims in kind_dims.items()
            }
        )
        self.pos_heads = nn.ModuleDict({k: mlp(d, d, d, 2) for k, d in kind_dims.items()})
        self.group_embed = nn.ParameterDict(
            {
                g.name: nn.Parameter(torch.randn(g.dims) * 0.02)
                for g in self.groups
                if len(self.branches[g.branch]) > 1
            }
        )
        if query_init in ('position', 'learned'):
            self.content_embed = nn.ParameterDict(
                {g.name: nn.Parameter(torch.randn(num_queries, g.dims)) for g in self.groups}
            )
        if query_init == 'full_position':
            self.content_proj = nn.ModuleDict(
                {k: nn.Sequential(nn.Linear(d, d), nn.LayerNorm(d)) for k, d in kind_dims.items()}
            )
        if query_init == 'learned':
            self.position_logits = nn.ParameterDict(self._learned_positions(num_queries))
        self.content_ffn = None
        if refine_content:
            total = sum(g.dims for g in self.groups)
            self.content_ffn = nn.Sequential(
                mlp(total, int(ffn_ratio * total), total, 2), nn.Dropout(dropout)
            )
            self.content_norm = nn.LayerNorm(total)
        for heads in self.reg_heads.values():
            for head in heads:
                nn.init.zeros_(head[-1].weight)
                nn.init.zeros_(head[-1].bias)

    @staticmethod
    def _build_groups(dims: int, query_levels: str, two_branch: bool) -> list[_Group]:
        """Query groups with their channel slices of the encoder map and their branch."""
        full = slice(0, dims)
        if query_levels == 'instance':
            return [_Group('instance', 'instance', full, 'instance')]
        if query_levels == 'boundary':
            return [
                _Group('start', 'boundary', slice(0, dims // 2), 'boundary'),
                _Group('end', 'boundary', slice(dims // 2, dims), 'boundary'),
            ]
        if not two_branch:
            return [_Group(name, kind, full, 'shared') for name, kind in _DUAL_KINDS]
        if dims % 4:
            raise ValueError(f'embed_dims must be divisible by 4 for the split, got {dims}')
        quarter = dims // 4
        return [
            _Group('start', 'boundary', slice(0, quarter), 'boundary'),
            _Group('end', 'boundary', slice(quarter, 2 * quarter), 'boundary'),
            _Group('instance', 'instance', slice(2 * quarter, dims), 'instance'),
        ]

    def _learned_positions(self, num_queries: int) -> dict[str, nn.Parameter]:
        """Sample-agnostic positions (as logits): uniform centres, duration 0.1, aligned."""
        centre = torch.rand(num_queries, 1)
        width = torch.full_like(centre, 0.1)
        values = dict(
            instance=torch.cat([centre, width], -1),
            start=(centre - width / 2).clamp(0, 1),
            end=(centre + width / 2).clamp(0, 1),
        )
        return {g.name: nn.Parameter(inverse_sigmoid(values[g.name])) for g in self.groups}

    @property
    def set_dims(self) -> dict[str, int]:
        """Channels of the classification features of each prediction set."""
        dims = {g.name: g.dims for g in self.groups}
        sets = {}
        if 'instance' in dims:
            sets['instance'] = dims['instance']
        if 'start' in dims and not self.aligned:
            sets['boundary'] = dims['start'] + dims['end']
        return sets

    def _init_queries(
        self,
        batch: int,
        proposals: torch.Tensor | None,
        proposal_feats: torch.Tensor | None,
        device: torch.device,
    ) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
        """Initial positions and contents of every group (Sec. 3.4)."""
        if self.query_init == 'learned':
            positions = {
                name: logits.sigmoid()[None].expand(batch, -1, -1)
                for name, logits in self.position_logits.items()
            }
        else:
            if proposals is None:
                raise ValueError(f"query_init='{self.query_init}' needs encoder proposals")
            start, end = proposals[..., :1], proposals[..., 1:]
            values = dict(instance=torch.cat([(start + end) / 2, end - start], -1), start=start)
            values['end'] = end
            positions = {g.name: values[g.name].detach() for g in self.groups}
        num = next(iter(positions.values())).shape[1]
        contents = {}
        for group in self.groups:
            if self.query_init == 'joint':
                if proposal_feats is None:
                    raise ValueError("query_init='joint' needs the proposal features")
                content = proposal_feats[..., group.channels]
                contents[group.name] = content.detach() if self.detach_content else content
            elif self.query_init == 'full_position':
                embed = sine_position_embedding(positions[group.name], group.dims)
                contents[group.name] = self.content_proj[group.kind](embed)
            else:
                embed = self.content_embed[group.name][:num].to(device)
                contents[group.name] = embed[None].expand(batch, -1, -1)
        return positions, contents

    def _query_pos(self, group: _Group, position: torch.Tensor) -> torch.Tensor:
        """Positional query ``MLP(sine(position))`` (+ group embedding) ``(B, N, d)``."""
        pos = self.pos_heads[group.kind](sine_position_embedding(position, group.dims))
        if group.name in self.group_embed:
            pos = pos + self.group_embed[group.name]
        return pos

    def _prediction_sets(
        self, contents: dict[str, torch.Tensor], positions: dict[str, torch.Tensor]
    ) -> LayerOutput:
        """Classification features and segments of each prediction set (see class docstring)."""
        sets = {}
        boundary = None
        if 'start' in positions:
            boundary = boundary_segments(positions['start'], positions['end'])
        if 'instance' in positions:
            segments = instance_segments(positions['instance'])
            if self.aligned:
                segments = (segments + boundary) / 2
            sets['instance'] = (contents['instance'], segments)
        if boundary is not None and not self.aligned:
            feats = torch.cat([contents['start'], contents['end']], dim=-1)
            sets['boundary'] = (feats, boundary)
        return sets

    def _refine_contents(self, contents: dict[str, torch.Tensor]) -> None:
        """Table 5 "Refine Position&Content": FFN over the concatenated aligned contents."""
        joined = torch.cat([contents[g.name] for g in self.groups], dim=-1)
        joined = self.content_norm(joined + self.content_ffn(joined))
        parts = joined.split([g.dims for g in self.groups], dim=-1)
        contents.update({g.name: part for g, part in zip(self.groups, parts)})

    def forward(
        self,
        feats: LevelInput,
        masks: torch.Tensor | None = None,
        proposals: torch.Tensor | None = None,
        proposal_feats: torch.Tensor | None = None,
        query_masks: torch.Tensor | None = None,
    ) -> tuple[list[LayerOutput], torch.Tensor]:
        """Decode; see the class docstring for shapes."""
        levels, level_masks = as_levels(feats, masks)
        batch, device = levels[0].shape[0], levels[0].device
        positions, contents = self._init_queries(batch, proposals, proposal_feats, device)
        num = next(iter(positions.values())).shape[1]
        if query_masks is None or self.query_init == 'learned':
            query_masks = torch.ones(batch, num, dtype=torch.bool, device=device)
        # Samples without any real query (an empty window) attend to all rather than to none.
        ignore = ~(query_masks | ~query_masks.any(dim=1, keepdim=True))  # (B, N)
        values = {g.name: [level[:, g.channels] for level in levels] for g in self.groups}
        outputs = []
        for index in range(self.num_layers):
            for branch, groups in self.branches.items():
                layer = self.layers[branch][index]
                query_pos = [self._query_pos(g, positions[g.name]) for g in groups]
                query = torch.cat([contents[g.name] for g in groups], dim=1)  # (B, G N, d)
                query = layer.self_attention(
                    query, torch.cat(query_pos, dim=1), ignore.repeat(1, len(groups))
                )
                query = torch.cat(
                    [
                        layer.cross_attention(
                            part, pos, positions[g.name], values[g.name], level_masks
                        )
                        for g, part, pos in zip(groups, query.split(num, dim=1), query_pos)
                    ],
                    dim=1,
                )
                query = layer.feed_forward(query)
                contents.update({g.name: part for g, part in zip(groups, query.split(num, 1))})
            for group in self.groups:  # Eqs. (3), (5)
                delta = self.reg_heads[group.kind][index](contents[group.name])
                positions[group.name] = (delta + inverse_sigmoid(positions[group.name])).sigmoid()
            last = index == self.num_layers - 1
            if self.refinement not in ('none', 'last_layer') or (
                self.refinement == 'last_layer' and last
            ):
                order = 'parallel' if self.refinement == 'last_layer' else self.refinement
                refined = mutual_refinement(
                    positions['instance'], positions['start'], positions['end'], order
                )
                positions.update(
                    zip(('instance', 'start', 'end'), (p.clamp(0, 1) for p in refined))
                )
            if self.content_ffn is not None:
                self._refine_contents(contents)
            outputs.append(self._prediction_sets(contents, positions))
            positions = {name: position.detach() for name, position in positions.items()}
        return outputs, query_masks
