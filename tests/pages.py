"""Reading rendered pages in tests: the tags a person's browser would get."""
from __future__ import annotations

import re


def input_tag(page: str, name: str) -> str:
    """The <input> tag for a field, to check its type and value."""
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
    assert match, f"no input named {name}"
    return match.group(0)


def date_boxes(name: str, value) -> dict[str, str]:
    """What a browser posts for a date typed in the day, month and year boxes: a date, or (day, month, year) as typed."""
    day, month, year = (value.day, value.month, value.year) if hasattr(value, "year") else value
    return {f"{name}-day": str(day), f"{name}-month": str(month), f"{name}-year": str(year)}


def date_box_tag(page: str, name: str, part: str) -> str:
    """The <input> tag for one box (day, month or year) of a date."""
    return input_tag(page, f"{name}-{part}")
