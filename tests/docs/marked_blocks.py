"""The code blocks a documentation page marks to run, with the info string ``python run=<name>``."""

import re
from pathlib import Path


def marked_blocks(page: Path) -> dict[str, str]:
    """The page's python blocks marked ``python run=<name>``, by name."""
    found = re.findall(r'^```python run=(\w+)\n(.*?)^```$', page.read_text(), re.M | re.S)
    names = [name for name, _ in found]
    assert len(set(names)) == len(names), f'a block name is used twice in {page}: {names}'
    return dict(found)
