"""@mentions in what people write: found by name, linked to the profile, told only to those who may see the post.

Typing "@Ailsa Grant" is enough (no JavaScript needed); two members with one name are told apart as
"@Jamie Reid (North Team)". "@champions" tells every SDS Champion. We parse names ourselves: no Markdown
library knows who the Hub's members are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from champions import markdown, permissions
from champions.auth.models import User
from champions.extensions import db
from champions.people.names import person_name, where_from

EVERY_CHAMPION = "champions"
MAX_WORDS = 4
_AT = re.compile(r"(?<![\w.@/])@(?=[^\W\d_])")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_GAP = re.compile(r"[ \t]+")
_BRACKETS = re.compile(r"[ \t]*\(([^()\n]{1,120})\)")


@dataclass
class Mention:
    """One "@name" in the text: where it is, as written, and whom it names."""

    start: int
    end: int
    written: str
    people: list = field(default_factory=list)
    everyone: bool = False  # @champions

    @property
    def person(self):
        return self.people[0] if len(self.people) == 1 else None


def _words_after(text: str, at: int) -> list[tuple[str, int]]:
    """Up to MAX_WORDS words following the @, each with where it ends."""
    words, pos = [], at
    while len(words) < MAX_WORDS:
        match = _WORD.match(text, pos)
        if not match:
            break
        words.append((match.group(), match.end()))
        gap = _GAP.match(text, match.end())
        if not gap:
            break
        pos = gap.end()
    return words


def _members_named(first_words: set[str]) -> dict[str, list]:
    """Members whose name starts with one of these words, by lower-cased name (one query)."""
    if not first_words:
        return {}
    found: dict[str, list] = {}
    people = db.session.scalars(select(User).where(User.is_member, or_(*[
        func.lower(User.display_name).startswith(word.lower(), autoescape=True)
        for word in first_words])).order_by(User.id))
    for person in people:
        found.setdefault(" ".join(person.display_name.lower().split()), []).append(person)
    return found


def find(text: str | None) -> list[Mention]:
    """Every @mention in the text, longest matching name first; unknown names are plain text."""
    text = text or ""
    starts = [(m.start(), _words_after(text, m.end())) for m in _AT.finditer(text)]
    names = _members_named({words[0][0] for _, words in starts if words})
    found: list[Mention] = []
    for start, words in starts:
        if words and words[0][0].lower() == EVERY_CHAMPION and len(words[0][0]) == len(EVERY_CHAMPION):
            found.append(Mention(start, words[0][1], text[start:words[0][1]], everyone=True))
            continue
        for count in range(len(words), 0, -1):
            people = names.get(" ".join(w for w, _ in words[:count]).lower())
            if people:
                end = words[count - 1][1]
                brackets = _BRACKETS.match(text, end)
                if len(people) > 1 and brackets:
                    place = brackets.group(1).strip().lower()
                    narrowed = [p for p in people if place and place in (where_from(p) or p.role_label).lower()]
                    if narrowed:
                        people, end = narrowed, brackets.end()
                found.append(Mention(start, end, text[start:end], people=people))
                break
    return found


def problems(text: str | None, label: permissions.AccessLabel) -> list[str]:
    """Why the mentions in this text cannot be posted to this audience (empty when they can)."""
    messages = []
    for mention in find(text):
        if mention.everyone:
            continue
        if mention.person is None:
            example = person_name(mention.people[0])
            messages.append(f"{len(mention.people)} people are called {mention.people[0].display_name}: "
                            f"write which one, for example @{example}")
        elif not label.admits(mention.person):
            messages.append(f"{person_name(mention.person)} cannot see this, so you cannot mention them here")
    return messages


def check_fields(form, names: list[str], label: permissions.AccessLabel | None) -> bool:
    """Each mention in these fields of the form names one person who may see the post (label: who will read it);
    else the field says why, what was typed kept. No label yet (an audience not chosen): nothing to check."""
    ok = True
    for name in names if label is not None else []:
        found = problems(form[name].data, label)
        if found:
            form[name].errors = [*form[name].errors, *found]
            ok = False
    if not ok:
        form._errors = None  # form.errors (the error summary) lists the fields' new errors
    return ok


def link(text: str | None) -> str:
    """The Markdown source with each mention made a link to the person's profile (as written; text kept)."""
    text = text or ""
    out, pos = [], 0
    for mention in find(text):
        if mention.person is None:
            continue
        out += [text[pos:mention.start], f"[{mention.written}](/people/{mention.person.id})"]
        pos = mention.end
    return "".join(out) + text[pos:]


def render(text: str | None):
    """Markdown to safe HTML with mentions linked: use it where people may mention each other."""
    return markdown.render(link(text))


def mentioned(text: str | None, label: permissions.AccessLabel) -> list:
    """The members this text tells: each one named, or every champion for @champions, who may see it."""
    people: dict[int, object] = {}
    for mention in find(text):
        if mention.everyone:
            for champion in db.session.scalars(permissions.recipients(EVERY_CHAMPION)):
                people.setdefault(champion.id, champion)
        elif mention.person is not None:
            people.setdefault(mention.person.id, mention.person)
    return [person for person in people.values() if label.admits(person)]


def tell(text: str | None, *, before: str | None = None, label: permissions.AccessLabel, actor, where: str,
         url: str, subject: str | None) -> None:
    """Notify the people newly mentioned (not already in `before`) who may see the post."""
    from champions.notifications.service import notify

    already = {p.id for p in mentioned(before, label)} if before else set()
    people = [p for p in mentioned(text, label) if p.id not in already]
    if people:
        notify(people, kind="mention", title=f"{person_name(actor)} mentioned you in {where}", url=url,
               visibility=label, actor=actor, subject=subject, text=text)
