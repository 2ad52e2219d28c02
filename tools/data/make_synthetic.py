"""Generate the synthetic dense action dataset, the library's embedded default.

Example::

    python tools/data/make_synthetic.py data/synthetic
    python tools/data/make_synthetic.py data/synthetic_small --num-train 40 --num-test 10 --seed 1
    python tools/data/make_synthetic.py data/synthetic_charades_like \\
        --profile charades-like --source ../shared/data/charades.json
"""

import argparse
import inspect

from dad_plugins.datasets.synthetic import make_charades_like_dataset, make_synthetic_dataset

PROFILES = {'default': make_synthetic_dataset, 'charades-like': make_charades_like_dataset}
_OPTIONS = (
    ('num_train', int, 'training videos'),
    ('num_test', int, 'testing videos'),
    ('feat_dim', int, 'clip feature dimension D'),
    ('entity_feat_dim', int, 'entity feature dimension D_ent'),
    ('num_classes', int, 'number of action classes'),
    ('context_pairs', int, 'charades-like: pairs of classes of one entity sharing one signature'),
    ('feature_rate', float, 'feature tokens per second'),
    ('mean_duration', float, 'default profile: mean video duration in seconds'),
    ('signal_scale', float, 'class signature amplitude relative to the noise'),
    ('entity_signal_scale', float, 'entity signature amplitude in the entity stream'),
    ('noise_rho', float, 'lag-one correlation of the AR(1) noise'),
    ('ramp_s', float, 'width in seconds of the ramp at each segment boundary'),
    ('seed', int, 'random seed'),
)


def _defaults(profile: str) -> dict:
    parameters = inspect.signature(PROFILES[profile]).parameters
    return {name: p.default for name, p in parameters.items() if p.default is not p.empty}


def parse_args() -> tuple[str, dict]:
    default, charades_like = _defaults('default'), _defaults('charades-like')
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out_dir', help='output directory')
    parser.add_argument(
        '--profile',
        choices=tuple(PROFILES),
        default='default',
        help='default: scripted classes, Charades-like statistics; charades-like: the label '
        'structure of real Charades videos (needs --source), weaker and context-only features',
    )
    parser.add_argument('--source', help='charades-like: the Charades annotations (charades.json)')
    for name, type_, help_ in _OPTIONS:
        shown = [
            f'{profile} {values[name]}'
            for profile, values in (('default', default), ('charades-like', charades_like))
            if name in values
        ]
        parser.add_argument(
            f'--{name.replace("_", "-")}', type=type_, help=f'{help_} ({", ".join(shown)})'
        )
    args = parser.parse_args()
    given = {name: value for name, value in vars(args).items() if value is not None}
    given.pop('profile')
    accepted = _defaults(args.profile).keys() | {'out_dir', 'source'}
    if args.profile == 'charades-like' and args.source is None:
        parser.error('--profile charades-like needs --source (the Charades charades.json)')
    unknown = sorted(set(given) - accepted)
    if unknown:
        options = ', '.join('--' + name.replace('_', '-') for name in unknown)
        parser.error(f'--profile {args.profile} does not take {options}')
    return args.profile, given


def main() -> None:
    profile, kwargs = parse_args()
    try:
        summary = PROFILES[profile](**kwargs)
    except OSError as error:  # a file in the way, no permission, a full disk
        reason = error.strerror or type(error).__name__
        where = error.filename or kwargs['out_dir']
        raise SystemExit(f'error: cannot write {where}: {reason}') from None
    print(
        f'Wrote {summary["num_train"] + summary["num_test"]} videos '
        f'({summary["num_train"]} training, {summary["num_test"]} testing), '
        f'{summary["num_classes"]} classes, {summary["num_segments"]} segments, '
        f'features D={summary["feat_dim"]}, entity features D={summary["entity_feat_dim"]} '
        f'to {summary["out_dir"]}'
    )


if __name__ == '__main__':
    main()
