"""Rules that keep generated items fair, found by blind reviews of lessons nobody tuned the generators to."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen.critic import fits_after, words_before_blanks
from quizgen.generate.claims import _check_ideas
from quizgen.generate.cloze import _form
from quizgen.generate.common import content_words, topic_phrases
from quizgen.generators import generate
from quizgen.loader import check_lesson, load_lesson
from quizgen.model import Blank
from quizgen.text import cloze_blanks

ROOT = Path(__file__).resolve().parents[2]
# Shipped lessons and the untuned lessons of blind reviews.
LESSONS = sorted((ROOT / "lessons").glob("*.yaml")) + sorted((ROOT / "docs" / "reviews").glob("*/*.yaml"))


def _topics(text: str) -> list[str]:
    return topic_phrases(text, set(content_words(text)))


def test_a_date_or_a_count_is_never_the_topic_of_an_option():
    # "the article's account of June", "the million people" (for "half a million people") read as nonsense.
    topics = _topics("Half a million people have fled since June, the observatory said on Tuesday.")
    assert topics == ["the people", "the observatory"]
    assert _topics("Russian warplanes struck the village of Zardana in June, killing 44 people.") == [
        "Russian warplanes",
        "the village",
        "Zardana",
        "the people",
    ]


def test_a_past_tense_or_a_conjunction_is_never_part_of_a_topic():
    assert _topics("Residents fled since the militia seized the port.") == ["Residents", "the militia", "the port"]


@pytest.mark.parametrize(
    ("option", "idea"),
    [
        ("Judge the account of fighting by how specific the ministry's mention of artillery sounds", "detail"),
        ("Judge whether the article gives enough names, numbers and details to sound convincing", "detail"),
        ("Judge whether the times of the cuts sound exact enough to be true", "detail"),
        ("Count how many people have shared or liked posts about the strike", "popularity"),
        ("Read more articles about the strike on the same news website that published this one", "same_outlet"),
        ("Ask the ministry for a fuller statement", "ask_source"),
    ],
)
def test_each_usual_weak_check_is_told_by_its_words(option, idea):
    assert _check_ideas(option) == {idea}


def test_a_check_that_only_mentions_detail_is_no_judging_by_detail():
    assert _check_ideas("Read the coast guard's own website again for more detail on the water cannon") == set()


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_two_wrong_checks_never_offer_one_idea(path):
    # A student who sees that "how specific it sounds" and "enough names and details" are one idea rules out both.
    items, _notes = generate(load_lesson(path))
    for item in items:
        if item.trace.rule == "claim_verification":
            ideas = [idea for option in item.options if option != item.answer for idea in _check_ideas(option)]
            assert len(ideas) == len(set(ideas)), item.options


def test_a_word_bank_never_offers_a_word_that_says_the_same_about_a_source(mini_lesson):
    # "refuted" fits where the article says the reports are "untrue": both say a party denies them.
    blanks = [
        Blank(id="untrue", paragraph="p3", sentence="The [[council]] called the claims [[untrue]] on Monday."),
        Blank(id="refuted", paragraph="p3", sentence="The mayor [[refuted]] what the [[blogger]] wrote."),
        Blank(id="busy", paragraph="p2", sentence="Shop owners call it the [[busiest]] and [[loudest]] weekend."),
    ]
    items, _notes = generate(mini_lesson.model_copy(update={"blanks": blanks}))
    banks = {item.id: item.word_bank for item in items if item.type == "cloze"}
    assert "refuted" not in banks["cloze-untrue"]
    assert "untrue" not in banks["cloze-refuted"]


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_every_extra_word_of_a_bank_fits_a_blank_in_form_and_grammar(path):
    # "geolocated" beside noun blanks, or "investigation" after "a", rules itself out and leaves the key.
    lesson = load_lesson(path)
    for item in generate(lesson)[0]:
        if item.type != "cloze" or not item.word_bank:
            continue
        answers = [answers[0] for answers in cloze_blanks(item.text)]
        for extra in set(item.word_bank) - set(answers):
            assert any(
                _form(lesson, extra) == _form(lesson, answer) and fits_after(word, extra)
                for answer, word in zip(answers, words_before_blanks(item.text), strict=True)
            ), (item.id, extra)


def test_a_blank_without_a_rival_of_its_form_is_typed(mini_lesson):
    blanks = [
        Blank(id="dates", paragraph="p2", sentence="It moved to the [[harbour]] in [[2010]] after a vote."),
        Blank(id="more", paragraph="p2", sentence="The [[mayor]] praised the [[visitors]] warmly."),
    ]
    items, _notes = generate(mini_lesson.model_copy(update={"blanks": blanks}))
    assert next(item for item in items if item.id == "cloze-dates").word_bank == []


def test_a_claim_text_that_drops_its_quotes_hedge_is_warned_where_it_is_written(tmp_path):
    # "would expose" for the article's "could jeopardize": every question quoting the claim overstates it.
    source = (ROOT / "tests" / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
    firmer = source.replace(
        "text: The festival may move to the beach next year.", "text: The festival will move to the beach next year."
    )
    assert firmer != source
    path = tmp_path / "firmer.yaml"
    path.write_text(firmer, encoding="utf-8")
    warnings = [d for d in check_lesson(path).diagnostics if d.code == "dropped-hedge"]
    line = firmer.splitlines().index("    text: The festival will move to the beach next year.") + 1
    assert [(w.line, w.severity) for w in warnings] == [(line, "warning")]
    assert "\u201cmay\u201d" in warnings[0].message
    assert not [
        d for d in check_lesson(ROOT / "tests" / "fixtures" / "mini.yaml").diagnostics if d.code == "dropped-hedge"
    ]
