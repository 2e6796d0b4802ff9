"""Personal-data guard: spot text that looks like a CHI, NI number, phone, postcode, email or date of birth.

The guard's job is "looks like": it warns and lets the author edit or confirm, so it leans towards
catching things, while staying quiet on ordinary SDS text ("option 2", "£200 a week", "1 April 2014").
Phone numbers come from the `phonenumbers` library; the other patterns have no maintained library for
UK formats, so they are regular expressions plus the published check-digit rules.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Iterable

import phonenumbers
from flask import current_app, has_app_context, has_request_context, request

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
    """Something in the text that looks like personal data, and where it is."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def description(self) -> str:
        """Plain English, for templates: "a CHI number (‘120385 1237’)"."""
        return describe(self)


# --- CHI numbers -------------------------------------------------------------------------------
# 10 digits, written as one run or in the usual groups: 6+4, 2+2+2+4, 3+3+4 (spaces or hyphens).
# Not next to other digits, or digits joined by , . / : (amounts, dates, times, versions).
_CHI_RE = re.compile(
    r"(?<![\d,./:£$])(?<![\d][ -])"
    r"(\d{10}|\d{6}[ -]\d{4}|\d{2}[ -]\d{2}[ -]\d{2}[ -]\d{4}|\d{3}[ -]\d{3}[ -]\d{4})"
    r"(?![\d])(?![,./:]\d)(?![ -]\d)"
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


# --- National Insurance numbers ----------------------------------------------------------------
# Neither letter D F I Q U V; the second not O; some prefixes never issued. Capitals only: NI numbers
# are printed in capitals, and in lower case "by 100000" or "at 250000" would look like one.
_NI_RE = re.compile(
    r"\b([ABCEGHJKLMNOPRSTWXYZ][ABCEGHJKLMNPRSTWXYZ])\s?(\d{2})\s?(\d{2})\s?(\d{2})(?:\s?([A-D]))?\b"
)
_NI_NEVER_ISSUED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}

# --- Postcodes ---------------------------------------------------------------------------------
# Full postcodes only (outward and inward code), per the Royal Mail letter rules.
_POSTCODE_RE = re.compile(
    r"\b(?:GIR ?0AA|"
    r"[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRV-Y])"
    r" ?\d[ABD-HJLNP-UW-Z]{2})\b",
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


def _phone_findings(text: str) -> list[Finding]:
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        # "Looks like" a phone number: a valid number, or one written the UK way (0 or +44, then
        # 9-10 digits starting 1, 2, 3, 7 or 8). The second catches Ofcom's drama numbers
        # (07700 900xxx, 01632 960xxx): safe test values, but a reader sees a phone number.
        raw = match.raw_string
        digits = re.sub(r"\D", "", re.sub(r"\(\s*0\s*\)", "", raw))  # "+44 (0)7700 ...": the (0) is not dialled
        uk_style = (
            (raw.lstrip("(").startswith("0") and len(digits) in (10, 11) and digits[1] in "12378")
            or (raw.startswith("+44") and len(digits) in (11, 12) and digits[2] in "12378")
        )
        if uk_style or (raw.startswith("+") and phonenumbers.is_valid_number(match.number)):
            found.append(Finding(PHONE, raw, match.start, match.end))
    return found


def _all_findings(text: str, domains: list[str]) -> list[Finding]:
    found: list[Finding] = []
    for m in _CHI_RE.finditer(text):
        if is_valid_chi(m.group(1)):
            found.append(Finding(CHI, m.group(1), m.start(1), m.end(1)))
    for m in _NI_RE.finditer(text):
        if m.group(1) not in _NI_NEVER_ISSUED:
            found.append(Finding(NI, m.group(0), m.start(), m.end()))
    for m in _POSTCODE_RE.finditer(text):
        found.append(Finding(POSTCODE, m.group(0), m.start(), m.end()))
    for m in _EMAIL_RE.finditer(text):
        if not _domain_allowed(m.group(1), domains):
            found.append(Finding(EMAIL, m.group(0), m.start(), m.end()))
    for m in _DOB_RE.finditer(text):
        found.append(Finding(DOB, m.group("date"), m.start("date"), m.end("date")))
    found.extend(_phone_findings(text))
    return found


def scan(text: str, allowed_email_domains: Iterable[str] = ()) -> list[Finding]:
    """Find what looks like personal data in `text`, in reading order, without overlaps.

    Email addresses at `allowed_email_domains` (default: the app's ALLOWED_STAFF_DOMAINS) are fine.
    """
    if not text:
        return []
    if isinstance(allowed_email_domains, str):
        allowed_email_domains = [allowed_email_domains]
    candidates = _all_findings(text, _email_domains(allowed_email_domains))
    candidates.sort(key=lambda f: (_PRIORITY.index(f.kind), -(f.end - f.start), f.start))
    kept: list[Finding] = []
    for finding in candidates:
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


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


def _same_contact(found: str, known: str) -> bool:
    """Is this finding the known contact detail, however it was spaced or prefixed (+44 or 0)?"""
    digits_found, digits_known = re.sub(r"\D", "", found), re.sub(r"\D", "", known)
    if len(digits_found) >= 9 and len(digits_known) >= 9:
        return digits_found[-9:] == digits_known[-9:]
    return found.strip().casefold() == known.strip().casefold()


def check_form(form, field_names: list[str], confirm_field: str = "confirm_no_personal_data",
               allowed: Iterable[str] = ()) -> bool:
    """True when the named fields look free of personal data, or the person confirmed; else add errors.

    `allowed` lists public contact details that may appear (an organisation's own phone or email).
    """
    allowed = [value for value in allowed if value]
    findings = {}
    for name in field_names:
        field = form[name]
        found = scan(field.data or "") if isinstance(field.data, str) else []
        found = [f for f in found if not any(_same_contact(f.text, value) for value in allowed)]
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
