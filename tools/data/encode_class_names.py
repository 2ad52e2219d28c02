"""Encode class names with a frozen CLIP text encoder and cache them as a (C, D_text) .npy file.

Each class ``c`` becomes ``TEMPLATE.format(c)`` (default ``'a photo of {}'``), RefDense's CoLV text
feature ``u_c``. See docs/text_embeddings.md.

Example::

    python tools/data/encode_class_names.py data/charades/classes.txt \\
        data/charades/text_embeddings/actions.npy --model checkpoints/clip_text --local-files-only
    python tools/data/encode_class_names.py dad_plugins/datasets/sub_labels/charades.json \\
        data/charades/text_embeddings/entity.npy --sub-labels entity --model checkpoints/clip_text
"""

import argparse

from dad_plugins.datasets import SUB_LABEL_KINDS, read_class_names, read_sub_label_map
from dad_plugins.models.text import (
    CLIPTextEncoder,
    TextModelNotFoundError,
    save_class_text_embeddings,
)
from dad_plugins.utils.input_errors import exit_on_input_error


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        'class_file',
        help='class-name file ("c000 Holding some clothes" or one name per line), or a sub-label '
        'JSON with --sub-labels',
    )
    parser.add_argument('out', help='output .npy file')
    parser.add_argument(
        '--model',
        required=True,
        help='directory of a saved CLIP text model and tokenizer, or a HuggingFace hub name',
    )
    parser.add_argument(
        '--template', default='a photo of {}', help='prompt of a class name (default: %(default)r)'
    )
    parser.add_argument(
        '--sub-labels',
        choices=SUB_LABEL_KINDS,
        help='CLASS_FILE is a sub-label JSON: encode its "<kind>_classes" list',
    )
    parser.add_argument(
        '--local-files-only', action='store_true', help='never reach the network for the model'
    )
    parser.add_argument('--device', default='cpu', help='torch device (default: %(default)s)')
    return parser.parse_args()


def load_encoder(args: argparse.Namespace) -> CLIPTextEncoder:
    """The text model of ``--model``, or exit saying how to save one (not how to use this tool)."""
    try:
        encoder = CLIPTextEncoder(
            args.model, template=args.template, local_files_only=args.local_files_only
        )
    except TextModelNotFoundError as error:
        raise SystemExit(
            f'error: {error.problem}; on a machine with network, save the model and its tokenizer '
            'to a directory (`CLIPTextModelWithProjection.from_pretrained(name).save_pretrained'
            '(dir)` and `CLIPTokenizer.from_pretrained(name).save_pretrained(dir)`) and pass '
            'that directory as --model (see docs/text_embeddings.md)'
        ) from None
    return encoder.to(args.device)


def main() -> None:
    args = parse_args()
    # a missing model or file, a faulty class file or output path: one line, no traceback
    with exit_on_input_error(ValueError):
        if args.sub_labels is None:
            names = read_class_names(args.class_file).names
        else:
            sub_label_map = read_sub_label_map(args.class_file)
            names = list(getattr(sub_label_map, f'{args.sub_labels}_classes'))
        encoder = load_encoder(args)
        embeddings = encoder.encode_class_names(names)  # (C, D_text)
        save_class_text_embeddings(args.out, embeddings)
    print(f'Wrote class text embeddings of shape {tuple(embeddings.shape)} to {args.out}')


if __name__ == '__main__':
    main()
