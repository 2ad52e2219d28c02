"""Post-norm transformer encoder layer over sets of tokens: one branch of an MLAD layer."""

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..utils import check_heads
from .attention_heads import merge_heads


@MODELS.register_module()
class SelfAttentionBlock(BaseModule):
    """Scaled dot-product self-attention within each of ``N`` sets of ``L`` tokens, then an FFN.

    MLAD Sec. 3.1, Eq. (2)-(5): the co-occurrence branch runs it over the ``C`` classes of each
    time step (``N = B T``, ``L = C``), the temporal branch over the ``T`` time steps of each
    class (``N = B C``, ``L = T``). With one head, ``A = softmax(Q K^T / sqrt(H))`` and the
    output ``A V`` are Eq. (2)-(5) exactly. Around the attention, the layer has the structure of
    the authors' released code (post-norm, as in Vaswani et al.)::

        x = LN(x + Drp(ReLU(Linear_o(A V))))                 # Q, K, V = Linear(x)
        x = LN(x + Drp(Linear_2(Drp(ReLU(Linear_1(x))))))    # FFN, hidden width ffn_dims

    With ``embed_dims = ffn_dims = 128`` two such blocks hold 199,168 parameters: the "about
    200K parameters" per MLAD layer of the paper's supplement (Sec. 4).

    The attention runs through ``F.scaled_dot_product_attention``: at most the ``(N, heads, L, L)``
    weights are stored (at inference the CPU flash kernel does not even materialise them), so
    the attention memory of the two MLAD branches is ``O(B T C^2 + B C T^2)`` per head. Without
    autograd the sets are refined in groups of at most ``inference_chunk_tokens`` tokens, so the
    temporaries of a layer (q, k, v, FFN, norms) never exceed one group; the result is the same,
    the sets being independent.

    Args:
        embed_dims (int): Token channels ``H``. Defaults to 128 (MLAD Sec. 5.1).
        num_heads (int): Attention heads; each attends with ``embed_dims / num_heads``
            channels. Defaults to 1, Eq. (2)-(5).
        ffn_dims (int, optional): Hidden channels of the FFN; None means ``embed_dims`` (the
            released code). Defaults to None.
        dropout (float): Dropout on the attention weights, the FFN hidden layer and both
            residual branches. Defaults to 0.2 (released code).
        inference_chunk_tokens (int): Tokens (sets times ``L``) refined at once without
            autograd. Defaults to 8192.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - x: ``(N, L, H)``; key_masks: ``(N, L)`` bool, True on tokens that may be attended to
          (None: all).
        - output: ``(N, L, H)``. Masked tokens still get outputs; they never reach the others.
    """

    def __init__(
        self,
        embed_dims: int = 128,
        num_heads: int = 1,
        ffn_dims: int | None = None,
        dropout: float = 0.2,
        inference_chunk_tokens: int = 8192,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        check_heads(embed_dims, num_heads)
        if inference_chunk_tokens < 1:
            raise ValueError(f'inference_chunk_tokens must be >= 1, got {inference_chunk_tokens}')
        self.inference_chunk_tokens = inference_chunk_tokens
        self.num_heads = num_heads
        self.dropout = dropout
        ffn_dims = ffn_dims or embed_dims
        self.qkv = nn.Linear(embed_dims, 3 * embed_dims)
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.ffn = nn.Sequential(
            nn.Linear(embed_dims, ffn_dims),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(ffn_dims, embed_dims),
        )
        self.norm_attn = nn.LayerNorm(embed_dims)
        self.norm_ffn = nn.LayerNorm(embed_dims)
        self.drop = nn.Dropout(dropout)

    def attention(self, x: torch.Tensor, key_masks: torch.Tensor | None) -> torch.Tensor:
        """``softmax(Q K^T / sqrt(H / heads)) V`` per head, heads concatenated: ``(N, L, H)``."""
        num_sets, length, channels = x.shape
        qkv = self.qkv(x).view(num_sets, length, 3, self.num_heads, channels // self.num_heads)
        query, key, value = qkv.permute(2, 0, 3, 1, 4).unbind(0)  # each (N, heads, L, H / heads)
        bias = None
        if key_masks is not None:
            # Additive and finite: a set without any valid key gets uniform weights, not NaN.
            bias = torch.zeros(key_masks.shape, dtype=x.dtype, device=x.device)
            bias = bias.masked_fill(~key_masks, torch.finfo(x.dtype).min)[:, None, None, :]
        out = F.scaled_dot_product_attention(
            query, key, value, attn_mask=bias, dropout_p=self.dropout if self.training else 0.0
        )  # (N, heads, L, H / heads)
        return merge_heads(out)

    def refine(self, x: torch.Tensor, key_masks: torch.Tensor | None) -> torch.Tensor:
        """Attention and FFN sub-layers of ``(N, L, H)`` tokens; see the class docstring."""
        x = self.norm_attn(x + self.drop(F.relu(self.proj(self.attention(x, key_masks)))))
        return self.norm_ffn(x + self.drop(self.ffn(x)))

    def forward(self, x: torch.Tensor, key_masks: torch.Tensor | None = None) -> torch.Tensor:
        """Refine ``(N, L, H)`` tokens; see the class docstring."""
        sets_per_chunk = max(1, self.inference_chunk_tokens // x.shape[1])
        if torch.is_grad_enabled() or x.shape[0] <= sets_per_chunk:
            return self.refine(x, key_masks)
        out = torch.empty_like(x)
        for start in range(0, x.shape[0], sets_per_chunk):
            chunk = slice(start, start + sets_per_chunk)
            out[chunk] = self.refine(x[chunk], None if key_masks is None else key_masks[chunk])
        return out
