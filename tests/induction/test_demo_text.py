"""Demo lessons read as paragraphs: no line breaks in the middle of a sentence."""
from __future__ import annotations

import re

from sqlalchemy import select

from champions.extensions import db
from champions.induction.demo import unwrap
from champions.induction.models import Lesson


def test_unwrap_joins_paragraph_lines_but_keeps_lists_and_tables():
    text = "One line\\nand its end.\n\n- item one\n- item two\n\n| A | B |\n|---|---|\n| 1 | 2 |"
    text = text.replace("\\n", "\n")
    assert unwrap(text) == "One line and its end.\n\n- item one\n- item two\n\n| A | B |\n|---|---|\n| 1 | 2 |"


def test_demo_lessons_have_no_line_breaks_inside_sentences(demo):
    with demo.app_context():
        lessons = db.session.scalars(select(Lesson)).all()
        assert lessons
        for lesson in lessons:
            assert not re.search(r"<br ?/?>\s*[a-z(]", lesson.body_html), f"{lesson.title}: a sentence breaks mid-line"
