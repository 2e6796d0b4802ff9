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
from champions.timeutil import time_ago

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

    def key(answer) -> tuple:
        author, endorser, check = answer.author, answer.endorsed_by, checks.get(answer.id)
        return (
            root, answer.id, hashlib.blake2b(answer.body_html.encode(), digest_size=16).digest(),
            answer.hidden, answer.hidden_reason, answer.held, answer.withdrawn_at, answer.edited,
            answer.helpful_count, answer.created_at, time_ago(answer.created_at),
            answer.author_id, person_name(author), author.display_name if author else None,
            author.badge if author else None,
            answer.endorsed_by_id, endorser.display_name if endorser else None,
            answer.id == question.accepted_answer_id, asker, answer.author_id == user.id, answer.id in voted,
            tuple(sorted((k, v) for k, v in may[answer.id].items() if k not in LIVE_DECISIONS)), moderator,
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
