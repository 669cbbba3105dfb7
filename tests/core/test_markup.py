"""Lesson Markdown to HTML: plain text (and strong spans) skips the parser and gets exactly the parser's HTML."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizgen.markup import (
    _render_inline_with_library,
    _render_with_library,
    _simple_inline_html,
    render_inline,
    render_markdown,
)

# Every character the fast path decides on: Markdown's inline and block markers, HTML's, whitespace of every kind,
# digits before "." or ")", typographic punctuation, control and invisible characters.
BOUNDARY = list(
    "ab Z9015.)(-+*_=#>~|:`<&;[]!\\\"'/%$@^{}?,“”\u2018\u2019–—…\u00a0\t\n\r\x0b\x0c\u2028\u200b\ufeff\x00\x85é中"
)
boundary_text = st.text(alphabet=st.sampled_from(BOUNDARY), max_size=24)
# Lines of words and strong spans, as authors write them, then near misses: one character put anywhere (a space
# inside a span's edge, an asterisk making a run of three, a word touching a span, a list marker in front).
plain_words = st.text(alphabet=st.sampled_from(list("abé1,.")), min_size=1, max_size=4)
strong_spans = st.tuples(
    st.sampled_from(list("ab1é")),
    st.text(alphabet=st.sampled_from(list("ab 1.:")), max_size=4),
    st.sampled_from(["", ".", ":", ")", "\u2019", "a"]),
).map(lambda parts: "**" + "".join(parts) + "**")
strong_lines = st.lists(st.one_of(plain_words, strong_spans), min_size=1, max_size=5).map(" ".join)
near_misses = st.tuples(strong_lines, st.integers(0, 30), st.sampled_from(list("* -:_\\a.\u00a0"))).map(
    lambda line: line[0][: line[1]] + line[2] + line[0][line[1] :]
)


@settings(max_examples=600, deadline=None)
@given(st.one_of(boundary_text, strong_lines, near_misses, st.text(max_size=40)))
@example("Ships met near the cable on 25 December.")
@example("“The Danish Defence can confirm,” the statement said.")
@example("1. The first")
@example("2024) was the year")
@example("1.5 million people")
@example("- a list")
@example("a\u00a0b")
@example("AT&T")
@example("**Drone Capability Unveiled:** These drones were shown")
@example("**a****b**")
@example("**a** **b**")
@example("a**b**c")
@example("**a:**b")
def test_plain_text_and_strong_spans_render_as_the_markdown_parser_renders_them(text):
    if _simple_inline_html(text) is not None:
        assert render_markdown(text) == _render_with_library(text)
        assert render_inline(text) == _render_inline_with_library(text)


def test_ordinary_sentences_take_the_fast_path_and_other_markup_does_not():
    for simple in (
        "The council said on Monday that 10,000 people (about 40%) came.",
        "“It was a clear violation,” she said; others disagreed.",
        "**Functionality:** These drones can carry **explosives** to a target.",
    ):
        assert _simple_inline_html(simple) is not None
    for marked in ("*Emphasis* text", "a `code` span", "[link](https://example.org)", "# Heading", "AT&T", "1. list"):
        assert _simple_inline_html(marked) is None
