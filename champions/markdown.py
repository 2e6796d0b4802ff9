"""Markdown rendered, then sanitised with nh3. Every feature renders user text here, once, at write time."""
from __future__ import annotations

import html as _html

import markdown as _markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"


def sanitise(html: str) -> str:
    """Keep only the allowlisted tags, attributes and link schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render(text: str | None) -> Markup:
    """Markdown source to safe HTML (headings start at h2: the page owns h1)."""
    if not text:
        return Markup("")
    html = _markdown.markdown(
        text,
        extensions=["fenced_code", "tables", "sane_lists", "nl2br"],
        output_format="html",
    )
    # A post's "# Heading" must not compete with the page's h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return Markup(sanitise(html))


def to_plain_text(text: str | None) -> str:
    """Markdown source to plain text, for snippets and search."""
    return html_to_text(str(render(text)))


def html_to_text(html: str | None) -> str:
    """Stored, sanitised HTML to plain text (cheaper than rendering the Markdown again)."""
    if not html:
        return ""
    # Block ends become spaces so words from adjacent paragraphs or cells do not run together.
    spaced = html.replace("</p>", "</p> ").replace("</li>", "</li> ").replace("<br>", " ").replace("</td>", "</td> ")
    return " ".join(_html.unescape(nh3.clean(spaced, tags=set())).split())
