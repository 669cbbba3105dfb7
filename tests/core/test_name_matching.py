"""Whole-word matching in generation, done without compiling a pattern per text: the same answers as the patterns.

The patterns below are the specification (what generation compiled for every name and pair of options); the
generators now search more cheaply and must agree with them on any text.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.generate.common import find_name, overlapping
from quizgen.text import contains_whole, normalize_answer, normalize_quote

# Word characters and separators of several scripts, letters whose case maps into Latin ranges (Kelvin sign,
# sharp s), combining marks, digits of other scripts and Korean, which glues particles to a name.
ALPHABET = list(
    "aAbkKsSzZ09_ -.,'\u2019()é\u024f\u0250\u00c9\u0131\u0130\u017f\u1e9e\u212a\u212b\u0301\u0663\u0253\u0181\u2c65한국가"
)
TEXT = st.text(alphabet=ALPHABET, max_size=30)


def _spec_find(text: str, name: str) -> str | None:
    pattern = re.compile(
        r"(?<![A-Za-z0-9\u00c0-\u024f])" + re.escape(normalize_quote(name)) + r"(?![A-Za-z0-9\u00c0-\u024f])",
        re.IGNORECASE,
    )
    match = pattern.search(normalize_quote(text))
    return match.group(0) if match else None


@settings(max_examples=300, deadline=None)
@given(text=TEXT, name=TEXT.filter(str.strip))
def test_a_name_is_found_exactly_where_the_case_insensitive_pattern_finds_it(text, name):
    assert find_name(text, [name]) == _spec_find(text, name)


@settings(max_examples=300, deadline=None)
@given(before=TEXT, part=TEXT.filter(bool), after=TEXT)
def test_whole_word_containment_agrees_with_the_lookaround_pattern(before, part, after):
    for text in (before + part + after, before + after):
        expected = re.search(r"(?<!\w)" + re.escape(part) + r"(?!\w)", text) is not None
        assert contains_whole(text, part) == expected


@settings(max_examples=200, deadline=None)
@given(first=TEXT, second=TEXT)
def test_overlapping_options_agree_with_the_pattern(first, second):
    shorter, longer = sorted((normalize_answer(first), normalize_answer(second)), key=len)
    expected = bool(shorter) and re.search(r"(?<!\w)" + re.escape(shorter) + r"(?!\w)", longer) is not None
    assert overlapping(first, second) == expected


def test_names_inside_longer_words_are_not_found_but_korean_particles_do_not_hide_them():
    assert find_name("The UNESCO report", ["UN"]) is None
    assert find_name("the un report", ["UN"]) == "un"
    assert find_name("KCNA가 보도했다", ["KCNA"]) == "KCNA"
    assert contains_whole("thailand's army", "thailand") and not contains_whole("thailanders", "thailand")
