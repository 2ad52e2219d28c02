"""The package's layers import downwards only.

Data structures and models know nothing of how data sets are read, heads nothing of the necks
that feed them: a part is replaced without touching the parts it talks to through tensors and
data samples.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / 'dad_plugins'

# (importing package, imported package): forbidden
FORBIDDEN = [
    ('dad_plugins.models', 'dad_plugins.datasets'),
    ('dad_plugins.evaluation', 'dad_plugins.datasets'),
    ('dad_plugins.engine', 'dad_plugins.datasets'),
    ('dad_plugins.structures', 'dad_plugins.datasets'),
    ('dad_plugins.structures', 'dad_plugins.models'),
    ('dad_plugins.utils', 'dad_plugins.datasets'),
    ('dad_plugins.utils', 'dad_plugins.models'),
    ('dad_plugins.models.heads', 'dad_plugins.models.necks'),
]
# imports every package to register its parts, by design
REGISTERS_EVERYTHING = 'dad_plugins.utils.setup_env'


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix('').parts
    return '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` imports, relative imports resolved."""
    package = module_name(path)
    if path.name != '__init__.py':
        package = package.rpartition('.')[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit('.', node.level - 1)[0] if node.level else ''
            module = '.'.join(filter(None, [base, node.module]))
            names.add(module)
            names.update(f'{module}.{alias.name}' for alias in node.names)
    return names


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + '.')


def test_relative_imports_resolve():
    imported = imported_modules(PACKAGE / 'datasets' / 'class_count.py')
    assert 'dad_plugins.datasets.annotation_readers.dataset_class_names' in imported
    assert 'dad_plugins.utils.input_errors' in imported


@pytest.mark.parametrize('importer, imported', FORBIDDEN)
def test_no_upward_import(importer, imported):
    offenders = [
        f'{path.relative_to(PACKAGE.parent)} imports {name}'
        for path in sorted(PACKAGE.rglob('*.py'))
        if within(module_name(path), importer) and module_name(path) != REGISTERS_EVERYTHING
        for name in sorted(imported_modules(path))
        if within(name, imported)
    ]
    assert not offenders, '\n'.join(offenders)
