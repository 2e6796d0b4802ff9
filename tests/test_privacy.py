"""The personal-data guard: what it catches, what ordinary SDS text it leaves alone, and the form helper."""
from __future__ import annotations

import pytest
from flask import render_template
from flask_wtf import FlaskForm
from hypothesis import given, settings, strategies as st
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired

from champions import privacy


def make_chi(ddmmyy: str, serial: str = "12") -> str:
    """An invented CHI with a valid date and a correct modulus 11 check digit."""
    for last in "0123456789":
        first9 = ddmmyy + serial + last
        total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check != 10:
            return first9 + str(check)
    raise AssertionError("no check digit possible")


def kinds(text: str, **kwargs) -> list[str]:
    return [f.kind for f in privacy.scan(text, **kwargs)]


# --- CHI numbers --------------------------------------------------------------------------------

def test_invented_chi_passes_the_modulus_11_check():
    chi = make_chi("120385")
    assert privacy._mod11_ok(chi)
    assert privacy.is_valid_chi(chi)


@pytest.mark.parametrize("layout", [
    lambda c: c, lambda c: f"{c[:6]} {c[6:]}", lambda c: f"{c[:6]}-{c[6:]}",
    lambda c: f"{c[:2]} {c[2:4]} {c[4:6]} {c[6:]}", lambda c: f"{c[:2]}-{c[2:4]}-{c[4:6]}-{c[6:]}",
    lambda c: f"{c[:3]} {c[3:6]} {c[6:]}",
])
def test_chi_found_in_common_groupings(layout):
    written = layout(make_chi("120385"))
    text = f"Her CHI is {written}, please check."
    findings = privacy.scan(text)
    assert [f.kind for f in findings] == ["CHI number"]
    assert findings[0].text == written
    assert text[findings[0].start:findings[0].end] == written


def test_chi_with_a_modulus_10_check_is_found():
    # 1203851231 fails modulus 11 but passes the Luhn-style modulus 10 check.
    assert not privacy._mod11_ok("1203851231") and privacy._mod10_ok("1203851231")
    assert kinds("CHI 120385 1231") == ["CHI number"]


def test_chi_with_wrong_check_digit_or_impossible_date_is_ignored():
    chi = make_chi("120385")
    wrong = chi[:9] + str((int(chi[9]) + 1) % 10)
    if privacy.is_valid_chi(wrong):  # a wrong mod-11 digit might happen to pass mod 10
        wrong = chi[:9] + str((int(chi[9]) + 2) % 10)
    assert kinds(f"ref {wrong}") == []
    # 31 February is not a date, whatever the check digit says.
    assert not privacy.is_valid_chi(make_chi("310285"))
    assert kinds(f"ref {make_chi('310285')}") == []


def test_29_february_is_a_valid_chi_date_in_a_leap_year():
    assert privacy.is_valid_chi(make_chi("290200"))
    assert not privacy.is_valid_chi(make_chi("290201"))


# How people really type a CHI (issue 10 item 16): odd spaces and dashes, dots, invisible characters,
# other groupings, and something touching it. Each finding quotes the original text at the right place.
CHI_WRITINGS = {
    "no-break space": lambda c: f"{c[:6]}\u00a0{c[6:]}",
    "narrow no-break space": lambda c: f"{c[:6]}\u202f{c[6:]}",
    "tab": lambda c: f"{c[:6]}\t{c[6:]}",
    "two spaces": lambda c: f"{c[:6]}  {c[6:]}",
    "en dash": lambda c: f"{c[:6]}\u2013{c[6:]}",
    "spaced en dash": lambda c: f"{c[:6]} \u2013 {c[6:]}",
    "dot": lambda c: f"{c[:6]}.{c[6:]}",
    "dots": lambda c: f"{c[:2]}.{c[2:4]}.{c[4:6]}.{c[6:]}",
    "zero-width space": lambda c: f"{c[:6]}\u200b{c[6:]}",
    "soft hyphen": lambda c: f"{c[:3]}\u00ad{c[3:]}",
    "pairs": lambda c: " ".join(c[i:i + 2] for i in range(0, 10, 2)),
    "4 and 6": lambda c: f"{c[:4]} {c[4:]}",
    "full-width digits": lambda c: c.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
}


