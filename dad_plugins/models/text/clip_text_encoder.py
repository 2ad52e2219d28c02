"""Frozen CLIP text encoder: class-name prompts to text features (RefDense Sec. 3.2, CoLV)."""

import os
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

HOW_TO_PROVIDE = (
    'to use a CLIP text model without network access, save it on a machine with network: '
    '`CLIPTextModelWithProjection.from_pretrained(name).save_pretrained(dir)` and '
    '`CLIPTokenizer.from_pretrained(name).save_pretrained(dir)`, then pass `dir` as '
    'model_name_or_path; or precompute the class-name embeddings with '
    "tools/data/encode_class_names.py and point the config's text_embeddings to the .npy file "
    '(see docs/text_embeddings.md)'
)


class TextModelNotFoundError(FileNotFoundError):
    """A CLIP text model or tokenizer that cannot be loaded; ``problem`` says what failed and
    the message adds :data:`HOW_TO_PROVIDE`."""

    def __init__(self, problem: str) -> None:
        super().__init__(f'{problem}; {HOW_TO_PROVIDE}')
        self.problem = problem


def _is_local_path(name: str) -> bool:
    """Whether ``name`` can only be a local directory, not a hub id (``name`` or ``org/name``)."""
    return os.path.isabs(name) or name.startswith(('.', '~')) or name.count('/') > 1


@MODELS.register_module()
class CLIPTextEncoder(BaseModule):
    """A frozen pre-trained CLIP text encoder (HuggingFace ``CLIPTextModelWithProjection``).

    RefDense Sec. 3.2, "Contrastive Co-Occurrence Language-Video Learning": the text feature of a
    class ``c`` is ``u_c = TextEncoder('a photo of [c]')``, the projected CLIP text embedding of
    the prompt. The model is frozen: its parameters do not require gradients, it stays in eval
    mode when a parent module calls ``.train()``, and ``init_weights`` leaves the pre-trained
    weights untouched. Training usually reads cached embeddings instead
    (``tools/data/encode_class_names.py``, :func:`load_class_text_embeddings`), so that it does
    not need the text model at all.

    Args:
        model_name_or_path (str): A local directory holding a saved ``CLIPTextModelWithProjection``
            and its ``CLIPTokenizer`` (both ``save_pretrained`` into it), or a HuggingFace hub name
            such as ``'openai/clip-vit-base-patch32'`` (needs network or the local hub cache).
        template (str): Prompt of a class name, formatted with ``template.format(name)``.
            Defaults to ``'a photo of {}'``.
        normalize (bool): L2-normalise the embeddings. Defaults to True.
        max_length (int): Longest tokenised prompt (with start and end tokens); longer prompts are
            truncated. Capped at the model's ``max_position_embeddings``. Defaults to 77.
        local_files_only (bool): Never reach the network, even for a hub name. Defaults to False.
        init_cfg (dict | list[dict], optional): Unused: the weights are pre-trained.

    Raises:
        TextModelNotFoundError: A ``FileNotFoundError``, when the model or tokenizer cannot be
            loaded (missing directory, no network, incomplete files); the message names
            ``model_name_or_path`` and says how to provide a local copy or cached embeddings.
    """

    def __init__(
        self,
        model_name_or_path: str,
        template: str = 'a photo of {}',
        normalize: bool = True,
        max_length: int = 77,
        local_files_only: bool = False,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.model_name_or_path = str(model_name_or_path)
        self.template = template
        self.normalize = normalize
        self.model, self.tokenizer = self._load(self.model_name_or_path, local_files_only)
        self.max_length = min(max_length, self.model.config.max_position_embeddings)
        self.model.requires_grad_(False)
        self.model.eval()

    def _load(self, name: str, local_files_only: bool) -> tuple:
        """Load the model and the tokenizer, or raise FileNotFoundError saying what to do."""
        # Imported here: transformers is only needed when a text model is actually built.
        from transformers import CLIPTextModelWithProjection, CLIPTokenizer

        if _is_local_path(name) and not os.path.isdir(os.path.expanduser(name)):
            raise TextModelNotFoundError(f'CLIP text model directory {name!r} does not exist')
        path = os.path.expanduser(name)
        try:
            model = CLIPTextModelWithProjection.from_pretrained(
                path, local_files_only=local_files_only, dtype=torch.float32
            )
            # CLIPTokenizer rather than AutoTokenizer: it also reads a folder holding only
            # vocab.json and merges.txt. Given no vocabulary at all it silently builds an
            # all-unknown tokenizer, hence the check below.
            tokenizer = CLIPTokenizer.from_pretrained(path, local_files_only=local_files_only)
            probe = self.template.format('').strip() or 'a photo of'
            ids = tokenizer(probe, add_special_tokens=False)['input_ids']
            if all(token_id == tokenizer.unk_token_id for token_id in ids):
                raise ValueError(
                    f'the tokenizer maps {probe!r} to unknown tokens only: no vocabulary '
                    '(tokenizer.json, or vocab.json and merges.txt) was found'
                )
        except (OSError, ValueError) as err:
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise TextModelNotFoundError(
                f'could not load a CLIP text model and tokenizer from {name!r} ({reason})'
            ) from err
        return model, tokenizer

    @property
    def embed_dims(self) -> int:
        """``D_text``, the dimension of the projected text embeddings."""
        return self.model.config.projection_dim

    def init_weights(self) -> None:
        """Keep the pre-trained weights: nothing to initialise."""
        self._is_init = True

    def train(self, mode: bool = True) -> 'CLIPTextEncoder':
        """Stay in eval mode whatever ``mode`` is: the encoder is frozen."""
        return super().train(False)

    def forward(self, texts: Sequence[str]) -> torch.Tensor:
        """Embed texts.

        Args:
            texts (Sequence[str]): ``N`` texts (a single string is rejected).

        Returns:
            Tensor: ``(N, D_text)`` float32 projected text embeddings (``text_embeds``),
            L2-normalised when ``normalize``, on the module's device, without gradient.
        """
        if isinstance(texts, str):
            raise TypeError(f'expected a sequence of texts, got the string {texts!r}')
        texts = list(texts)
        device = next(self.model.parameters()).device
        if not texts:
            return torch.zeros(0, self.embed_dims, device=device)
        tokens = self.tokenizer(
            texts,
            padding=True,
            truncation=True,
            max_length=self.max_length,
            return_tensors='pt',
        )
        with torch.no_grad():
            embeds = self.model(
                input_ids=tokens['input_ids'].to(device),  # (N, L)
                attention_mask=tokens['attention_mask'].to(device),  # (N, L)
            ).text_embeds  # (N, D_text)
        return F.normalize(embeds, dim=-1) if self.normalize else embeds

    def encode_class_names(self, class_names: Sequence[str]) -> torch.Tensor:
        """Embed the prompt ``template.format(name)`` of every class.

        Args:
            class_names (Sequence[str]): ``C`` class names.

        Returns:
            Tensor: ``(C, D_text)``, as :meth:`forward`.
        """
        if isinstance(class_names, str):
            raise TypeError(f'expected a sequence of class names, got the string {class_names!r}')
        return self([self.template.format(name) for name in class_names])
