"""Draft an entity/motion sub-label file for a class list, to be edited by hand.

Example::

    python tools/data/propose_sub_labels.py data/mydataset/classes.txt \\
        data/mydataset/sub_labels.json
"""

import argparse
import json
from pathlib import Path

from dad_plugins.datasets import propose_sub_label_map, read_class_names
from dad_plugins.utils.atomic_write import write_atomic
from dad_plugins.utils.input_errors import exit_on_input_error


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('class_file', help='class-name file ("<id> <name>" or "<name>" per line)')
    parser.add_argument('out_json', help='sub-label file to write')
    parser.add_argument('--force', action='store_true', help='overwrite an existing out_json')
    return parser.parse_args()


def format_sub_label_file(data: dict) -> str:
    """The sub-label file text: 2-space indentation, one sub-class or action per line.

    Args:
        data (dict): ``entity_classes``, ``motion_classes`` and ``actions``, as given by
            :meth:`~dad_plugins.datasets.SubLabelMap.to_json`.

    Returns:
        str: The JSON text, ending with a newline.
    """
    blocks = []
    for key in ('entity_classes', 'motion_classes', 'actions'):
        items = ',\n'.join(f'    {json.dumps(item)}' for item in data[key])
        blocks.append(
            f'  {json.dumps(key)}: [\n{items}\n  ]' if items else f'  {json.dumps(key)}: []'
        )
    return '{\n' + ',\n'.join(blocks) + '\n}\n'


def main() -> None:
    args = parse_args()
    out = Path(args.out_json)
    if out.exists() and not args.force:
        raise SystemExit(f'error: {out} exists; pass --force to overwrite it')
    with exit_on_input_error():
        names = read_class_names(args.class_file).names
    sub_label_map = propose_sub_label_map(names)
    try:
        write_atomic(out, format_sub_label_file(sub_label_map.to_json(names)).encode())
    except OSError as error:
        raise SystemExit(
            f'error: cannot write {out} ({error.__class__.__name__}: {error})'
        ) from None
    num_without = {
        kind: sum(index < 0 for index in indices)
        for kind, indices in (
            ('entity', sub_label_map.action_to_entity),
            ('motion', sub_label_map.action_to_motion),
        )
    }
    print(
        f'Wrote {out}: {len(names)} actions, {sub_label_map.num_classes("entity")} entity classes '
        f'({num_without["entity"]} actions without), {sub_label_map.num_classes("motion")} motion '
        f'classes ({num_without["motion"]} actions without)'
    )
    print(f'This is a rule-based draft: check and edit every entry of {out} by hand.')


if __name__ == '__main__':
    main()
