"""The built wheel: version ranges instead of pins, and an install that keeps the torch and mmcv
an environment already holds (a CUDA build, full mmcv). Everything runs offline (``--no-index``),
so a slow or unreachable package index cannot make these tests pass or skip."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
# Packages that users' environments already hold in builds of their own.
NEVER_PINNED = (
    'torch',
    'torchvision',
    'mmcv',
    'mmcv-lite',
    'mmengine',
    'mmaction2',
    'numpy',
    'scipy',
    'transformers',
)
# No pip configuration of this machine (index, links, constraints) reaches the pip runs below.
PIP_ENV = {k: v for k, v in os.environ.items() if not k.startswith('PIP_')}
PIP_ENV.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INPUT='1')


def run(args: list, **kwargs) -> subprocess.CompletedProcess:
    """Run ``args``; fail with the tail of its output."""
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope='module')
def wheel(tmp_path_factory) -> Path:
    """The wheel ``python -m build`` makes from a copy of the sources (the checkout stays clean)."""
    source = tmp_path_factory.mktemp('source')
    for name in ('pyproject.toml', 'README.md'):
        shutil.copy(REPO / name, source)
    shutil.copytree(
        REPO / 'dad_plugins', source / 'dad_plugins', ignore=shutil.ignore_patterns('__pycache__')
    )
    out = tmp_path_factory.mktemp('dist')
    run([sys.executable, '-m', 'build', '--wheel', '--no-isolation', '--outdir', out, source])
    (built,) = out.glob('dad_plugins-*.whl')
    return built


def wheel_requirements(wheel: Path) -> list[Requirement]:
    """``Requires-Dist`` of the wheel's metadata."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith('.dist-info/METADATA')]
        metadata = Parser().parsestr(archive.read(name).decode())
    return [Requirement(line) for line in metadata.get_all('Requires-Dist')]


def core(requirements: list[Requirement]) -> list[Requirement]:
    """The requirements outside the extras."""
    return [r for r in requirements if r.marker is None or 'extra' not in str(r.marker)]


def test_wheel_requires_ranges_and_neither_mmcv(wheel):
    requirements = wheel_requirements(wheel)
    for requirement in requirements:
        if canonicalize_name(requirement.name) in NEVER_PINNED:
            operators = {spec.operator for spec in requirement.specifier}
            assert not operators & {'==', '==='}, requirement
            assert '+' not in str(requirement.specifier), requirement  # no local build
    names = {canonicalize_name(r.name) for r in core(requirements)}
    assert {'torch', 'mmengine', 'mmaction2', 'numpy', 'scipy', 'transformers'} <= names
    assert not names & {'mmcv', 'mmcv-lite'}  # either serves: import dad_plugins checks
    extras = {str(r.marker).split('extra == ')[1].strip('"\'') for r in requirements if r.marker}
    assert extras == {'tests', 'extract', 'vis'}


def test_wheel_holds_every_subpackage_and_the_sub_label_maps(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    packages = sorted(p.parent for p in (REPO / 'dad_plugins').rglob('__init__.py'))
    for package in packages:
        assert f'{package.relative_to(REPO).as_posix()}/__init__.py' in names
    assert 'dad_plugins/datasets/sub_labels/charades.json' in names


def test_the_pinned_set_up_lies_within_the_ranges(wheel):
    ranges = {canonicalize_name(r.name): r.specifier for r in wheel_requirements(wheel)}
    checked = 0
    for path in sorted((REPO / 'requirements').glob('*.txt')):
        for line in path.read_text().splitlines():
            if not line.strip() or line.startswith('#'):
                continue
            pinned = Requirement(line)
            if canonicalize_name(pinned.name) in ranges:
                (spec,) = pinned.specifier
                allowed = ranges[canonicalize_name(pinned.name)]
                assert allowed.contains(spec.version, prereleases=True), f'{path.name}: {line}'
                checked += 1
    assert checked >= 10


def fake_environment(root: Path, installed: dict[str, str]) -> Path:
    """A venv whose site-packages holds the metadata of ``installed`` (name: version) only."""
    run([sys.executable, '-m', 'venv', '--without-pip', root])
    (site,) = root.glob('lib/python*/site-packages')
    for name, dist_version in installed.items():
        info = site / f'{name.replace("-", "_")}-{dist_version}.dist-info'
        info.mkdir()
        (info / 'METADATA').write_text(
            f'Metadata-Version: 2.1\nName: {name}\nVersion: {dist_version}\n'
        )
        (info / 'INSTALLER').write_text('pip\n')
    return root / 'bin' / 'python'


@pytest.mark.parametrize('mmcv', ['mmcv', 'mmcv-lite'])
def test_pip_keeps_the_torch_build_and_mmcv_the_environment_holds(wheel, tmp_path, mmcv):
    # A GPU environment: a CUDA torch build the registry's CPU pin is not, and mmcv or mmcv-lite.
    installed = {
        r.name: version(r.name) for r in core(wheel_requirements(wheel)) if r.name != 'torch'
    }
    installed.update({'torch': '2.14.1+cu128', 'torchvision': '0.29.1+cu128', mmcv: '2.0.1'})
    python = fake_environment(tmp_path / 'env', installed)
    report = tmp_path / 'report.json'
    run(
        [
            sys.executable, '-m', 'pip', '--python', python, 'install', '--dry-run',
            '--no-index', '--report', report, wheel,
        ],
        env=PIP_ENV,
    )  # fmt: skip
    to_install = [item['metadata']['name'] for item in json.loads(report.read_text())['install']]
    assert to_install == ['dad_plugins']


def test_the_installed_wheel_registers_every_part(wheel, tmp_path):
    target = tmp_path / 'site'
    run(
        [
            sys.executable, '-m', 'pip', 'install', '--no-index', '--no-deps', '--target',
            target, wheel,
        ],
        env=PIP_ENV,
    )  # fmt: skip
    script = (
        'import dad_plugins\n'
        f'assert dad_plugins.__file__.startswith({str(target)!r}), dad_plugins.__file__\n'
        'dad_plugins.register_all_modules()\n'
        'from dad_plugins.registry import MODELS\n'
        "MODELS.build(dict(type='FrameDetector',\n"
        "    backbone=dict(type='ConvEncoder', in_channels=8, embed_dims=8),\n"
        "    head=dict(type='FrameClsHead', in_channels=8, num_classes=3)))\n"
    )
    # From outside the checkout, with the wheel's copy ahead of the editable install.
    env = dict(os.environ, PYTHONPATH=str(target))
    run([sys.executable, '-c', script], cwd=tmp_path, env=env)