@pytest.mark.parametrize("writing", CHI_WRITINGS.values(), ids=CHI_WRITINGS.keys())
def test_chi_found_however_it_is_typed(writing):
    written = writing(make_chi("251285"))
    text = f"Her CHI is {written}, please check."
    findings = privacy.scan(text)
    assert [(f.kind, f.text, f.certain) for f in findings] == [("CHI number", written, True)]
    assert text[findings[0].start:findings[0].end] == written


@pytest.mark.parametrize("text", ["CHI{c} on file", "chi:{c}", "{c}x", "bed 4 {c}", "{c} 2 days ago", "ward 12 - {c}"])
def test_chi_found_with_a_letter_or_another_number_touching_it(text):
    chi = make_chi("251285")
    assert [(f.kind, f.text) for f in privacy.scan(text.format(c=chi))] == [("CHI number", chi)]


# --- A mistyped CHI (issue 11 item 5): still personal data, though not certainly a CHI ------------

@pytest.mark.parametrize("text, number", [
    ("CHI 1503721239", "1503721239"),
    ("CHI no. 150372 1239", "150372 1239"),
    ("Her chi number is 9913721239", "9913721239"),  # not even a date, but after the word CHI
    ("He is 1503721239 on the system", "1503721239"),  # 15 March 1972 first
    ("Ref for Mrs B: 15 03 72 12 39", "15 03 72 12 39"),
])
def test_a_chi_failing_the_check_is_still_found(text, number):
    assert not privacy.is_valid_chi(number)
    findings = privacy.scan(text)
    assert [(f.kind, f.text, f.certain) for f in findings] == [("CHI number", number, False)]


@pytest.mark.parametrize("text", [
    "Ring 01314960000 or 01314 960000",  # phone numbers are 11 digits
    "Our figures: 9913721239 in total",  # no date of birth first, and no CHI word
    "Invoice 1503721239 was paid", "Purchase order no. 2503241234", "booking ref 150372 1239",
    "on 15/03/1972 and 15.03.1972",
    "14 03 2027 10:30",
])
def test_ten_digits_that_are_not_a_chi(text):
    assert "CHI number" not in kinds(text)


def test_ten_digit_order_reference_failing_the_check_is_ignored():
    assert not privacy.is_valid_chi("1503851234")
    assert privacy.scan("Purchase order 1503851234 was raised for the laptop.") == []


# --- National Insurance numbers -----------------------------------------------------------------

@pytest.mark.parametrize("ni", ["AB 12 34 56 C", "AB123456C", "AB 123456 D", "JT 12 34 56", "CE123456"])
def test_national_insurance_numbers_found(ni):
    findings = privacy.scan(f"NI number {ni} on file")
    assert [f.kind for f in findings] == ["National Insurance number"]
    assert findings[0].text.strip() == ni


@pytest.mark.parametrize("ni", [
    "AB-12-34-56-C", "AB.12.34.56.C", "ab 12 34 56 c", "ab123456c", "ab-12-34-56-c", "AB\u00a012\u00a034\u00a056\u00a0C",
    "AB\u201112\u201134\u201156\u2011C", "ab 12 34 56", "ab123456",
])
def test_national_insurance_numbers_found_however_typed(ni):
    findings = privacy.scan(f"NI: {ni}.")
    assert [(f.kind, f.text, f.certain) for f in findings] == [("National Insurance number", ni, True)]


@pytest.mark.parametrize("text", ["by 100000 a year", "at 250000 a year", "up 120000 b"])
def test_lower_case_words_before_a_number_are_not_ni_numbers(text):
    assert kinds(text) == []


def test_scottish_charity_and_company_numbers_are_not_ni_numbers():
    assert kinds("Carers Centre, Scottish charity SC012345, company SC123456") == []
    assert kinds("NI SC123456A") == ["National Insurance number"]  # with the final letter it is one


@pytest.mark.parametrize("ni", [
    "QQ 12 34 56 C",   # Q never used
    "DA123456A",       # D never first
    "AO123456A",       # O never second
    "BG123456A", "GB123456A", "KN123456A", "NK123456A", "NT123456A", "TN123456A", "ZZ123456A",
    "AB123456E",       # suffix only A-D
])
def test_impossible_national_insurance_numbers_ignored(ni):
    assert "National Insurance number" not in kinds(f"ref {ni} here")


