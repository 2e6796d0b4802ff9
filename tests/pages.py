"""Reading rendered pages in tests: the tags a person's browser would get."""
from __future__ import annotations

import re


def input_tag(page: str, name: str) -> str:
    """The <input> tag for a field, to check its type and value."""
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
    assert match, f"no input named {name}"
    return match.group(0)
