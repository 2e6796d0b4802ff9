"""The Whoosh index's layout version and schema check: an index built by older code is rebuilt.

Each index directory holds a LAYOUT file written when it was created. `flask search ensure` and
`check` rebuild an index whose LAYOUT or schema differs from this code's (see WhooshEngine.layout_problem).
"""
from __future__ import annotations

import os

from whoosh.fields import Schema

# Bump when the on-disk layout changes in a way the schema does not show (codec, field contents,
# what a document holds). An index built with another layout is rebuilt by `flask search ensure`.
LAYOUT_VERSION = "7"  # 5: practice drafts for their author only; 6: a group per document (its members see it); 7: a vector per document
LAYOUT_FILE = "LAYOUT"
MODEL_FILE = "MODEL"  # the embedding model the vectors came from ("none" without one)


def _field_signature(field) -> tuple:
    return (type(field).__name__, bool(field.stored), type(field.column_type).__name__,
            type(getattr(field, "format", None)).__name__, getattr(field, "field_boost", 1.0))


def schema_differences(found: Schema, expected: Schema) -> list[str]:
    """What differs between an index's schema and this code's ("field 'kind' is missing")."""
    problems = [f"field {name!r} is missing" for name in expected.names() if name not in found]
    for name in expected.names():
        if name in found and (_field_signature(found[name]) != _field_signature(expected[name])
                              or getattr(found[name], "analyzer", None) != getattr(expected[name], "analyzer", None)):
            problems.append(f"field {name!r} is defined differently")
    return problems


def layout_difference(path: str, found: Schema, expected: Schema) -> str | None:
    """Why the index at `path` (with schema `found`) was not built by this code, or None."""
    try:
        with open(os.path.join(path, LAYOUT_FILE), encoding="utf-8") as handle:
            layout = handle.read().strip()
    except FileNotFoundError:
        layout = "none"
    if layout != LAYOUT_VERSION:
        return f"was built with layout version {layout} (this code uses {LAYOUT_VERSION})"
    problems = schema_differences(found, expected)
    if problems:
        return "has an older schema: " + "; ".join(problems)
    return None


def model_difference(path: str, model: str) -> str | None:
    """Why the vectors in the index at `path` do not come from this server's embedding model, or None."""
    try:
        with open(os.path.join(path, MODEL_FILE), encoding="utf-8") as handle:
            built_with = handle.read().strip()
    except FileNotFoundError:
        built_with = "none"
    if built_with != model:
        return f"holds vectors from the embedding model {built_with} (this server uses {model})"
    return None
