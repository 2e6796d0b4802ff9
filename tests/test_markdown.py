"""Rendering what people write: ordinary posts look as they always did, odd input loses no text."""
from __future__ import annotations

import pytest

from champions import markdown

REL = 'rel="nofollow noopener noreferrer"'

# What ordinary posts rendered to with the Python-Markdown renderer; the CommonMark one keeps them.
ORDINARY = [
    ("One paragraph.\n\nAnother.", "<p>One paragraph.</p>\n<p>Another.</p>"),
    ("line one\nline two", "<p>line one<br>\nline two</p>"),
    ("two spaces  \nthen a break", "<p>two spaces<br>\nthen a break</p>"),
    ("*em* _em_ **strong** __strong__ and a_b_c", "<p><em>em</em> <em>em</em> <strong>strong</strong> <strong>strong</strong> and a_b_c</p>"),
    ("- one\n- two & three", "<ul>\n<li>one</li>\n<li>two &amp; three</li>\n</ul>"),
    ("1. one\n2. two\n\n- x\n- y", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n<ul>\n<li>x</li>\n<li>y</li>\n</ul>"),
    ("3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'),
    ("Para\n\n* a\n\n* b", "<p>Para</p>\n<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>"),
    ("[SDS guidance](https://example.org/sds \"Guidance\")",
     f'<p><a href="https://example.org/sds" title="Guidance" {REL}>SDS guidance</a></p>'),
    ("[ref][r]\n\n[r]: https://example.org/r", f'<p><a href="https://example.org/r" {REL}>ref</a></p>'),
    ("<https://example.org> and https://example.com",
     f'<p><a href="https://example.org" {REL}>https://example.org</a> and https://example.com</p>'),
    ("`code` and ``a`b``", "<p><code>code</code> and <code>a`b</code></p>"),
    ("```python\nx = 1\n```", "<pre><code>x = 1\n</code></pre>"),
    ("    indented code\n\nnext", "<pre><code>indented code\n</code></pre>\n<p>next</p>"),
    ("# Title\n## Section\nSetext\n===", "<h2>Title</h2>\n<h2>Section</h2>\n<h2>Setext</h2>"),
    ("> quoted\n> more", "<blockquote>\n<p>quoted<br>\nmore</p>\n</blockquote>"),
    ("| a | b |\n|---|:-:|\n| 1 | 2 |", "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
                                       "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>"),
    ("---", "<hr>"),
    ("x<sup>2</sup> H<sub>2</sub>O <b>bold</b> <del>old</del>", "<p>x<sup>2</sup> H<sub>2</sub>O <b>bold</b> <del>old</del></p>"),
    ('Tom & Jerry < 3 > 2 "quoted"', "<p>Tom &amp; Jerry &lt; 3 &gt; 2 \"quoted\"</p>"),
    ("![a picture](https://example.org/a.png)", "<p></p>"),
]


@pytest.mark.parametrize(("source", "html"), ORDINARY)
def test_ordinary_posts_render_as_before(source, html):
    assert str(markdown.render(source)) == html


def test_a_list_straight_after_a_line_of_text_is_a_list():
    """The help page says 'start lines with - for a list': now true without a blank line before it too."""
    assert str(markdown.render("We need:\n- a carer\n- a plan")) == "<p>We need:</p>\n<ul>\n<li>a carer</li>\n<li>a plan</li>\n</ul>"


def test_text_after_a_stray_script_or_style_tag_is_kept():
    html = str(markdown.render("Use the <script> tag. Then more.\n\nNext paragraph.\n\nAnd <style>this</style> stays."))
    assert html == "<p>Use the  tag. Then more.</p>\n<p>Next paragraph.</p>\n<p>And  stays.</p>"


def test_a_post_that_starts_with_a_style_block_keeps_its_text_and_formatting():
    html = str(markdown.render("<style>p { color: red }</style> Read the **guidance**.\n\n- first"))
    assert "color" not in html
    assert "<p>Read the <strong>guidance</strong>.</p>" in html and "<li>first</li>" in html


def test_an_unclosed_comment_or_textarea_does_not_hide_the_rest():
    assert "Still here" in str(markdown.render("<!-- a note\n\nStill here."))
    assert str(markdown.render("A <textarea> here and text after")) == "<p>A  here and text after</p>"


def test_scripts_stay_out_even_when_split_around_another_tag():
    html = str(markdown.render("<div>\n<scr<style>x</style>ipt>alert(1)\n</div>"))
    assert "<script" not in html and "&lt;script&gt;alert(1)" in html


def test_a_post_full_of_raw_html_shows_it_as_text():
    """Hundreds of unclosed tags make the sanitiser's HTML parser repeat them in every paragraph."""
    source = "".join(f"<b id={n}>\n\ntext {n}\n\n" for n in range(200))
    html = str(markdown.render(source))
    assert "&lt;b id=7&gt;" in html and "<p>text 7</p>" in html and "<b>" not in html


def test_pathological_runs_keep_their_characters():
    assert str(markdown.render("[" * 3000)) == "<p>" + "[" * 3000 + "</p>"
    assert markdown.to_plain_text("[a](" * 500) == "[a](" * 500


def test_very_deep_quotes_stop_at_the_nesting_limit():
    html = str(markdown.render(">" * 500 + " deep"))
    assert html.count("<blockquote>") <= markdown.MAX_NESTING


def test_text_deeper_than_the_nesting_limit_is_shown_as_text():
    html = str(markdown.render(">" * 500 + " deep"))
    assert "&gt;" * 400 + " deep</p>" in html
    assert html.count("<blockquote>") == markdown.MAX_NESTING


def test_every_item_of_a_very_deep_list_is_kept():
    html = str(markdown.render("".join("  " * depth + f"- item {depth}\n" for depth in range(150))))
    assert all(f"item {depth}" in html for depth in range(150))
    assert html.count("<ul>") + html.count("<li>") <= markdown.MAX_NESTING


def test_a_table_too_wide_for_its_rows_is_shown_as_text():
    """Short rows are filled with empty cells: a wide header over many short rows would make megabytes."""
    html = str(markdown.render("|a" * 300 + "|\n" + "|-" * 300 + "|\n" + "row\n" * 100))
    assert "<table>" not in html and "<td>" not in html
    assert "|-" * 300 + "|<br>" in html and html.count("row") == 100
