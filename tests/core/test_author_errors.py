"""What a new author hits: every problem in one run, hints that find the text, indentation in plain words."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.cli import main
from quizgen.generate.common import display_name, is_writer
from quizgen.generators import RULES, generate
from quizgen.loader import check_lesson_text
from quizgen.model import Generators, Lesson, RuleName, mid_sentence
from quizgen.phrases import Phrases
from tests.conftest import MINI_LESSON

pytestmark = pytest.mark.timeout(300)


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, f"fixture no longer contains {old!r}"
    return text.replace(old, new, 1)


def _line_of(text: str, words: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if words in line)


def _six_mistakes(mini_text: str) -> str:
    text = _edit(mini_text, "    corroborate: Check the council's", "    corrobrate: Check the council's")
    # A near miss cited to the wrong paragraph: the words are (almost) in p3.
    text = _edit(
        text,
        "    evidence: the festival drew 10,000 visitors in 2023\n    corroborate",
        "    evidence: the council spent to much on fireworks\n    corroborate",
    )
    text = _edit(
        text,
        "    paragraph: p3\n    evidence: the council spent too much on fireworks",
        "    paragraph: p10\n    evidence: the council spent too much on fireworks",
    )
    text = _edit(text, "    answer: Three days\n", "    answer: Three dayz\n")
    text = _edit(text, "  cloze: {}", "  cloze: {}\n  claim_sorce: {}")
    return _edit(
        text, "options: [One day, Two days, Three days]", "options: [One day, Two days, Three days, All of the above]"
    )


def test_six_different_mistakes_come_in_one_run_with_their_positions(mini_text):
    text = _six_mistakes(mini_text)
    found = check_lesson_text(text, "six.yaml").diagnostics
    expected = {
        "unknown key 'corrobrate'": _line_of(text, "corrobrate:"),
        "unknown paragraph 'p10'": _line_of(text, "paragraph: p10"),
        "the answer 'Three dayz' is not one of the options": _line_of(text, "answer: Three dayz"),
        "unknown key 'claim_sorce'": _line_of(text, "claim_sorce"),
        "'all/none of the above'": _line_of(text, "All of the above"),
    }
    expected["the quote is not in paragraph 'p2'"] = _line_of(text, "evidence: the council spent to much on")
    for words, line in expected.items():
        matching = [d for d in found if words in d.message]
        assert matching, (words, [d.format() for d in found])
        assert matching[0].line == line, matching[0].format()
    near_miss = next(d for d in found if "the quote is not in paragraph 'p2'" in d.message)
    assert "(in paragraph 'p3')" in near_miss.hint and '"too" where the quote has "to"' in near_miss.hint


def test_a_misspelled_required_key_is_one_error_at_the_typo(mini_text):
    text = _edit(mini_text, "    corroborate: Check the council's", "    corrobrate: Check the council's")
    errors = check_lesson_text(text, "typo.yaml").errors
    assert len(errors) == 1, [e.format() for e in errors]
    assert errors[0].line == _line_of(text, "corrobrate:")
    assert "corroborate" in errors[0].message and "did you mean 'corroborate'" in errors[0].hint


def test_a_near_miss_quote_shows_the_closest_text_and_the_difference(mini_text):
    text = _edit(
        mini_text,
        "    evidence: The first festival was held in 1998\n",
        "    evidence: The first festival was held in 1989\n",
    )
    (error,) = check_lesson_text(text, "near.yaml").errors
    assert '"The first festival was held in 1998"' in error.hint
    assert '"1998" where the quote has "1989"' in error.hint


def test_a_quote_from_another_paragraph_names_the_paragraph_that_has_it(mini_text):
    text = _edit(
        mini_text,
        "    paragraph: p3\n    evidence: the council spent too much on fireworks",
        "    paragraph: p1\n    evidence: the council spent too much on fireworks",
    )
    (error,) = check_lesson_text(text, "elsewhere.yaml").errors
    assert "it is in paragraph 'p3'" in error.message and error.hint == "write paragraph: p3"


def test_an_unknown_paragraph_id_suggests_the_paragraph_holding_the_quote_not_the_closest_spelling(mini_text):
    text = _edit(
        mini_text,
        "    paragraph: p2\n    evidence: the festival drew 10,000 visitors in 2023\n    corroborate",
        "    paragraph: p3x\n    evidence: the festival drew 10,000 visitors in 2023\n    corroborate",
    )
    (error,) = check_lesson_text(text, "unknown.yaml").errors
    assert "unknown paragraph 'p3x'" in error.message
    assert "the quote is in paragraph 'p2'" in error.hint and "p3" not in error.hint


@pytest.mark.parametrize(
    ("broken", "words", "expected_column", "sibling"),
    [
        ("    stem: How long will the festival last this year?\n      options:", "indented more", 5, "'stem:'"),
        ("    stem: How long will the festival last this year?\n   options:", "lines up with no key", 5, "'stem:'"),
        ("    stem: How long will the festival last this year?\n  options:", "lines up with no key", 5, "'stem:'"),
    ],
)
def test_indentation_mistakes_are_explained_with_the_column_and_the_sibling_line(
    mini_text, broken, words, expected_column, sibling
):
    text = _edit(mini_text, "    stem: How long will the festival last this year?\n    options:", broken)
    found = check_lesson_text(text, "indent.yaml").errors
    syntax = [d for d in found if d.code == "syntax"]
    assert len(syntax) == 1, [d.format() for d in found]
    (error,) = syntax
    assert error.message.startswith("indentation:") and words in error.message
    assert f"column {expected_column}" in error.hint and sibling in error.hint + error.message
    assert "quote" not in error.hint  # the ': ' quoting hint is for values, not for misplaced keys
    assert f"nothing from line {error.line} on was checked" in error.message


def test_an_unquoted_colon_in_a_value_gets_the_quoting_hint(mini_text):
    text = _edit(mini_text, "    explanation: The council announced", "    explanation: Note: The council announced")
    (error,) = check_lesson_text(text, "colon.yaml").errors
    assert "must be quoted" in error.hint and "indentation" not in error.message


def test_mistakes_before_a_syntax_error_are_reported_in_the_same_run(mini_text):
    text = _edit(mini_text, "    answer: Three days\n", "    answer: Three dayz\n")
    text = _edit(text, "    topic: source-evaluation\n    skill: what-is-the-evidence", "    topic: x\n      skill: y")
    found = check_lesson_text(text, "before.yaml").errors
    assert any("'Three dayz' is not one of the options" in d.message for d in found), [d.format() for d in found]
    assert any(d.code == "syntax" for d in found)


def test_the_summary_counts_in_the_singular_for_one(tmp_path, mini_text):
    path = tmp_path / "one.yaml"
    path.write_text(_edit(mini_text, "    answer: Three days\n", "    answer: Three dayz\n"), encoding="utf-8")
    output = CliRunner().invoke(main, ["validate", str(path)]).output
    assert "(1 error, " in output and "1 errors" not in output


def test_a_section_heading_can_be_cited_as_evidence(mini_text):
    text = _edit(
        mini_text,
        "    paragraph: p3\n    evidence: One blogger speculates\n",
        "    paragraph: p3\n    evidence: Doubts\n",
    )
    assert not check_lesson_text(text, "heading.yaml").errors


def test_a_claim_can_be_kept_out_of_one_generator_only(mini_lesson):
    text_before = {item.id for item in generate(mini_lesson)[0]}
    claims = [
        claim.model_copy(update={"exclude_from": ["claim_source"]}) if claim.id == "visitors" else claim
        for claim in mini_lesson.claims
    ]
    after = {item.id for item in generate(mini_lesson.model_copy(update={"claims": claims}))[0]}
    assert "claim-source-visitors" in text_before and "claim-source-visitors" not in after
    assert {i for i in text_before if "visitors" in i and not i.startswith("claim-source")} <= after


def test_every_generator_can_be_named_in_exclude_from():
    assert set(RuleName.__args__) == set(RULES) == set(Generators.model_fields)


def test_an_unknown_generator_in_exclude_from_is_reported_with_a_suggestion(mini_text):
    text = _edit(
        mini_text,
        "    corroborate: Check the council's published festival programme.",
        "    corroborate: Check the council's published festival programme.\n    exclude_from: [claim_sorce]",
    )
    (error,) = check_lesson_text(text, "exclude.yaml").errors
    assert "did you mean 'claim_source'" in error.hint


def test_an_actor_name_starting_with_an_article_reads_naturally_inside_a_sentence(mini_lesson):
    council = mini_lesson.actor("council")
    assert council.name == "The town council" and council.sentence_name == "the town council"
    renamed = council.model_copy(update={"name": "The Hague tribunal", "in_sentence": "The Hague tribunal"})
    assert renamed.sentence_name == "The Hague tribunal"
    stems_and_explanations = " ".join(
        f"{item.stem} {item.explanation}" for item in generate(mini_lesson)[0] if hasattr(item, "stem")
    )
    assert " to The town council" not in stems_and_explanations
    assert mid_sentence("Some residents") == "some residents" and mid_sentence("Sweden") == "Sweden"


@settings(max_examples=40, deadline=None)
@given(position=st.integers(min_value=0, max_value=10_000), junk=st.sampled_from(["  ", "\n  x", ": ", "- ", "\t"]))
def test_any_broken_line_gives_errors_never_a_crash(position, junk):
    mini_text = MINI_LESSON.read_text(encoding="utf-8")
    position %= len(mini_text)
    text = mini_text[:position] + junk + mini_text[position:]
    result = check_lesson_text(text, "broken.yaml")
    assert all(d.line >= 1 and d.column >= 1 for d in result.diagnostics)
    assert result.lesson is None or isinstance(result.lesson, Lesson)


def test_an_article_without_an_outlet_still_credits_its_own_claims_to_its_writer(mini_text):
    text = _edit(mini_text, "  outlet: Example Gazette\n", "")
    text = _edit(
        text,
        "    name: Example Gazette\n    kind: media-outlet",
        "    name: The article's writer\n    kind: media-outlet\n    writer: true",
    )
    result = check_lesson_text(text, "writer.yaml")
    assert not result.errors, [d.format() for d in result.errors]
    writer = result.lesson.actor("gazette")
    assert is_writer(result.lesson, writer) and not is_writer(result.lesson, result.lesson.actor("mayor"))
    assert display_name(result.lesson, writer, Phrases("en")) == "The article's writer"
