"""Markdown rendered, then sanitised with nh3. Every feature renders user text here, once, at write time."""
from __future__ import annotations

import html as _html
import re

import cffi
import nh3
from cmarkgfm import _cmark
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
# Quotes and lists inside one another (a list is two: list and item). The sanitiser's HTML parser slows
# down on thousands of nested elements, so what lies deeper is shown as its plain source text.
MAX_NESTING = 40
# Table rows shorter than the header are filled up with empty cells: a wide header over many short rows
# would make megabytes of HTML. No table typed out in full within the length limit has more cells.
MAX_TABLE_CELLS = 20_000
# The HTML parser inside nh3 is slow on hundreds of unclosed tags (each paragraph reopens them all);
# an ordinary post has a few <br> or <b>, so past this many the post's HTML is shown as text.
MAX_RAW_TAGS = 100
# Elements whose start tag makes an HTML parser read everything after it as text, to their end tag:
# a stray "<script>" would swallow the rest of the post.
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext|template"
_RAW_TAG = re.compile(rf"<(/?)({_RAW_TEXT})(?=[\s/>])[^<>]*>?", re.IGNORECASE)
_CODE_ELEMENTS = {"script", "style"}  # their content is code, not the writer's text: dropped with them

# cmark-gfm (C, CommonMark, linear in its input; pure-Python parsers took up to 0.6 s on 20,000 characters).
# cmarkgfm's own binding only renders; the syntax tree is reached through the same library's exported API.
_FFI = cffi.FFI()
_FFI.cdef("""
typedef struct cmark_node cmark_node; typedef struct cmark_parser cmark_parser; typedef struct cmark_iter cmark_iter;
typedef struct cmark_syntax_extension cmark_syntax_extension; typedef struct cmark_llist cmark_llist;
typedef struct { void *(*calloc)(size_t, size_t); void *(*realloc)(void *, size_t); void (*free)(void *); } cmark_mem;
cmark_mem *cmark_get_default_mem_allocator(void);
void cmark_gfm_core_extensions_ensure_registered(void);
cmark_syntax_extension *cmark_find_syntax_extension(const char *name);
cmark_parser *cmark_parser_new(int options);
int cmark_parser_attach_syntax_extension(cmark_parser *parser, cmark_syntax_extension *extension);
void cmark_parser_feed(cmark_parser *parser, const char *buffer, size_t len);
cmark_node *cmark_parser_finish(cmark_parser *parser);
cmark_llist *cmark_parser_get_syntax_extensions(cmark_parser *parser);
void cmark_parser_free(cmark_parser *parser);
char *cmark_render_html(cmark_node *root, int options, cmark_llist *extensions);
cmark_iter *cmark_iter_new(cmark_node *root);
int cmark_iter_next(cmark_iter *iter);
cmark_node *cmark_iter_get_node(cmark_iter *iter);
void cmark_iter_reset(cmark_iter *iter, cmark_node *current, int event_type);
void cmark_iter_free(cmark_iter *iter);
int cmark_node_get_type(cmark_node *node);
const char *cmark_node_get_literal(cmark_node *node);
int cmark_node_set_literal(cmark_node *node, const char *content);
int cmark_node_get_start_line(cmark_node *node);
int cmark_node_get_start_column(cmark_node *node);
int cmark_node_get_end_line(cmark_node *node);
cmark_node *cmark_node_new(int type);
int cmark_node_append_child(cmark_node *node, cmark_node *child);
int cmark_node_insert_before(cmark_node *node, cmark_node *sibling);
void cmark_node_free(cmark_node *node);
""")
_LIB = _FFI.dlopen(_cmark.__file__)
_LIB.cmark_gfm_core_extensions_ensure_registered()
_TABLES = _LIB.cmark_find_syntax_extension(b"table")
# Raw HTML kept (nh3 cleans it), every line break shown, table alignment as a style attribute (which nh3 drops).
_OPTIONS = (_cmark.lib.CMARK_OPT_UNSAFE | _cmark.lib.CMARK_OPT_HARDBREAKS
            | _cmark.lib.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES)
# Node kinds and iterator events, from cmark-gfm.h.
_BLOCK_QUOTE, _LIST, _HTML_BLOCK, _PARAGRAPH = 0x8002, 0x8003, 0x8006, 0x8008
_TEXT, _LINEBREAK, _HTML_INLINE = 0xC001, 0xC003, 0xC005
_DONE, _ENTER, _EXIT = 1, 2, 3
_LEVELS = {_BLOCK_QUOTE: 1, _LIST: 2}
_LINE_END = re.compile(rb"\r\n|\r|\n")
_TEXT_LINE_END = re.compile(r"\r\n|\r|\n")
_DELIMITER_ROW = re.compile(r"([ \t>]*)[|:-][ \t|:-]*")  # a table's "|---|:-:|" row, maybe in a quote or list


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
    html = _to_html(text).rstrip("\n")
    # A post's "# Heading" must not compete with the page's h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return Markup(sanitise(_drop_raw_text_elements(html)))


