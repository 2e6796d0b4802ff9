"""Forms for the induction: authoring, reflections and the knowledge check."""
from __future__ import annotations

import random
from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from champions import formfields
from champions.induction.models import AUDIENCES, REFLECTION_MAX

OPTION_SLOTS = 6


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ModuleForm(FlaskForm):
    """A module's title, summary, audience and pass mark."""

    title = StringField("Title", validators=[DataRequired("Enter a title"), Length(max=200, message="Title must be 200 characters or fewer")])
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=1000, message="Summary must be 1,000 characters or fewer")])
    audience = RadioField("Who is it for?", choices=[SelectChoice(k, v) for k, v in AUDIENCES.items()], default="staff",
                          validators=[DataRequired("Choose who the module is for")])
    pass_mark = IntegerField("Pass mark for the knowledge check (per cent)", default=80,
                             validators=[DataRequired("Enter a pass mark between 1 and 100"),
                                         NumberRange(1, 100, "Enter a pass mark between 1 and 100")])
    max_attempts = formfields.IntegerField(
        "Attempts allowed at the knowledge check", validators=[
            Optional(), NumberRange(1, 20, "Enter a number of attempts from 1 to 20, or leave it blank for no limit")],
        invalid_message="Enter a number of attempts from 1 to 20, or leave it blank for no limit")
    attempt_pause_minutes = formfields.IntegerField(
        "Minutes to wait between attempts", default=0, validators=[
            Optional(), NumberRange(0, 10080, "Enter a number of minutes from 0 to 10,080 (one week)")],
        invalid_message="Enter a number of minutes from 0 to 10,080 (one week)")

    def populate_obj(self, obj):
        """A blank pause means no pause."""
        super().populate_obj(obj)
        obj.attempt_pause_minutes = obj.attempt_pause_minutes or 0


class LessonForm(FlaskForm):
    """A lesson's title and Markdown body."""

    title = StringField("Title", validators=[DataRequired("Enter a title"), Length(max=200, message="Title must be 200 characters or fewer")])
    body = TextAreaField("Lesson text", validators=[DataRequired("Enter the lesson text"), Length(max=50000, message="Lesson text must be 50,000 characters or fewer")])


class QuestionForm(FlaskForm):
    """A check question, its explanation and up to six options (tick every correct one)."""

    prompt = StringField("Question", validators=[DataRequired("Enter the question"), Length(max=500, message="Question must be 500 characters or fewer")])
    explanation = TextAreaField("Explanation shown after answering", validators=[
        DataRequired("Enter an explanation: what is right and why"), Length(max=5000, message="Explanation must be 5,000 characters or fewer")])

    def option_rows(self):
        """(text field, correct field) pairs in order."""
        return [(getattr(self, f"option_{n}"), getattr(self, f"option_{n}_correct")) for n in range(1, OPTION_SLOTS + 1)]

    def options_entered(self) -> list[tuple[str, bool]]:
        """The options typed in, with whether each is correct."""
        return [(text.data.strip(), bool(correct.data)) for text, correct in self.option_rows() if (text.data or "").strip()]

    def validate(self, extra_validators=None) -> bool:
        """Also: at least two options, at least one of them correct."""
        ok = super().validate(extra_validators)
        entered = self.options_entered()
        if len(entered) < 2:
            self.option_1.errors = list(self.option_1.errors) + ["Enter at least two options"]
            ok = False
        elif not any(correct for _, correct in entered):
            self.option_1_correct.errors = list(self.option_1_correct.errors) + ["Tick at least one correct option"]
            ok = False
        return ok


for _n in range(1, OPTION_SLOTS + 1):
    setattr(QuestionForm, f"option_{_n}", StringField(f"Option {_n}", validators=[
        Optional(), Length(max=300, message=f"Option {_n} must be 300 characters or fewer")]))
    setattr(QuestionForm, f"option_{_n}_correct", BooleanField(f"Option {_n} is correct"))


class AssignModuleForm(FlaskForm):
    """Who a new module is assigned to, and the due date for the completed inductions it reopens."""

    scope = RadioField("Who should take this module?", validate_choice=False,
                       validators=[DataRequired("Choose who should take this module")])
    due_on = formfields.DateField("New due date for the inductions it reopens",
                                  invalid_message="Enter a real due date, for example 3 March 2027")

    def validate_due_on(self, field):
        """Needed when completed inductions are reopened; today or later, within a year."""
        if self.scope.data != "everyone":
            return
        if field.data is None:
            raise ValidationError("Enter the new due date for the inductions it reopens")
        if field.data < _today():
            raise ValidationError("The due date must be today or in the future")
        if field.data > _today() + timedelta(days=366):
            raise ValidationError("The due date must be within a year")


def _today() -> date:
    from champions.induction.progress import today

    return today()


class ReflectionForm(FlaskForm):
    """The private 'My reflections' box on a lesson."""

    text = TextAreaField("My reflections", validators=[Length(max=REFLECTION_MAX, message=f"Your reflections must be {REFLECTION_MAX:,} characters or fewer")])


def check_seed(user_id: int, attempts_before: int) -> str:
    """The shuffle for a person's next attempt (the number of attempts before it makes each one different)."""
    return f"{user_id}:{attempts_before}"


def shuffled_options(question, seed: str) -> list:
    """A question's options in the order one attempt shows them (the order written, without a seed)."""
    options = list(question.options)
    if seed:
        random.Random(f"{seed}:{question.id}").shuffle(options)
    return options


def check_form_class(questions, seed: str = ""):
    """A form class with one field per question: radios when one option is correct, checkboxes when several.

    With a seed, each question's options come in a shuffled order that is the same for the same seed (so a form
    shown again with errors keeps its order) and changes with it (so the right answer is not always first).
    Options are sent as their place in that order ("1", "2"...), never their ids, which would give the answer
    away in the page source (authors often write the right answer first); `chosen_options` maps them back.
    """

    class CheckForm(FlaskForm):
        option_ids: dict[int, list[int]] = {}

        def chosen_options(self, question) -> set[int]:
            """The option ids chosen for a question."""
            value = getattr(self, f"q{question.id}").data
            places = value if isinstance(value, (list, tuple, set)) else ([] if value is None else [value])
            order = self.option_ids.get(question.id, [])
            return {order[int(p) - 1] for p in places if str(p).isdigit() and 1 <= int(p) <= len(order)}

    for number, question in enumerate(questions, start=1):
        options = shuffled_options(question, seed)
        CheckForm.option_ids[question.id] = [o.id for o in options]
        choices = [SelectChoice(str(place), o.text) for place, o in enumerate(options, start=1)]
        message = f"Answer question {number}"
        label = f"Question {number}: {question.prompt}"
        if question.multiple:
            fld = MultiCheckboxField(label, choices=choices, validate_choice=False, validators=[DataRequired(message)])
        else:
            fld = RadioField(label, choices=choices, validate_choice=False, validators=[DataRequired(message)])
        setattr(CheckForm, f"q{question.id}", fld)
    return CheckForm
