"""Markdown rendered, then sanitised with nh3. Every feature renders user text here, once, at write time."""
from __future__ import annotations

import html as _html
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
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
MAX_NESTING = 40  # block levels (a list is two): what lies deeper is not shown (the source is kept)
# The HTML parser inside nh3 is slow on hundreds of unclosed tags (each paragraph reopens them all);
# an ordinary post has a few <br> or <b>, so past this many the post's HTML is shown as text.
MAX_RAW_TAGS = 100
# Elements whose start tag makes an HTML parser read everything after it as text, to their end tag:
# a stray "<script>" would swallow the rest of the post.
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext|template"
_RAW_TAG = re.compile(rf"<(/?)({_RAW_TEXT})(?=[\s/>])[^<>]*>?", re.IGNORECASE)
_CODE_ELEMENTS = {"script", "style"}  # their content is code, not the writer's text: dropped with them

# CommonMark parses in time linear in its input (Python-Markdown was quadratic on runs of "[").
_PARSER = MarkdownIt("commonmark", {"html": True, "breaks": True, "maxNesting": MAX_NESTING}).enable("table")
# Every link becomes a link, as before; nh3 then takes out the href of any scheme not allowed (javascript:, data:).
_PARSER.validateLink = lambda url: True


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
    env: dict = {}
    tokens = _without_raw_text_blocks(_PARSER.parse(text, env), env)
    _limit_raw_html(tokens)
    html = _PARSER.renderer.render(tokens, _PARSER.options, env).rstrip("\n")
    # A post's "# Heading" must not compete with the page's h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return Markup(sanitise(_drop_raw_text_elements(html)))


def _without_raw_text_blocks(tokens: list, env: dict) -> list:
    """Read the rest of a block that starts with a script or style element as Markdown, without the element."""
    # CommonMark takes such a block as HTML up to the line with its end tag (or to the end of the post).
    result = []
    for token in tokens:
        if token.type == "html_block" and _RAW_TAG.match(token.content.lstrip()):
            result += _PARSER.parse(_drop_raw_text_elements(token.content), env)
        else:
            result.append(token)
    return result


def _limit_raw_html(tokens) -> None:
    """Show the post's own HTML as text when it has more tags than any ordinary post."""
    raw = [token for block in tokens for token in [block, *(block.children or [])]
           if token.type in ("html_block", "html_inline")]
    if sum(token.content.count("<") for token in raw) > MAX_RAW_TAGS:
        for token in raw:
            token.content = escapeHtml(token.content)


def _drop_raw_text_elements(html: str) -> str:
    """Drop script and style elements and stray raw-text tags, keeping the text after them; close comments."""
    matches = list(_RAW_TAG.finditer(html))
    closed_later: list[set[str]] = [set()] * len(matches)
    seen: set[str] = set()
    for index in range(len(matches) - 1, -1, -1):
        closed_later[index] = seen
        if matches[index][1]:
            seen = seen | {matches[index][2].lower()}
    pieces, position, inside = [], 0, None
    for index, match in enumerate(matches):
        name, closing = match[2].lower(), bool(match[1])
        if inside:
            if closing and name == inside:
                inside, position = None, match.end()
            continue
        pieces.append(html[position:match.start()])
        position = match.end()
        if not closing and name in _CODE_ELEMENTS and name in closed_later[index]:
            inside = name
    pieces.append(html[position:])
    result = "".join(pieces)
    # Taking tags out can join the pieces around them into a new tag ("<scr<style></style>ipt>"): show those as text.
    result = _RAW_TAG.sub(lambda m: "&lt;" + m[0][1:], result)
    return _close_comments(result)


def _close_comments(html: str) -> str:
    """An unclosed '<!--' would hide the rest of the post: show it as text."""
    end = max(html.rfind("-->"), html.rfind("--!>"))
    start = html.find("<!--", end + 1)
    if start == -1:
        return html
    return html[:start] + html[start:].replace("<!--", "&lt;!--")


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
