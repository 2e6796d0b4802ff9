"""Form fields whose 'cannot read that' messages are in plain British English, not WTForms' defaults.

Dates are typed in three boxes (day, month, year: the GOV.UK date input pattern) and times in a text
box on the 24-hour clock, never the browser's date and time pickers, which show mm/dd/yyyy and a
12-hour clock in many locales. Both are read the ways people in the UK type them ("3 March 2027",
"2.30pm").
"""
from __future__ import annotations

import re
from datetime import date, time

from wtforms import fields, widgets
from wtforms.validators import StopValidation

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A typed year outside these is a typing slip (0027, 20277), not a date anyone means here.
FIRST_YEAR, LAST_YEAR = 1900, 2199

_MONTH_NUMBERS = {**{name: number for number, name in enumerate(MONTHS, 1)},
                  **{name[:3]: number for number, name in enumerate(MONTHS, 1)}, "sept": 9}
_WEEKDAY = re.compile(r"^(?P<weekday>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+")
_SEP = r"\s*[/.\-]\s*"
_YEAR_FIRST = re.compile(rf"^(?P<year>\d{{4}}){_SEP}(?P<month>\d{{1,2}}){_SEP}(?P<day>\d{{1,2}})$")
_DAY_FIRST = re.compile(rf"^(?P<day>\d{{1,2}}){_SEP}(?P<month>\d{{1,2}}){_SEP}(?P<year>\d{{2}}|\d{{4}})$")
_MONTH_NAMED = re.compile(r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s*[/.\-]\s*|\s+(?:of\s+)?|\s*)"
                          r"(?P<month>[a-z]+)\.?(?:\s*[/.\-,]\s*|\s+)(?P<year>\d{2}|\d{4})$")


class DateMismatch(ValueError):
    """A weekday was typed that does not match the date (Tuesday 3 March 2027 is a Wednesday)."""


def parse_date(text: str) -> date:
    """A date as typed in the UK: 2027-03-03, 3/3/2027, 3.3.27, 3 March 2027, Wednesday 3rd Mar 2027.

    Day before month always (3/4/2027 is 3 April). A two-digit year is this century (27 is 2027).
    Raises ValueError if it is not a real date, and DateMismatch if a typed weekday is wrong.
    """
    cleaned = " ".join(str(text).lower().replace(",", " ").split())
    weekday = _WEEKDAY.match(cleaned)
    if weekday:
        cleaned = cleaned[weekday.end():]
    match = _YEAR_FIRST.match(cleaned) or _DAY_FIRST.match(cleaned) or _MONTH_NAMED.match(cleaned)
    if not match:
        raise ValueError("not a date")
    month = match["month"]
    month_number = int(month) if month.isdigit() else _MONTH_NUMBERS.get(month)
    if month_number is None:
        raise ValueError("not a month")
    year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError("year out of range")
    value = date(year, month_number, int(match["day"]))  # raises ValueError for 31 February
    if weekday and WEEKDAYS[value.weekday()][:3] != weekday["weekday"][:3]:
        raise DateMismatch(f"{_long_date(value)} is a {WEEKDAYS[value.weekday()].capitalize()}")
    return value


_CLOCK = re.compile(r"^(?P<hour>\d{1,2})(?:\s*[:.]\s*(?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?)?"
                    r"\s*(?P<half>[ap]\.?\s*m\.?)?$")
_FOUR_DIGITS = re.compile(r"^(?P<hour>\d{2})(?P<minute>\d{2})(?:\s*(?:hrs|hours|h))?$")
_WORDS = {"midday": time(12), "noon": time(12), "12 noon": time(12), "midnight": time(0)}