# --- Phone numbers ------------------------------------------------------------------------------

@pytest.mark.parametrize("number", [
    "0131 496 0000", "01314960000", "(0131) 496-0000", "+44 131 496 0000", "07123 456789",
    "020 7946 0000", "0800 123 4567",
])
def test_uk_phone_numbers_found(number):
    findings = privacy.scan(f"Ring her on {number} after lunch.")
    assert [f.kind for f in findings] == ["phone number"]
    assert findings[0].text == number


def test_ofcom_drama_numbers_still_look_like_phone_numbers():
    # Safe test values, but a reader sees a phone number: the guard is about what text looks like.
    assert kinds("Call 07700 900123 or 01632 960123") == ["phone number", "phone number"]


@pytest.mark.parametrize("number", ["+44 (0)7700 900123", "+44 (0) 1632 960123", "+44(0)7700900123"])
def test_international_numbers_written_with_the_trunk_zero_in_brackets(number):
    assert kinds(f"Ring {number} after 5pm") == ["phone number"]


# --- Postcodes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("postcode", ["AB10 1AB", "EH1 1YZ", "G2 1DU", "eh11 1yz", "SW1A 1AA", "KY16 9AJ", "EH11YZ"])
def test_full_postcodes_found(postcode):
    findings = privacy.scan(f"She lives at {postcode}, near the shops.")
    assert [f.kind for f in findings] == ["postcode"]
    assert findings[0].text == postcode


@pytest.mark.parametrize("postcode", ["EH1\u00a01YZ", "EH1  1YZ", "EH1\t1YZ", "ＥＨ１ １ＹＺ"])
def test_postcodes_found_with_odd_spaces(postcode):
    assert [(f.kind, f.text) for f in privacy.scan(f"At {postcode}.")] == [("postcode", postcode)]


@pytest.mark.parametrize("number", ["0131\u00a0496\u00a00000", "0131\u2013496\u20130000", "07700\u200b900123"])
def test_phone_numbers_found_with_odd_spaces_and_dashes(number):
    assert [(f.kind, f.text) for f in privacy.scan(f"Ring {number} today")] == [("phone number", number)]


@pytest.mark.parametrize("text", ["the EH1 area", "in G2", "AB10 team", "Q1 1AA"])
def test_partial_or_impossible_postcodes_ignored(text):
    assert "postcode" not in kinds(text)


# --- Email addresses ----------------------------------------------------------------------------

def test_email_addresses_found_unless_at_an_allowed_domain():
    text = "Email jo.bloggs@gmail.com or ask champion@example.org or a@team.example.org."
    findings = privacy.scan(text, allowed_email_domains=["example.org"])
    assert [(f.kind, f.text) for f in findings] == [("email address", "jo.bloggs@gmail.com")]


def test_email_domains_default_to_the_app_setting(app):
    # test_config allows example.org and council.example.gov.uk
    assert kinds("mail jo@council.example.gov.uk") == []
    assert kinds("mail jo@elsewhere.example.com") == ["email address"]


def test_email_without_app_context_and_no_allow_list_is_always_found():
    assert kinds("jo@example.org") == ["email address"]


# --- Dates of birth -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, date", [
    ("DOB 12/03/1985", "12/03/1985"),
    ("D.O.B.: 12.03.85", "12.03.85"),
    ("date of birth: 1985-03-12", "1985-03-12"),
    ("She was born on 3 March 1950 in Fife", "3 March 1950"),
    ("born 3rd of March 1950", "3rd of March 1950"),
    ("Date of birth is March 3, 1950", "March 3, 1950"),
])
def test_dates_of_birth_found(text, date):
    findings = privacy.scan(text)
    assert [(f.kind, f.text) for f in findings] == [("date of birth", date)]


def test_dates_without_birth_words_are_not_dates_of_birth():
    assert kinds("The meeting is on 3 March 2027 and the Act started 1 April 2014") == []


# --- Ordinary SDS text must not trigger -----------------------------------------------------------