def _to_html(text: str, html_as_text: bool = False) -> str:
    """Parse with cmark-gfm, bound the post's nesting and raw HTML in its syntax tree, and render it."""
    # cmark reads a NUL as U+FFFD too, and C strings end at one.
    source = _without_huge_tables(text).replace("\0", "\ufffd").encode()
    parser = _LIB.cmark_parser_new(_OPTIONS)
    root = None
    try:
        _LIB.cmark_parser_attach_syntax_extension(parser, _TABLES)
        _LIB.cmark_parser_feed(parser, source, len(source))
        root = _LIB.cmark_parser_finish(parser)
        raw, too_big = _walk(root)
        _limit_raw_html(raw, html_as_text)
        lines = _LINE_END.split(source) if too_big else []
        for node in too_big:
            _show_as_source(node, lines)
        rendered = _LIB.cmark_render_html(root, _OPTIONS, _LIB.cmark_parser_get_syntax_extensions(parser))
        try:
            return _FFI.string(rendered).decode()
        finally:
            _LIB.cmark_get_default_mem_allocator().free(rendered)
    finally:
        if root is not None:
            _LIB.cmark_node_free(root)
        _LIB.cmark_parser_free(parser)


def _walk(root) -> tuple[list, list]:
    """The raw HTML nodes, and the quotes and lists that start deeper than MAX_NESTING (not entered)."""
    raw, too_big, depth = [], [], 0
    iterator = _LIB.cmark_iter_new(root)
    next_event, node_at, kind_of = _LIB.cmark_iter_next, _LIB.cmark_iter_get_node, _LIB.cmark_node_get_type
    try:
        while (event := next_event(iterator)) != _DONE:
            node = node_at(iterator)
            kind = kind_of(node)
            if kind == _HTML_BLOCK or kind == _HTML_INLINE:
                raw.append(node)
            elif kind in _LEVELS:
                if event == _EXIT:
                    depth -= _LEVELS[kind]
                elif depth + _LEVELS[kind] > MAX_NESTING:
                    too_big.append(node)
                    _LIB.cmark_iter_reset(iterator, node, _EXIT)  # what lies inside is shown as its source
                else:
                    depth += _LEVELS[kind]
    finally:
        _LIB.cmark_iter_free(iterator)
    return raw, too_big


def _without_huge_tables(text: str) -> str:
    """Show as text a table that could have more than MAX_TABLE_CELLS cells (the parser fills them in)."""
    if "|" not in text:
        return text
    lines = _TEXT_LINE_END.split(text)
    changed, rows_below = False, 0
    for index in range(len(lines) - 1, -1, -1):  # from the end, counting the lines down to a blank one
        line = lines[index]
        if not line.strip(" \t"):  # a quote's ">" line ends a table too: counting on past it only overestimates
            rows_below = 0
            continue
        if "-" in line and (row := _DELIMITER_ROW.fullmatch(line)):
            columns = len(re.findall(r"-+", line))
            if columns * rows_below > MAX_TABLE_CELLS:  # an escaped first character makes it a line of text
                lines[index] = line[:row.end(1)] + "\\" + line[row.end(1):]
                changed = True
        rows_below += 1
    return "\n".join(lines) if changed else text


def _limit_raw_html(nodes: list, as_text: bool) -> None:
    """Render script and style blocks' text; show the post's HTML as text past MAX_RAW_TAGS tags."""
    literals = [_FFI.string(_LIB.cmark_node_get_literal(node)).decode() for node in nodes]
    # CommonMark takes a block that starts with a script or style element as HTML up to the line with
    # its end tag (or to the end of the post): the rest of it is read as Markdown, without the element.
    blocks = {index for index, (node, literal) in enumerate(zip(nodes, literals))
              if _LIB.cmark_node_get_type(node) == _HTML_BLOCK and _RAW_TAG.match(literal.lstrip())}
    for index in blocks:
        literals[index] = _drop_raw_text_elements(literals[index])
    as_text = as_text or sum(literal.count("<") for literal in literals) > MAX_RAW_TAGS
    for index, (node, literal) in enumerate(zip(nodes, literals)):
        if index in blocks:
            _LIB.cmark_node_set_literal(node, _to_html(literal, as_text).encode() if literal.strip() else b"")
        elif as_text:
            _LIB.cmark_node_set_literal(node, _html.escape(literal, quote=False).encode())


def _show_as_source(node, source_lines: list[bytes]) -> None:
    """Put a paragraph of the node's source lines, as plain text, in place of the node."""
    first, last = _LIB.cmark_node_get_start_line(node), _LIB.cmark_node_get_end_line(node)
    lines = source_lines[first - 1:last]
    lines[0] = lines[0][_LIB.cmark_node_get_start_column(node) - 1:]  # from its own marker on
    paragraph = _LIB.cmark_node_new(_PARAGRAPH)
    for number, line in enumerate(lines):
        if number:
            _LIB.cmark_node_append_child(paragraph, _LIB.cmark_node_new(_LINEBREAK))
        text = _LIB.cmark_node_new(_TEXT)
        _LIB.cmark_node_set_literal(text, line)
        _LIB.cmark_node_append_child(paragraph, text)
    _LIB.cmark_node_insert_before(node, paragraph)
    _LIB.cmark_node_free(node)


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
