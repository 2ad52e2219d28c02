"""dad_plugins: dense temporal action detection parts on mmengine / mmaction2 registries."""

from pathlib import Path

from setuptools import find_packages, setup


def read_requirements(name: str) -> list[str]:
    """Requirement lines of ``requirements/<name>.txt`` without comments."""
    lines = Path(__file__).parent.joinpath('requirements', name).read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith('#')]


setup(
    name='dad_plugins',
    version='0.1.0',
    description='Dense (multi-label, per-frame) temporal action detection plugins for mmaction2',
    long_description=Path(__file__).parent.joinpath('README.md').read_text(),
    long_description_content_type='text/markdown',
    python_requires='>=3.11',
    packages=find_packages(include=['dad_plugins', 'dad_plugins.*']),
    package_data={'dad_plugins': ['datasets/sub_labels/*.json']},
    install_requires=read_requirements('torch.txt') + read_requirements('runtime.txt'),
    extras_require={'tests': read_requirements('tests.txt')},
)
