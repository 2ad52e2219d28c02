"""Softmax attention computed one block of queries at a time: no ``(T_q, T_k)`` tensor."""

from collections.abc import Callable

import torch
from torch.utils.checkpoint import checkpoint

# ``(query block (B, H, Q, D_h), first query index) -> (B | 1, H | 1, Q, T_k)`` logits to add.
LogitBias = Callable[[torch.Tensor, int], torch.Tensor]
# ``(attention weights (B, H, Q, T_k), first query index) -> (B, H, Q, D_v)`` output to add.
WeightedOutput = Callable[[torch.Tensor, int], torch.Tensor]


def attention_allowed(
    key_masks: torch.Tensor | None,
    query_ids: torch.Tensor | None,
    key_ids: torch.Tensor | None,
) -> torch.Tensor | None:
    """Which keys each query may attend to: valid keys of the query's own sequence.

    Args:
        key_masks (Tensor, optional): ``(B, T_k)`` bool, True on valid keys.
        query_ids (Tensor, optional): ``(B, Q)`` sequence id of every query.
        key_ids (Tensor, optional): ``(B, T_k)`` sequence id of every key; given with
            ``query_ids``.

    Returns:
        Tensor | None: ``(B, 1, 1 | Q, T_k)`` bool (broadcast over heads), or None when every
        key is allowed.
    """
    allowed = None if key_masks is None else key_masks[:, None, None, :]
    if query_ids is not None:
        same = query_ids[:, None, :, None] == key_ids[:, None, None, :]  # (B, 1, Q, T_k)
        allowed = same if allowed is None else allowed & same
    return allowed


def blockwise_attention(
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    key_masks: torch.Tensor | None = None,
    sequence_ids: torch.Tensor | None = None,
    key_sequence_ids: torch.Tensor | None = None,
    logit_bias: LogitBias | None = None,
    weighted_output: WeightedOutput | None = None,
    attn_drop: Callable[[torch.Tensor], torch.Tensor] | None = None,
    block_size: int = 256,
) -> torch.Tensor:
    """``softmax(q k^T + bias) v`` over blocks of ``block_size`` queries (flash-style memory).

    Each block computes its own ``(B, H, Q, T_k)`` logits, adds ``logit_bias`` (e.g. relative
    positions, computed for that block only), excludes the keys it may not attend to with a
    finite fill (a query without any allowed key gets uniform weights, never NaN), applies the
    softmax and ``attn_drop`` and multiplies by the values, adding ``weighted_output`` of the
    weights. Memory is ``O(B H Q T_k)`` instead of ``O(B H T_q T_k)``. With autograd on and
    more than one block, every block is recomputed in the backward pass
    (``torch.utils.checkpoint``, random state preserved for dropout), so the weights of only
    one block are held at a time in training too. With one block (``T_q <= block_size``) the
    computation is the plain one.

    Args:
        query (Tensor): ``(B, H, T_q, D_h)``, already scaled.
        key (Tensor): ``(B, H, T_k, D_h)``.
        value (Tensor): ``(B, H, T_k, D_v)``.
        key_masks (Tensor, optional): ``(B, T_k)`` bool, True on keys that may be attended to.
        sequence_ids (Tensor, optional): ``(B, T_q)`` integer id of the sequence of every query
            (several videos packed in one row); a query attends only to keys of its own id.
        key_sequence_ids (Tensor, optional): ``(B, T_k)`` ids of the keys. Defaults to
            ``sequence_ids`` (self-attention).
        logit_bias (Callable, optional): See :data:`LogitBias`.
        weighted_output (Callable, optional): See :data:`WeightedOutput`.
        attn_drop (Callable, optional): Dropout on the attention weights.
        block_size (int): Queries per block ``Q``. Defaults to 256.

    Returns:
        Tensor: ``(B, H, T_q, D_v)``.
    """
    if block_size < 1:
        raise ValueError(f'block_size must be >= 1, got {block_size}')
    if key_sequence_ids is None:
        key_sequence_ids = sequence_ids
    fill = torch.finfo(query.dtype).min

    def attend(query_block: torch.Tensor, start: int) -> torch.Tensor:
        # In-place updates avoid further (B, H, Q, T_k) temporaries.
        logits = query_block @ key.transpose(-2, -1)  # (B, H, Q, T_k)
        if logit_bias is not None:
            logits.add_(logit_bias(query_block, start))
        stop = start + query_block.shape[2]
        query_ids = None if sequence_ids is None else sequence_ids[:, start:stop]
        allowed = attention_allowed(key_masks, query_ids, key_sequence_ids)
        if allowed is not None:
            logits.masked_fill_(~allowed, fill)
        attn = logits.softmax(dim=-1)
        if attn_drop is not None:
            attn = attn_drop(attn)
        out = attn @ value  # (B, H, Q, D_v)
        if weighted_output is not None:
            out = out + weighted_output(attn, start)
        return out

    length = query.shape[2]
    if length <= block_size:
        return attend(query, 0)
    recompute = torch.is_grad_enabled()
    outputs = []
    for start in range(0, length, block_size):
        query_block = query[:, :, start : start + block_size]
        if recompute:
            outputs.append(checkpoint(attend, query_block, start, use_reentrant=False))
        else:
            outputs.append(attend(query_block, start))
    return torch.cat(outputs, dim=2)
