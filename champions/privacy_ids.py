"""CHI and National Insurance numbers in folded text (see champions.textfold), for the personal-data guard.

No maintained library reads these UK identifiers in free text, so they are regular expressions plus the
published check-digit rules. Every function here takes folded text: one kind of space (" ") and dash ("-").
"""
from __future__ import annotations

import calendar
import re
from typing import Iterator, NamedTuple


class Span(NamedTuple):
    """Where an identifier is in the folded text, and whether it is certainly one (see privacy.Finding)."""

    start: int
    end: int
    certain: bool


# --- CHI numbers -------------------------------------------------------------------------------
# A chain of digit groups joined by one or two spaces, a dot, or a dash (spaces either side allowed).
# It does not start inside an amount, a time or a date ("£1,250", "10:30", "01/04") or after a currency sign.
_SEP = r"(?: {1,2}|\.| ?- ?)"
_CHAIN_RE = re.compile(rf"[0-9]+(?:{_SEP}[0-9]+)*")  # (no lookbehind first: a leading digit lets re skip fast)
_NOT_AFTER = re.compile(r"(?:[£$€]|[0-9][,:/.])$")
_GROUP_RE = re.compile(r"[0-9]+")
_THEN_JOINED = re.compile(r"[,:/][0-9]")  # "10:30", "3,000", "12/04": the last group belongs to something else
# How people write a CHI: one run, 6+4, 4+6, 2+2+2+4, 3+3+4, or in pairs.
_LAYOUTS = {(10,), (6, 4), (4, 6), (2, 2, 2, 4), (3, 3, 4), (2, 2, 2, 2, 2)}
# "CHI", "CHI no.", "CHI number:", "chi is" just before the number.
_CHI_WORD = re.compile(r"(?<![a-z])chi(?:[ :#=.\-]|\bno\b|\bnum(?:ber)?\b|\bis\b|\bwas\b)*$", re.IGNORECASE)
# A number labelled as a reference is one, unless it passes the CHI check: "Purchase order 1503851234".
_REFERENCE_WORD = re.compile(
    r"\b(?:ref(?:erence)?|order|invoice|po|account|acct|case|ticket|claim|tracking|serial|batch|job|booking|"
    r"application|transaction|payment|cheque|receipt|licen[cs]e|policy|contract)"
    r"(?:[ :#=.\-]|\bno\b|\bnum(?:ber)?\b|\bid\b)*$",
    re.IGNORECASE,
)


def _valid_chi_date(digits: str) -> bool:
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    if not 1 <= month <= 12 or day < 1:
        return False
    # Two-digit year: accept the date if it exists in either century (29 February in 1900 vs 2000).
    return any(day <= calendar.monthrange(century + year, month)[1] for century in (1900, 2000))


def _mod11_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _mod10_ok(digits: str) -> bool:
    # Assumption: Public Health Scotland has said some CHIs from 2026 use "a modulus 10 check" without
    # (in what we have) publishing the weights, so we take the usual Luhn scheme over all 10 digits
    # (double every second digit from the right, sum digits, total divisible by 10).
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_valid_chi(value: str) -> bool:
    """True when the 10 digits in `value` have a valid date and pass the modulus 11 or 10 check."""
    digits = re.sub(r"\D", "", value)
    return len(digits) == 10 and _valid_chi_date(digits) and (_mod11_ok(digits) or _mod10_ok(digits))


def chi_spans(text: str) -> Iterator[Span]:
    """CHI numbers: certain when the check passes; also a mistyped CHI (a real date of birth first, or
    just after the word "CHI"). A valid CHI is found even with another number touching it ("bed 4 ...")."""
    for chain in _CHAIN_RE.finditer(text):
        if _NOT_AFTER.search(text[max(0, chain.start() - 2):chain.start()]):
            continue
        groups = [(g.start(), g.end()) for g in _GROUP_RE.finditer(chain.group())]
        if _THEN_JOINED.match(text, chain.end()):
            groups.pop()
        if sum(end - start for start, end in groups) == 10:
            yield from _whole_chain(text, chain.start(), groups)
        elif len(groups) > 1 and text[chain.start() - 1:chain.start()] != "+":  # not "+44 1202 ..."
            yield from _inside_chain(text, chain.start(), groups)


def _whole_chain(text: str, offset: int, groups: list[tuple[int, int]]) -> Iterator[Span]:
    start, end = offset + groups[0][0], offset + groups[-1][1]
    digits = "".join(text[offset + a:offset + b] for a, b in groups)
    layout = tuple(b - a for a, b in groups)
    before = text[max(0, start - 30):start]
    if layout in _LAYOUTS and is_valid_chi(digits):
        yield Span(start, end, True)
    elif _CHI_WORD.search(before) or (
            layout in _LAYOUTS and _valid_chi_date(digits) and not _REFERENCE_WORD.search(before)):
        yield Span(start, end, False)


def _inside_chain(text: str, offset: int, groups: list[tuple[int, int]]) -> Iterator[Span]:
    """Valid CHIs among longer runs of numbers, set apart from their neighbours by a space or dash, not a dot."""
    for first in range(len(groups)):
        if first and "." in text[offset + groups[first - 1][1]:offset + groups[first][0]]:
            continue
        size = 0
        for last in range(first, min(first + 5, len(groups))):
            size += groups[last][1] - groups[last][0]
            if size >= 10:
                break
        if size != 10 or (last + 1 < len(groups) and "." in text[offset + groups[last][1]:offset + groups[last + 1][0]]):
            continue
        start, end = offset + groups[first][0], offset + groups[last][1]
        layout = tuple(b - a for a, b in groups[first:last + 1])
        if "." not in text[start:end] and layout in _LAYOUTS and is_valid_chi(text[start:end]):
            yield Span(start, end, True)


# --- National Insurance numbers ----------------------------------------------------------------
# Neither letter D F I Q U V; the second not O; some prefixes never issued. Separators: spaces, dots, dashes.
_NI_GAP = r"([ .\-]{0,2})"
_NI_RE = re.compile(
    rf"([ABCEGHJKLMNOPRSTWXYZ][ABCEGHJKLMNPRSTWXYZ])(?<![A-Za-z0-9]..){_NI_GAP}([0-9]{{2}}){_NI_GAP}([0-9]{{2}})"
    rf"{_NI_GAP}([0-9]{{2}})(?:{_NI_GAP}([A-D]))?(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_NI_NEVER_ISSUED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
# Without the final letter these read as Scottish charity or Companies House numbers ("SC012345").
_REGISTRY_PREFIXES = {"SC", "OC", "SL", "LP"}


def ni_spans(text: str) -> Iterator[Span]:
    """National Insurance numbers. In capitals any spacing; in lower case only written together
    ("ab123456c") or spaced in pairs ("ab 12 34 56 c"), since "by 100000 a year" is not one."""
    for m in _NI_RE.finditer(text):
        prefix = m.group(1).upper()
        if prefix in _NI_NEVER_ISSUED or (prefix in _REGISTRY_PREFIXES and not m.group(9)):
            continue
        gaps = [m.group(i) for i in (2, 4, 6)]
        capitals = m.group(1).isupper() and (m.group(9) or "A").isupper()
        if capitals or all(gaps) or not any(gaps + [m.group(8) or ""]):
            yield Span(m.start(), m.end(), True)
        elif not any(gaps):  # "ab123456 c": the number without the stray letter
            yield Span(m.start(), m.end(7), True)