def parse_time(text: str) -> time:
    """A time of day as typed in the UK: 14:30, 14.30, 1430, 2:30pm, 2.30 p.m., 2pm, midday.

    A bare hour needs am or pm ("2" could be 2am or 2pm). Raises ValueError if it is not a real time.
    """
    cleaned = " ".join(str(text).lower().split())
    if cleaned in _WORDS:
        return _WORDS[cleaned]
    clock = _CLOCK.match(cleaned)
    if clock:
        hour, minute = int(clock["hour"]), int(clock["minute"] or 0)
        half = (clock["half"] or "").replace(".", "").replace(" ", "")
        if half:
            if not 1 <= hour <= 12:
                raise ValueError("not a 12-hour time")
            hour = hour % 12 + (12 if half == "pm" else 0)
        elif clock["minute"] is None:
            raise ValueError("a bare hour without am or pm")
    else:
        four = _FOUR_DIGITS.match(cleaned)
        if not four:
            raise ValueError("not a time")
        hour, minute = int(four["hour"]), int(four["minute"])
    return time(hour, minute)  # raises ValueError for 25:00 or 10:75


def _long_date(value: date) -> str:
    """3 March 2027."""
    return f"{value.day} {value:%B %Y}"


class _PlainInvalidMessage:
    """Replace the field's parse error with `invalid_message`, and stop other validators repeating it."""

    default_invalid_message = "Enter a valid value"

    def __init__(self, *args, invalid_message: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or self.default_invalid_message

    def process_formdata(self, valuelist):
        """Parse the value; say plainly when it cannot be read (empty is left to the required validators)."""
        if not valuelist or not "".join(str(v) for v in valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.invalid_message) from None

    def pre_validate(self, form):
        """A value that could not be read gets that one message, not the other validators' too."""
        if self.process_errors:
            raise StopValidation()


class _TypedValue(_PlainInvalidMessage):
    """A date or time read by `parse`, shown back in the browser's form, or exactly as typed if unreadable."""

    def parse(self, text: str):
        raise NotImplementedError

    def process_formdata(self, valuelist):
        """Read what was typed; a typed weekday that does not match the date says which day it is."""
        if not valuelist or not "".join(str(v) for v in valuelist).strip():
            self.data = None
            return
        try:
            self.data = self.parse(" ".join(str(v) for v in valuelist))
        except DateMismatch as mismatch:
            self.data = None
            raise ValueError(f"{mismatch}. Check the date") from None
        except ValueError:
            self.data = None
            raise ValueError(self.invalid_message) from None

    def _value(self):
        # Something unreadable is shown back exactly as typed, so nothing is lost; something read
        # is shown in ISO form, the only form an HTML date or time input displays.
        if self.process_errors and self.raw_data:
            return " ".join(str(v) for v in self.raw_data)
        return self.data.isoformat(timespec="minutes") if isinstance(self.data, time) else (
            self.data.isoformat() if self.data else "")

    def __call__(self, **kwargs):
        # A date or time input empties itself of anything not in ISO form, losing what was typed:
        # show unreadable text in a plain text input so the person can see and correct it.
        if self.process_errors and self.raw_data:
            kwargs["type"] = "text"
        return super().__call__(**kwargs)


class DateField(fields.Field):
    """A date typed in three boxes, day, month and year: the GOV.UK date input pattern.

    Posted as `<name>-day`, `<name>-month` and `<name>-year`. Each box is checked on its own so an error
    marks only the wrong box(es), and what was typed is shown back as typed. A single `<name>` value
    typed as text (3 March 2027, 3/3/2027) is still read, for scripts and older forms.
    """

    PARTS = ("day", "month", "year")
    default_invalid_message = "Enter a real date, for example 3 3 2027"

    def __init__(self, label=None, validators=None, invalid_message: str | None = None, **kwargs):
        kwargs.pop("format", None)  # accepted for the WTForms DateField's signature; three boxes need none
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message or self.default_invalid_message
        self.typed: dict[str, str] | None = None  # the boxes as posted; None when showing saved data
        self.wrong_parts: tuple[str, ...] = ()

    def process_formdata(self, valuelist):
        """Not used: `process` reads the three boxes itself."""

    def process(self, formdata, data=fields.core.unset_value, extra_filters=None):
        """Take the saved date, then the three boxes (or one typed value) if the form was posted."""
        self.process_errors = []
        if data is fields.core.unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = self.data = data
        if formdata is None:
            return
        names = [f"{self.name}-{part}" for part in self.PARTS]
        if any(name in formdata for name in names):
            self.typed = {part: " ".join(str(formdata.get(name, "")).split())
                          for part, name in zip(self.PARTS, names)}
            self.raw_data = [" ".join(v for v in self.typed.values() if v)] if any(self.typed.values()) else []
            reader = self._read_boxes
        elif self.name in formdata:
            self.raw_data = [v for v in formdata.getlist(self.name) if str(v).strip()]
            reader = self._read_text
        else:
            self.raw_data, self.data = [], None
            return
        self.data = None
        if self.raw_data:
            try:
                self.data = reader()
            except ValueError as problem:
                self.process_errors.append(str(problem))

    def _read_text(self) -> date:
        try:
            return parse_date(" ".join(str(v) for v in self.raw_data))
        except DateMismatch as mismatch:
            raise ValueError(f"{mismatch}. Check the date") from None
        except ValueError:
            self.wrong_parts = self.PARTS
            raise ValueError(self.invalid_message) from None

    def _read_boxes(self) -> date:
        typed = self.typed
        missing = [part for part in self.PARTS if not typed[part]]
        if missing:
            self.wrong_parts = tuple(missing)
            raise ValueError(f"{self.label.text} must include a {' and '.join(missing)}")
        day = int(typed["day"]) if typed["day"].isdigit() else 0
        month = _MONTH_NUMBERS.get(typed["month"].lower().rstrip("."), 0) if not typed["month"].isdigit() \
            else int(typed["month"])
        wrong = tuple(part for part, bad in (("day", not 1 <= day <= 31), ("month", not 1 <= month <= 12)) if bad)
        if len(typed["year"]) != 4 or not typed["year"].isdigit():
            self.wrong_parts = wrong + ("year",)
            # With the day or month wrong too, the year's own message would not explain the other boxes.
            raise ValueError(self.invalid_message if wrong else "Year must include 4 numbers")
        year = int(typed["year"])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            wrong += ("year",)
        if wrong:
            self.wrong_parts = wrong
            raise ValueError(self.invalid_message)
        try:
            return date(year, month, day)
        except ValueError:  # 31 February: the day is what does not fit the month
            self.wrong_parts = ("day",)
            raise ValueError(self.invalid_message) from None

    def pre_validate(self, form):
        """A date that could not be read gets that one message, not the other validators' too."""
        if self.process_errors:
            raise StopValidation()

    def box_value(self, part: str) -> str:
        """What a box shows: as typed after a post, else the saved date's day, month or year."""
        if self.typed is not None:
            return self.typed[part]
        if isinstance(self.data, date):
            return str(getattr(self.data, part))
        return ""

    def box_is_wrong(self, part: str) -> bool:
        """Whether to mark this box: the wrong ones, or all three when the whole date is questioned."""
        return bool(self.errors) and (part in self.wrong_parts or not self.wrong_parts)

    @property
    def error_anchor(self) -> str:
        """The id the error summary links to: the first wrong box."""
        first = next((part for part in self.PARTS if self.box_is_wrong(part)), "day")
        return f"{self.id}-{first}"

    def _value(self):
        return self.data.isoformat() if isinstance(self.data, date) else ""


class TimeField(_TypedValue, fields.TimeField):
    """A time of day on the 24-hour clock, typed as text: 14:30, 14.30 and 2:30pm are all read."""

    # A text box, not a time input: browsers show that with a 12-hour clock in many locales.
    widget = widgets.TextInput()
    default_invalid_message = "Enter a real time, for example 14:30"

    def parse(self, text: str) -> time:
        return parse_time(text)


class IntegerField(_PlainInvalidMessage, fields.IntegerField):
    """A whole number."""

    default_invalid_message = "Enter a number"
