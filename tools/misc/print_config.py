"""Print a config with its ``_base_`` files merged and the ``--cfg-options`` applied.

Usage: python tools/misc/print_config.py CONFIG [--cfg-options k=v ...]
"""

import argparse

from dad_plugins.engine import add_cfg_options, load_config


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Print the whole merged config')
    parser.add_argument('config', help='config file path')
    add_cfg_options(parser, 'train_cfg.max_epochs=5')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    print(f'Config:\n{cfg.pretty_text}')


if __name__ == '__main__':
    main()
