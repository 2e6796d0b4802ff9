"""Personal-data guard: spot text that looks like a CHI, NI number, phone, postcode, email or date of birth.

The guard's job is "looks like": it warns and lets the author edit or confirm, so it leans towards
catching things, while staying quiet on ordinary SDS text ("option 2", "£200 a week", "1 April 2014").
Text is folded first (champions.textfold: NFKC, no zero-width characters, every space and dash alike),
and findings point into the original text. Phone numbers come from the `phonenumbers` library; the other
patterns have no maintained library for UK formats, so they are regular expressions plus the published
check-digit rules (CHI and NI numbers: champions.privacy_ids).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import phonenumbers
from flask import current_app, has_app_context, has_request_context, request

from champions.privacy_ids import _mod10_ok, _mod11_ok, _valid_chi_date, chi_spans, is_valid_chi, ni_spans  # noqa: F401
from champions.textfold import Folded

CHI = "CHI number"
NI = "National Insurance number"
PHONE = "phone number"
POSTCODE = "postcode"
EMAIL = "email address"
DOB = "date of birth"

# When two findings overlap, the earlier kind in this list wins (it is the more specific reading).
_PRIORITY = (EMAIL, CHI, NI, DOB, POSTCODE, PHONE)


@dataclass(frozen=True)
class Finding:
    """Something in the text that looks like personal data, and where it is (`text` is original[start:end]).

    `certain` is True only for a CHI number that passes its check digit and for a National Insurance
    number: identifiers, not merely number shapes. A mistyped CHI (10 digits after "CHI", or starting
    with a real date of birth, failing the check) and every other kind are False.
    """

    kind: str
    text: str
    start: int
    end: int
    certain: bool = False

    @property
    def description(self) -> str:
        """Plain English, for templates: "a CHI number (‘120385 1237’)"."""
        return describe(self)


# --- Postcodes ---------------------------------------------------------------------------------
# Full postcodes only (outward and inward code), per the Royal Mail letter rules.
_POSTCODE_RE = re.compile(
    r"\b(?:GIR ?0AA|"
    r"[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRV-Y])"
    r" {0,2}\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)

# --- Email addresses ---------------------------------------------------------------------------
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})\b"
)

# --- Dates of birth ----------------------------------------------------------------------------
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}"
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_DOB_RE = re.compile(
    r"(?:\bD\.?O\.?B\b\.?|\bdate\s+of\s+birth\b|\bborn\b)"
    r"\s*(?:[:=\-–]\s*)?(?:(?:is|was|on|:)\s+)*"
    rf"(?P<date>{_DATE})(?![\d/.-]\d)",
    re.IGNORECASE,
)


def _email_domains(allowed: Iterable[str]) -> list[str]:
    domains = [d.strip().lower().lstrip("@") for d in allowed if d and d.strip()]
    if not domains and has_app_context():
        domains = [d.lower() for d in current_app.config.get("ALLOWED_STAFF_DOMAINS", [])]
    return domains


def _domain_allowed(domain: str, allowed: list[str]) -> bool:
    domain = domain.lower()
    return any(domain == d or domain.endswith("." + d) for d in allowed)


# Where a phone number the guard reports can start: "+" and a digit, or 0 then 1, 2, 3, 7 or 8 (see below).
_PHONE_START = re.compile(r"(?<![0-9+])(?:\+ ?[1-9]|\(? ?0[ ()\-./]{0,3}[12378])")
_PHONE_CHARS = re.compile(r"[0-9 ()+\-./]{1,40}")
_DIGIT_RUN = re.compile(r"[0-9]+")


def _phone_spans(text: str) -> list[tuple[int, int]]:
    # PhoneNumberMatcher is slow on long text (40 ms for 20,000 characters), so it reads only the
    # few characters from each place where a phone number the guard reports could start.
    found: set[tuple[int, int]] = set()
    for start in _PHONE_START.finditer(text):
        offset = start.start()
        window = _phone_window(_PHONE_CHARS.match(text, offset).group())
        if window:
            found.update((offset + a, offset + b) for a, b in _phones_in(window))
    return sorted(found)


def _phone_window(chars: str) -> str:
    """The digit groups at the start of `chars` that could be one phone number ("" if none could be):
    at most 11 digits from a 0 (13 from "+44 (0)", 15 from another "+"), and at least 10 (7 after "+")."""
    international = chars.startswith("+")
    most, least = (15, 7) if international else (11, 10)
    count, end = 0, 0
    for run in _DIGIT_RUN.finditer(chars):
        if count + len(run.group()) > most:
            break
        count, end = count + len(run.group()), run.end()
    return chars[:end] if count >= least else ""


@lru_cache(maxsize=256)
def _phones_in(window: str) -> tuple[tuple[int, int], ...]:
    # Cached: text that repeats one number pattern (a pasted list, or an attack) costs one reading.
    matcher = phonenumbers.PhoneNumberMatcher(window, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    return tuple((match.start, match.end) for match in matcher if _looks_like_phone(match))


def _looks_like_phone(match) -> bool:
    # "Looks like" a phone number: a valid number, or one written the UK way (0 or +44, then
    # 9-10 digits starting 1, 2, 3, 7 or 8). The second catches Ofcom's drama numbers
    # (07700 900xxx, 01632 960xxx): safe test values, but a reader sees a phone number.
    raw = match.raw_string
    digits = re.sub(r"\D", "", re.sub(r"\(\s*0\s*\)", "", raw))  # "+44 (0)7700 ...": the (0) is not dialled
    uk_style = (
        (raw.lstrip("(").startswith("0") and len(digits) in (10, 11) and digits[1] in "12378")
        or (raw.startswith("+44") and len(digits) in (11, 12) and digits[2] in "12378")
    )
    return uk_style or (raw.startswith("+") and phonenumbers.is_valid_number(match.number))


def _all_findings(folded: Folded, domains: list[str]) -> list[Finding]:
    text = folded.text
    spans: list[tuple[str, int, int, bool]] = []
    spans += [(CHI, *span) for span in chi_spans(text)]
    spans += [(NI, *span) for span in ni_spans(text)]
    spans += [(POSTCODE, m.start(), m.end(), False) for m in _POSTCODE_RE.finditer(text)]
    spans += [(EMAIL, m.start(), m.end(), False) for m in _EMAIL_RE.finditer(text)
              if not _domain_allowed(m.group(1), domains)]
    spans += [(DOB, m.start("date"), m.end("date"), False) for m in _DOB_RE.finditer(text)]
    spans += [(PHONE, start, end, False) for start, end in _phone_spans(text)]
    found = []
    for kind, start, end, certain in spans:
        start, end = folded.span(start, end)
        found.append(Finding(kind, folded.original[start:end], start, end, certain))
    return found


def scan(text: str, allowed_email_domains: Iterable[str] = ()) -> list[Finding]:
    """Find what looks like personal data in `text`, in reading order, without overlaps.

    Email addresses at `allowed_email_domains` (default: the app's ALLOWED_STAFF_DOMAINS) are fine.
    """
    if not text:
        return []
    if isinstance(allowed_email_domains, str):
        allowed_email_domains = [allowed_email_domains]
    candidates = _all_findings(Folded(text), _email_domains(allowed_email_domains))
    candidates.sort(key=lambda f: (_PRIORITY.index(f.kind), -(f.end - f.start), f.start))
    kept: list[Finding] = []  # in reading order, never overlapping: only the one before can overlap a new one
    starts: list[int] = []
    for finding in candidates:
        at = bisect.bisect_left(starts, finding.end)
        if at == 0 or kept[at - 1].end <= finding.start:
            kept.insert(at, finding)
            starts.insert(at, finding.start)
    return kept


def describe(finding: Finding) -> str:
    """Plain English for one finding, e.g. "a CHI number (‘120385 1237’)"."""
    article = "an" if finding.kind[0].lower() in "aeiou" else "a"
    return f"{article} {finding.kind} (‘{finding.text}’)"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _confirmed(confirm_field: str) -> bool:
    if not has_request_context():
        return False
    value = (request.form.get(confirm_field) or "").strip().lower()
    return value not in ("", "0", "false", "no", "off")


# --- Known public contact details ---------------------------------------------------------------
_CONTACT_KINDS = (PHONE, EMAIL, POSTCODE)
_EVERY_DOMAIN = ("invalid.",)  # no real domain ends like this, so every email address is reported


def _contact_key(finding: Finding) -> tuple[str, str]:
    """A contact detail written so that spacing, case and "+44" or "0" do not matter."""
    text = Folded(finding.text).text.strip()
    if finding.kind == PHONE:
        try:
            number = phonenumbers.parse(text, "GB")
            return PHONE, f"{number.country_code} {number.national_number}"
        except phonenumbers.NumberParseException:
            return PHONE, re.sub(r"\D", "", text)
    if finding.kind == EMAIL:
        return EMAIL, text.removeprefix("mailto:").casefold()
    return POSTCODE, re.sub(r"\s", "", text).upper()


def contact_keys(value: str) -> set[tuple[str, str]]:
    """The phone numbers, email addresses and postcodes in `value` (an address may hold several)."""
    return {_contact_key(f) for f in scan(value or "", _EVERY_DOMAIN) if f.kind in _CONTACT_KINDS}


def is_contact_detail(value: str) -> bool:
    """True when `value` is exactly one phone number, email address or postcode."""
    found = scan(value.strip(), _EVERY_DOMAIN)
    return len(found) == 1 and found[0].kind in _CONTACT_KINDS and found[0].text == value.strip()


def same_contact(found: str, known: str) -> bool:
    """Is this the known contact detail, however it was spaced, cased or prefixed (+44 or 0)?"""
    return bool(contact_keys(found) & contact_keys(known))


def _known_contacts() -> list[str]:
    """Public contact details from the database: the admin-kept list and every organisation's record."""
    if not has_app_context():
        return []
    from champions.admin.models import known_contact_values  # imported here: champions.admin imports this module

    return known_contact_values()


def unknown_findings(text: str, allowed: Iterable[str] = ()) -> list[Finding]:
    """What looks like personal data in `text`, less the known public contact details (and any in `allowed`)."""
    found = scan(text or "")
    if any(f.kind in _CONTACT_KINDS for f in found):
        known = set().union(*(contact_keys(value) for value in [*allowed, *_known_contacts()] if value))
        found = [f for f in found if f.kind not in _CONTACT_KINDS or _contact_key(f) not in known]
    return found


def check_form(form, field_names: list[str], confirm_field: str = "confirm_no_personal_data",
               allowed: Iterable[str] = ()) -> bool:
    """True when the named fields look free of personal data, or the person confirmed; else add errors.

    Known public contact details (every organisation's email, phone and address, the admins' list of
    public contact details) and any in `allowed` may appear without a warning.
    """
    findings = {}
    known: set[tuple[str, str]] | None = None
    for name in field_names:
        field = form[name]
        found = scan(field.data or "") if isinstance(field.data, str) else []
        if known is None and any(f.kind in _CONTACT_KINDS for f in found):
            known = set().union(*(contact_keys(value) for value in [*allowed, *_known_contacts()] if value))
        found = [f for f in found if f.kind not in _CONTACT_KINDS or _contact_key(f) not in known]
        if found:
            findings[name] = found
    if not findings or _confirmed(confirm_field):
        form.personal_data_findings = {}
        return True
    for name, found in findings.items():
        field = form[name]
        if not isinstance(field.errors, list):
            field.errors = list(field.errors)
        seen: list[str] = []
        for finding in found:
            text = describe(finding)
            if text not in seen:
                seen.append(text)
        field.errors.append(
            f"This looks like it contains {_join(seen)}. Remove it, or if it is not about an "
            "identifiable person, tick the box to confirm."
        )
    if hasattr(form, "_errors"):
        form._errors = None  # WTForms caches form.errors; let it see the new messages
    form.personal_data_findings = findings
    return False


def redact(text: str, targets: list[str]) -> str:
    """Replace each exact target in `text` with "[removed]" (longest first, so overlaps come out whole)."""
    for target in sorted({t for t in targets if t}, key=len, reverse=True):
        text = text.replace(target, "[removed]")
    return text