ORDINARY = [
    "option 2", "Option 1 or option 3", "£200 a week", "£1,250.50 per month", "1 April 2014",
    "2019-2021", "Standard 12", "1,234,567", "Step 3", "01/04/2014 the Act came into force",
    "The next meeting is on Tuesday 14 March 2027 at 10:30 in room 2.", "10:30", "14:00-15:30",
    "75% of people", "12.5%", "0.5 FTE", "We spent £3,000 on a laptop", "In 2027", "2014",
    "Section 19 of the 2013 Act", "Regulation 8(2)(b)", "version 2.3.1", "a budget of 12000 per year",
    "Child born in Scotland", "People born before 1950", "SDS option 2 for 12 weeks from 01/04/2027",
    "A 24/7 service", "Ages 16-25", "Spending rose by 100000 last year", "at 250000 a year", "on 123456", "Ref: 2023/04/1234", "Call the duty team", "Meeting at 9.30am",
    # Budgets, dates, times, options, standards, years, percentages and references as SDS posts write them.
    "Budget £1,250.00 per four weeks", "Indicative budget: £12,500.00 (2026/27)", "£1 250.00 a month",
    "Review due 25/12/2026, 25.12.2026 or 2026-12-25", "on 01/04/2027 at 10:00", "Tuesday 14 March 2027, 10.30 - 12.30",
    "between 09:30\u201311:00, from 9.30am to 12.30pm, 14.00-15.30", "14 03 2027 10:30", "SDS Standard 7.2; Standards 1 to 11",
    "Option 1, 2, 3 or 4", "In 2014, 2019 and 2024", "2024 2025 2026", "Funding of £200,000.00 from 01.04.2026 to 31.03.2027",
    "Reference SDS/2027/00123, case 2027-000123, ticket #100234, invoice INV-2026-0415", "PO 4500123456",
    "Purchase order 2503241234", "Helpline ref 0131 2027 0045", "Case ref: 1203 851234", "Room 1.25", "Ages 18\u00a0\u2013\u00a065",
    "Around 12 000 to 15 000 people; 1 250 000 in total", "We served 1,503 people in 2023/24 and 1,721 in 2024/25",
    "12.5% and 75\u00a0%", "Scottish charity SC012345", "Version 1.2.3", "Figures: 150372 people",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sds_text_is_not_personal_data(text):
    assert privacy.scan(text, allowed_email_domains=["example.org"]) == []


def test_a_realistic_paragraph_is_clean():
    text = (
        "Under option 2 the person chooses their support and the council arranges it. Since 1 April 2014 "
        "(the 2013 Act) we have offered £200 a week for 12 weeks, reviewed at Step 3 of Standard 12. "
        "Between 2019-2021 we spent 1,234,567 on direct payments; 0.5 FTE staff; 75% satisfied."
    )
    assert privacy.scan(text, allowed_email_domains=["example.org"]) == []


# --- Several findings, overlaps, describe, redact -------------------------------------------------

def test_several_findings_in_reading_order():
    chi = make_chi("010170")
    text = f"CHI {chi}, NI AB123456C, postcode EH1 1YZ, phone 0131 496 0000, jo@gmail.com, DOB 01/01/1970"
    found = privacy.scan(text, allowed_email_domains=["example.org"])
    assert [f.kind for f in found] == [
        "CHI number", "National Insurance number", "postcode", "phone number", "email address", "date of birth",
    ]
    assert all(text[f.start:f.end] == f.text for f in found)


def test_overlapping_matches_are_reported_once_as_the_more_specific_kind():
    # A 10-digit CHI starting with 0 also reads as a UK phone number: report it as a CHI only.
    chi = make_chi("010170")
    assert chi.startswith("0")
    assert kinds(f"number {chi}") == ["CHI number"]
    # A postcode-like part of an email address is part of the email address.
    found = privacy.scan("write to eh1 1yz@gmail.com", allowed_email_domains=["example.org"])
    assert all(not (a.start < b.end and b.start < a.end) for a in found for b in found if a is not b)


def test_describe_is_plain_english():
    assert privacy.describe(privacy.Finding("CHI number", "120385 1237", 0, 11)) == "a CHI number (‘120385 1237’)"
    assert privacy.describe(privacy.Finding("email address", "a@b.com", 0, 7)) == "an email address (‘a@b.com’)"


def test_redact_replaces_each_target():
    text = "Ring 0131 496 0000 or 0131 496 0000; CHI 0101701234 and 010170."
    assert privacy.redact(text, ["0131 496 0000", "0101701234", ""]) == (
        "Ring [removed] or [removed]; CHI [removed] and 010170."
    )


def test_redact_removes_longer_targets_whole():
    assert privacy.redact("AB 12 34 56 C", ["AB 12", "AB 12 34 56 C"]) == "[removed]"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
       | st.text(alphabet="0123456789 -/.,:+()@abcdefghEHGABOQ", max_size=80))
