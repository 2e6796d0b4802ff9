"""Fold text for pattern matching (NFKC, no invisible characters, one kind of space and dash), keeping positions."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Only these characters can change when folded; plain ASCII text (most posts) is returned as it is.
_CHANGES = re.compile(r"[^\x00-\x08\x0a-\x7f]+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded: format characters (zero-width space, soft hyphen, BOM) go, spaces become
    " ", dashes and the minus sign "-", anything else its NFKC form ("２" -> "2", no-break space -> " ")."""
    if char == "\t":
        return " "
    out = []
    for part in unicodedata.normalize("NFKC", char):
        category = unicodedata.category(part)
        if category == "Cf":
            continue
        if category == "Zs":
            out.append(" ")
        elif category == "Pd" or part == "\u2212":
            out.append("-")
        else:
            out.append(part)
    return "".join(out)


class Folded:
    """Text folded for matching, with a map from each folded position back to the original text."""

    __slots__ = ("original", "text", "_origin")

    def __init__(self, original: str):
        self.original = original
        if not _CHANGES.search(original):
            self.text, self._origin = original, None
            return
        parts: list[str] = []
        origin: list[int] = []
        last = 0
        for run in _CHANGES.finditer(original):
            parts.append(original[last:run.start()])
            origin.extend(range(last, run.start()))
            for index in range(run.start(), run.end()):
                folded = _fold_char(original[index])
                parts.append(folded)
                origin.extend([index] * len(folded))
            last = run.end()
        parts.append(original[last:])
        origin.extend(range(last, len(original)))
        self.text, self._origin = "".join(parts), origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span [start, end) (a folded character maps to all of its source)."""
        if self._origin is None:
            return start, end
        if start >= end:  # empty: the position of the next original character
            at = self._origin[start] if start < len(self._origin) else len(self.original)
            return at, at
        return self._origin[start], self._origin[end - 1] + 1
