"""What changed between two versions of a text: by lines, then by words inside the changed lines, in bounded time."""
from __future__ import annotations

import re

from rapidfuzz.distance import Indel

# Each comparison costs about one step per pair of items compared (rapidfuzz's bit-parallel LCS in C++):
# these bounds keep the slowest pair of 20,000-character versions to a few milliseconds.
LINE_WORK = 25_000_000  # pairs of changed lines compared
WORD_WORK = 4_000_000  # pairs of words compared, over all the changed lines of one pair of versions
MAX_PIECES = 2_000  # marks past this are too many to read: both versions are shown instead

_TOKENS = re.compile(r"\s+|[^\s]+")


def diff(old: str | None, new: str | None) -> list[tuple[str, str]] | None:
    """Word-level differences as (kind, text) pieces, kind 'same', 'added' or 'removed'; None when too many."""
    a, b = (old or "").splitlines(keepends=True), (new or "").splitlines(keepends=True)
    head = _common_prefix(a, b)
    tail = _common_prefix(a[head:][::-1], b[head:][::-1])
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    if len(middle_a) * len(middle_b) > LINE_WORK:
        return None
    pieces = [("same", "".join(a[:head]))]
    budget = [WORD_WORK]
    for kind, old_part, new_part in _changes(middle_a, middle_b):
        if kind == "same":
            pieces.append(("same", "".join(old_part)))
        else:
            pieces.extend(_word_changes("".join(old_part), "".join(new_part), budget))
    pieces.append(("same", "".join(a[len(a) - tail:])))
    pieces = _tidy(pieces)
    return pieces if len(pieces) <= MAX_PIECES else None


def _common_prefix(a: list[str], b: list[str]) -> int:
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


def _changes(a: list, b: list):
    """Runs of equal items and of changed items as (kind, old items, new items), kind 'same' or 'changed'."""
    start_a = start_b = 0
    for op in Indel.opcodes(a, b):
        if op.tag != "equal":
            continue
        if op.src_start > start_a or op.dest_start > start_b:
            yield "changed", a[start_a:op.src_start], b[start_b:op.dest_start]
        yield "same", a[op.src_start:op.src_end], b[op.dest_start:op.dest_end]
        start_a, start_b = op.src_end, op.dest_end
    if start_a < len(a) or start_b < len(b):
        yield "changed", a[start_a:], b[start_b:]


def _word_changes(old: str, new: str, budget: list[int]) -> list[tuple[str, str]]:
    """The changed words of changed lines; the whole lines, removed then added, once the budget is spent."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    if len(a) * len(b) > budget[0]:
        return [("removed", old), ("added", new)]
    budget[0] -= len(a) * len(b)
    pieces = []
    for kind, old_part, new_part in _changes(a, b):
        if kind == "same":
            pieces.append(("same", "".join(old_part)))
        else:
            pieces += [("removed", "".join(old_part)), ("added", "".join(new_part))]
    return pieces


def _tidy(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop empty pieces, fold a lone space between two changes into them, and join neighbours of a kind."""
    pieces = [piece for piece in pieces if piece[1]]
    folded: list[tuple[str, str]] = []
    for index, (kind, text) in enumerate(pieces):
        between_changes = (0 < index < len(pieces) - 1 and pieces[index - 1][0] != "same"
                           and pieces[index + 1][0] != "same")
        if kind == "same" and between_changes and text.isspace():
            # "the cat" -> "a dog" reads as one change, not two changes around a kept space.
            folded += [("removed", text), ("added", text)]
        else:
            folded.append((kind, text))
    # Removed text first, then added, within each run of changes.
    tidy: list[tuple[str, str]] = []
    run: dict[str, list[str]] = {"removed": [], "added": []}
    for kind, text in [*folded, ("same", "")]:
        if kind != "same":
            run[kind].append(text)
            continue
        for change in ("removed", "added"):
            if run[change]:
                tidy.append((change, "".join(run[change])))
                run[change] = []
        if text:
            if tidy and tidy[-1][0] == "same":
                tidy[-1] = ("same", tidy[-1][1] + text)
            else:
                tidy.append(("same", text))
    return tidy
