"""Slugs: the URL-safe names of tags, shared by the taxonomy and the search filter."""
from __future__ import annotations

import re


def slugify(text: str) -> str:
    """A lower-case, hyphenated slug of at most 80 characters."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "tag"
