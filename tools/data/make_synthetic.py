"""Generate the synthetic dense action dataset, the library's embedded default.

Example::

    python tools/data/make_synthetic.py data/synthetic
    python tools/data/make_synthetic.py data/synthetic_small --num-train 40 --num-test 10 --seed 1
"""

import argparse
import inspect

from dad_plugins.datasets.synthetic import make_synthetic_dataset

_DEFAULTS = {
    name: param.default
    for name, param in inspect.signature(make_synthetic_dataset).parameters.items()
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out_dir', help='output directory')
    options = (
        ('num_train', int, 'training videos'),
        ('num_test', int, 'testing videos'),
        ('feat_dim', int, 'clip feature dimension D'),
        ('entity_feat_dim', int, 'entity feature dimension D_ent'),
        ('num_classes', int, 'number of action classes'),
        ('feature_rate', float, 'feature tokens per second'),
        ('mean_duration', float, 'mean video duration in seconds'),
        ('signal_scale', float, 'class signature amplitude relative to the noise'),
        ('entity_signal_scale', float, 'entity signature amplitude in the entity stream'),
        ('noise_rho', float, 'lag-one correlation of the AR(1) noise'),
        ('ramp_s', float, 'width in seconds of the ramp at each segment boundary'),
        ('seed', int, 'random seed'),
    )
    for name, type_, help_ in options:
        parser.add_argument(
            f'--{name.replace("_", "-")}',
            type=type_,
            default=_DEFAULTS[name],
            help=f'{help_} (default: %(default)s)',
        )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    summary = make_synthetic_dataset(**vars(args))
    print(
        f'Wrote {summary["num_train"] + summary["num_test"]} videos '
        f'({summary["num_train"]} training, {summary["num_test"]} testing), '
        f'{summary["num_classes"]} classes, {summary["num_segments"]} segments, '
        f'features D={summary["feat_dim"]}, entity features D={summary["entity_feat_dim"]} '
        f'to {summary["out_dir"]}'
    )


if __name__ == '__main__':
    main()
