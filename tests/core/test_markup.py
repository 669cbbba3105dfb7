"""Lesson Markdown to HTML: plain text skips the parser and gets exactly the HTML the parser would give."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizgen.markup import _render_inline_with_library, _render_with_library, is_plain, render_inline, render_markdown

# Every character the fast path decides on: Markdown's inline and block markers, HTML's, whitespace of every kind,
# digits before "." or ")", typographic punctuation, control and invisible characters.
BOUNDARY = list(
    "ab Z9015.)(-+*_=#>~|:`<&;[]!\\\"'/%$@^{}?,“”\u2018\u2019–—…\u00a0\t\n\r\x0b\x0c\u2028\u200b\ufeff\x00\x85é中"
)
boundary_text = st.text(alphabet=st.sampled_from(BOUNDARY), max_size=24)


@settings(max_examples=600, deadline=None)
@given(st.one_of(boundary_text, st.text(max_size=40)))
@example("Ships met near the cable on 25 December.")
@example("“The Danish Defence can confirm,” the statement said.")
@example("1. The first")
@example("2024) was the year")
@example("1.5 million people")
@example("- a list")
@example("a\u00a0b")
@example("AT&T")
def test_plain_text_renders_as_the_markdown_parser_renders_it(text):
    if is_plain(text):
        assert render_markdown(text) == _render_with_library(text)
        assert render_inline(text) == _render_inline_with_library(text)


def test_ordinary_sentences_take_the_fast_path_and_markup_does_not():
    assert is_plain("The council said on Monday that 10,000 people (about 40%) came.")
    assert is_plain("“It was a clear violation,” she said; others disagreed.")
    for marked in ("**Bold:** text", "a `code` span", "[link](https://example.org)", "# Heading", "AT&T", "1. list"):
        assert not is_plain(marked)