def test_scan_never_raises_and_spans_match(text):
    for finding in privacy.scan(text, allowed_email_domains=["example.org"]):
        assert finding.text == text[finding.start:finding.end]
        assert finding.kind in {"CHI number", "National Insurance number", "phone number", "postcode",
                                "email address", "date of birth"}


# --- check_form and the confirmation partial -----------------------------------------------------

class PostForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired()])
    body = TextAreaField("Your question")


def test_check_form_passes_clean_text(app):
    with app.test_request_context("/", method="POST", data={"title": "Option 2", "body": "£200 a week"}):
        form = PostForm()
        assert form.validate()
        assert privacy.check_form(form, ["title", "body"]) is True
        assert form.personal_data_findings == {}


def test_check_form_flags_each_field_and_renders_the_confirmation(app):
    data = {"title": "About Jo", "body": "Her phone is 0131 496 0000 and she lives at EH1 1YZ"}
    with app.test_request_context("/", method="POST", data=data):
        form = PostForm()
        assert form.validate()
        assert privacy.check_form(form, ["title", "body"]) is False
        assert list(form.personal_data_findings) == ["body"]
        assert form.title.errors == []
        assert form.body.errors == [
            "This looks like it contains a phone number (‘0131 496 0000’) and a postcode (‘EH1 1YZ’). "
            "Remove it, or if it is not about an identifiable person, tick the box to confirm."
        ]
        assert "body" in form.errors
        html = render_template("_partials/personal_data_confirm.html", form=form)
    assert "Your question" in html
    assert "a phone number (‘0131 496 0000’)" in html
    assert 'name="confirm_no_personal_data"' in html and 'value="y"' in html
    assert "I confirm this is not about an identifiable person" in html


def test_check_form_handles_errors_before_validate(app):
    with app.test_request_context("/", method="POST", data={"title": "DOB 12/03/1985"}):
        form = PostForm()
        assert isinstance(form.title.errors, tuple)  # WTForms default before validate()
        assert privacy.check_form(form, ["title"]) is False
        assert "date of birth" in form.title.errors[0]


def test_check_form_accepts_the_confirmation(app):
    data = {"title": "Ring 0131 496 0000", "confirm_no_personal_data": "y"}
    with app.test_request_context("/", method="POST", data=data):
        form = PostForm()
        assert privacy.check_form(form, ["title", "body"]) is True
        assert form.personal_data_findings == {}
        assert form.title.errors in ((), [])


def test_partial_renders_nothing_without_findings(app):
    with app.test_request_context("/"):
        form = PostForm()
        assert render_template("_partials/personal_data_confirm.html", form=form).strip() == ""
        form.personal_data_findings = {}
        assert render_template("_partials/personal_data_confirm.html", form=form).strip() == ""


# --- Folding keeps positions (champions.textfold) --------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab12 -\u00a0\u2013\u200b\u00ad\u202f\t", max_size=60), st.data())
def test_a_folded_span_maps_back_to_the_original_text_it_came_from(text, data):
    from champions.textfold import Folded

    folded = Folded(text)
    start = data.draw(st.integers(0, len(folded.text)))
    end = data.draw(st.integers(start, len(folded.text)))
    a, b = folded.span(start, end)
    assert Folded(text[a:b]).text == folded.text[start:end]


def test_folding_expansions_and_removals_keeps_findings_in_place():
    chi = make_chi("251285")
    written = f"\u200b{chi[:3]}\u200b{chi[3:6]}\u00a0\u2013\u00a0{chi[6:]}"
    text = f"ﬁ½ ﬂ CHI:{written}\u200b and ＥＨ１ １ＹＺ"
    found = privacy.scan(text)
    assert [(f.kind, f.text) for f in found] == [("CHI number", written.lstrip("\u200b")), ("postcode", "ＥＨ１ １ＹＺ")]
    assert all(text[f.start:f.end] == f.text for f in found)
