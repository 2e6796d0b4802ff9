"""Snippets for search hits: escaped text around the matched words, each match in <mark>."""
from __future__ import annotations

import re

from markupsafe import escape

SNIPPET_CHARS = 220
SURROUND = 60


def snippet(body: str, stems: set, analyse, cache: dict | None = None, top: int = 2) -> str:
    """Escaped text around the first matched words, each match in <mark>; "" when none match.

    Only the stored text of the hits shown is scanned: words starting like a query stem are
    stemmed (cached in `cache` across the hits of one page) and compared with the query's
    stems, so "payments" marks "payment".
    """
    if not stems or not body:
        return ""
    cache = {} if cache is None else cache
    pattern = cache.get("\0pattern")
    if pattern is None:  # a stem keeps its word's first letters
        prefixes = sorted({re.escape(s[:3]) for s in stems}, key=len, reverse=True)
        pattern = cache["\0pattern"] = re.compile(r"\b(?:" + "|".join(prefixes) + r")\w*", re.IGNORECASE)
    def is_query_word(match) -> bool:
        word = match.group().lower()
        hit = cache.get(word)
        if hit is None:
            hit = cache[word] = any(t in stems for t in analyse(word))
        return hit

    # Marks are found lazily: only the text up to the last fragment shown is scanned.
    marks = ((m.start(), m.end()) for m in pattern.finditer(body) if is_query_word(m))
    pending = next(marks, None)
    fragments = []
    while pending is not None and len(fragments) < top:
        start = max(0, pending[0] - SURROUND)
        end = min(len(body), start + SNIPPET_CHARS)
        inside, pending = [pending], None
        for mark in marks:
            if mark[1] <= end:
                inside.append(mark)
            elif mark[0] >= end:
                pending = mark
                break
            # a mark across the fragment's end is in neither fragment
        end = max(end, inside[-1][1])
        if start:  # begin on a word boundary
            space = body.find(" ", start, inside[0][0])
            start = space + 1 if space >= 0 else start
        if end < len(body):
            space = body.rfind(" ", inside[-1][1], end)
            end = space if space >= 0 else end
        parts, pos = [], start
        for m_start, m_end in inside:
            parts.append(str(escape(body[pos:m_start])))
            parts.append("<mark>" + str(escape(body[m_start:m_end])) + "</mark>")
            pos = m_end
        parts.append(str(escape(body[pos:end])))
        fragments.append("".join(parts).strip())
    return " … ".join(fragments)
