"""A tiny CLIP text model and tokenizer saved to a folder, so that tests need no download.

The tokenizer has a hand-made byte-level BPE vocabulary in which every given word is one token;
the model has random weights (fixed seed).
"""

from collections import Counter
from pathlib import Path

import torch

BOS, EOS = '<|startoftext|>', '<|endoftext|>'


def merge_pair(tokens: list[str], pair: tuple[str, str]) -> list[str]:
    """``tokens`` with every adjacent occurrence of ``pair`` merged, left to right."""
    merged: list[str] = []
    for token in tokens:
        if merged and (merged[-1], token) == pair:
            merged[-1] += token
        else:
            merged.append(token)
    return merged


def tiny_bpe(words: list[str]) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """A byte-level BPE vocabulary and merges, trained on ``words`` until each is one token.

    Tokens: the special tokens, every character alone and word-final (``'c'``, ``'c</w>'``), then
    one token per merge, the most frequent adjacent pair first (ties: the largest pair), as in
    CLIP's BPE; replaying the merges in order turns every word into ``'<word></w>'``.
    """
    vocab: dict[str, int] = {BOS: 0, EOS: 1}
    for char in sorted(set(''.join(words))):
        vocab.setdefault(char, len(vocab))
        vocab.setdefault(f'{char}</w>', len(vocab))
    splits = [[*word[:-1], f'{word[-1]}</w>'] for word in words]
    merges: list[tuple[str, str]] = []
    while any(len(tokens) > 1 for tokens in splits):
        counts = Counter(pair for tokens in splits for pair in zip(tokens, tokens[1:]))
        pair = max(counts, key=lambda pair: (counts[pair], pair))
        merges.append(pair)
        vocab.setdefault(''.join(pair), len(vocab))
        splits = [merge_pair(tokens, pair) for tokens in splits]
    return vocab, merges


def save_tiny_clip_text_model(folder: str | Path, words: list[str], projection_dim: int = 16):
    """Save a tiny ``CLIPTextModelWithProjection`` and its ``CLIPTokenizer`` into ``folder``.

    Args:
        folder (str | Path): Destination (created if missing).
        words (list[str]): Lower-case words that become one token each.
        projection_dim (int): ``D_text``. Defaults to 16.

    Returns:
        tuple: The tokenizer's vocabulary (token to id) and the tokenizer.
    """
    # Imported here: transformers is only needed where a text model is actually built.
    from transformers import CLIPTextConfig, CLIPTextModelWithProjection, CLIPTokenizer

    vocab, merges = tiny_bpe(sorted(set(words)))
    # vocab=/merges= (dicts, lists of pairs): vocab_file= would be ignored (all-unknown tokens).
    tokenizer = CLIPTokenizer(vocab=vocab, merges=merges)
    config = CLIPTextConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        projection_dim=projection_dim,
        max_position_embeddings=32,
        bos_token_id=vocab[BOS],
        eos_token_id=vocab[EOS],
        pad_token_id=vocab[EOS],
    )
    torch.manual_seed(0)
    CLIPTextModelWithProjection(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return vocab, tokenizer
