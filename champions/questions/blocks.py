"""The question page's answers, each rendered once and kept for the next reader who would see the same.

An answer's block is keyed by everything that shapes it: the answer as it is now (its words, state, counts
and author as shown), and what this reader may do to it (the decisions from champions.permissions, whether it
is theirs, whether they marked it helpful). A reader gets a kept block only when all of that is the same, so
nobody sees controls or words meant for someone else, and an edit, hide, redaction or vote makes a new key
(the old block is never asked for again). The CSRF token is put in as the block is shown, never kept.
Files are not in the blocks: the page shows them live, between a block's two halves.
"""
from __future__ import annotations

import hashlib

from flask import current_app, request
from markupsafe import Markup

from champions.people.names import person_name
from champions.timeutil import time_ago, utcnow

MAX_BLOCKS = 4000  # about 4 KB each: a bounded memory per worker, emptied when full
_TOKEN = "\x00csrf-token\x00"  # stands in for the reader's CSRF token in a kept block
# Decisions only the live part between a block's halves uses (the files): not part of a block's key.
LIVE_DECISIONS = frozenset({"attachment.add"})


def _kept() -> dict:
    return current_app.extensions.setdefault("questions.answer_blocks", {})


def key_maker(question, user, may: dict, voted: set, checks: dict, held_found: dict, moderator: bool):
    """A function giving an answer's block key for this reader (called as the page renders: a shown name may
    need the names the navigation's query asks)."""
    asker = question.author_id == user.id
    root = request.script_root  # the links' prefix
    accepted_id = question.accepted_answer_id
    decided: dict = {}  # the decisions shaping a block, by decisions dict (answers alike share one)
    names: dict = {}  # each person's names as shown, by id (an author of many answers is named once)
    now = utcnow()

    def shown_decisions(allowed: dict) -> tuple:
        found = decided.get(id(allowed))
        if found is None or found[0] is not allowed:
            found = decided[id(allowed)] = (allowed, tuple(sorted(
                (k, v) for k, v in allowed.items() if k not in LIVE_DECISIONS)))
        return found[1]

    def named(person) -> tuple:
        if person is None:
            return (None, person_name(None), None, None)
        found = names.get(person.id)
        if found is None:
            found = names[person.id] = (person.id, person_name(person), person.display_name, person.badge)
        return found

    def key(answer) -> tuple:
        endorser, check = answer.endorsed_by, checks.get(answer.id)
        return (
            root, answer.id, hashlib.blake2b(answer.body_html.encode(), digest_size=16).digest(),
            answer.hidden, answer.hidden_reason, answer.held, answer.withdrawn_at, answer.edited,
            answer.helpful_count, answer.created_at, time_ago(answer.created_at, now),
            answer.author_id, named(answer.author),
            answer.endorsed_by_id, endorser.display_name if endorser else None,
            answer.id == accepted_id, asker, answer.author_id == user.id, answer.id in voted,
            shown_decisions(may[answer.id]), moderator,
            (check.out_of_date, check.out_of_date_at, check.out_of_date_reason, check.checked_at) if check else None,
            held_found.get(("answer", answer.id), "") if answer.held else "")

    return key


class Block:
    """One answer's kept HTML: before its files and after them."""

    __slots__ = ("head", "tail")

    def __init__(self, head: str, tail: str):
        self.head, self.tail = head, tail

    def show(self, part: str, token: str) -> Markup:
        """This half of the block, with this reader's CSRF token."""
        return Markup(getattr(self, part).replace(_TOKEN, token))


class Shown:
    """A block as one reader is shown it (their CSRF token in place): `head` and `tail`, ready to write."""

    __slots__ = ("head", "tail")

    def __init__(self, block: Block, token: str):
        self.head, self.tail = block.show("head", token), block.show("tail", token)


class Page:
    """One reader's answers on one page: `kept(answer)` gives the block kept for it (as `Shown`) or None, and
    after rendering one, `keep(answer, head, tail)` keeps it and gives it back (one call an answer each)."""

    def __init__(self, key, token: str):
        self._key, self.token, self._keys = key, token, {}

    def kept(self, answer) -> Shown | None:
        key = self._keys[answer.id] = self._key(answer)
        block = kept(key)
        return Shown(block, self.token) if block is not None else None

    def keep(self, answer, head, tail) -> Shown:
        return Shown(keep(self._keys[answer.id], head, tail, self.token), self.token)


def kept(key) -> Block | None:
    """The block kept for this key, if any."""
    return _kept().get(key)


def keep(key, head: str, tail: str, token: str) -> Block:
    """Keep a block just rendered for this key (this reader's CSRF token taken out; without one, not kept)."""
    if not token:
        return Block(str(head), str(tail))
    blocks = _kept()
    if len(blocks) >= MAX_BLOCKS:
        blocks.clear()
    block = blocks[key] = Block(str(head).replace(token, _TOKEN), str(tail).replace(token, _TOKEN))
    return block
