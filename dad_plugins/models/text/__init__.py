"""Text side of language-video losses: a frozen CLIP text encoder and class-name embeddings."""

from .class_text_embeddings import load_class_text_embeddings, save_class_text_embeddings
from .clip_text_encoder import CLIPTextEncoder, TextModelNotFoundError

__all__ = [
    'CLIPTextEncoder',
    'TextModelNotFoundError',
    'load_class_text_embeddings',
    'save_class_text_embeddings',
]
