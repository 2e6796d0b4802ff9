"""Fold text for pattern matching (NFKC, no invisible characters, one kind of space and dash), keeping positions."""
from __future__ import annotations

import bisect
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

    __slots__ = ("original", "text", "_marks", "_at")

    def __init__(self, original: str):
        self.original = original
        parts: list[str] = []
        # Where the distance between folded and original positions changes: (folded, original) pairs.
        # A no-break space or en dash folds to one character, so most text needs no mark at all.
        marks: list[tuple[int, int]] = [(0, 0)]
        last = shift = 0  # shift = original position - folded position
        for run in _CHANGES.finditer(original):
            parts.append(original[last:run.start()])
            pieces = [_fold_char(char) for char in run.group()]
            parts += pieces
            for index, piece in enumerate(pieces):
                if len(piece) != 1:
                    at = run.start() + index
                    marks += [(at - shift + step, at) for step in range(len(piece))]
                    shift += 1 - len(piece)
                    marks.append((at + 1 - shift, at + 1))
            last = run.end()
        parts.append(original[last:])
        self.text = "".join(parts) if len(parts) > 1 else original
        self._marks = marks
        self._at = [folded for folded, _ in marks]

    def _original(self, position: int) -> int:
        folded, original = self._marks[bisect.bisect_right(self._at, position) - 1]
        return original + position - folded

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span [start, end) (a folded character maps to all of its source)."""
        if len(self._marks) == 1:
            return start, end
        if start >= end:
            return self._original(start), self._original(start)
        return self._original(start), self._original(end - 1) + 1
