"""Differences between two versions of a text, in bounded work."""
from __future__ import annotations

from champions.textdiff import diff


def test_words_inside_a_changed_line():
    assert diff("line one\nline two\nline three\n", "line one\nline 2\nline three\nline four\n") == [
        ("same", "line one\nline "), ("removed", "two"), ("added", "2"), ("same", "\nline three\n"),
        ("added", "line four\n")]


def test_unchanged_and_empty_texts():
    assert diff("Same text.", "Same text.") == [("same", "Same text.")]
    assert diff(None, "New text") == [("added", "New text")]


def test_a_paragraph_rewritten_beyond_the_word_budget_shows_removed_then_added_whole():
    old, new = "a " * 10_000, "b " * 10_000
    assert diff(old, new) == [("removed", old), ("added", new)]


def test_thousands_of_changed_lines_are_left_to_be_shown_side_by_side():
    assert diff("a\n" * 10_000, "b\n" * 10_000) is None
    assert diff("".join(f"w{n}\nkeep {n}\n" for n in range(1_500)),
                "".join(f"v{n}\nkeep {n}\n" for n in range(1_500))) is None
