"""Fair variants: one item per fact, no item answering another, varied stems, equal totals, for any seed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.balance import conflicts, facts_of, fair_quiz_size, leaks, template_cap, template_of
from quizgen.generators import item_bank
from quizgen.loader import load_lesson
from quizgen.quiz import SEED_LIMIT, QuizOptions, build_quiz

from .lesson_strategies import lessons

ROOT = Path(__file__).resolve().parents[2]
LESSON_FILES = sorted((ROOT / "lessons").glob("*.yaml"))
seeds = st.integers(0, SEED_LIMIT - 1)


def _assert_fair(items) -> None:
    seen: dict[str, str] = {}
    for item in items:
        for fact in facts_of(item):
            assert fact not in seen, f"{item.id} and {seen[fact]} both test {fact}"
            seen[fact] = item.id
    for giver in items:
        for taker in items:
            assert giver is taker or not leaks(giver, taker), f"{taker.id} shows the key of {giver.id}"
    counts: dict[str, int] = {}
    for item in items:
        counts[template_of(item)] = counts.get(template_of(item), 0) + 1
    assert max(counts.values()) <= template_cap(len(items))


def _quiz_options(lesson):
    bank = item_bank(lesson)
    return QuizOptions() if lesson.quiz_length else QuizOptions(count=min(len(bank), fair_quiz_size(bank) // 2 or 1))


@pytest.fixture(scope="module", params=LESSON_FILES, ids=lambda p: p.stem)
def shipped(request):
    return load_lesson(request.param)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=seeds)
def test_shipped_lessons_draw_fair_variants_with_equal_totals(shipped, seed):
    options = _quiz_options(shipped)
    quiz = build_quiz(shipped, seed, options)
    assert quiz.relaxed == ()
    _assert_fair([entry.item for entry in quiz.items])
    assert quiz.max_points == build_quiz(shipped, 0, options).max_points


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(lesson=lessons(), seed=seeds, share=st.floats(0.1, 1.0))
def test_any_lesson_draws_fair_variants_or_says_which_rule_it_relaxed(lesson, seed, share):
    bank = item_bank(lesson)
    count = max(1, int(len(bank) * share))
    quiz = build_quiz(lesson, seed, QuizOptions(count=count))
    items = [entry.item for entry in quiz.items]
    assert len(items) == count
    if "facts" not in quiz.relaxed:
        seen = set()
        for item in items:
            assert not facts_of(item) & seen
            seen |= facts_of(item)
    if not quiz.relaxed:
        _assert_fair(items)
        other = build_quiz(lesson, (seed + 1) % SEED_LIMIT, QuizOptions(count=count))
        if "points" not in other.relaxed:
            assert quiz.max_points == other.max_points


def test_a_matching_item_and_the_definition_items_it_answers_never_share_a_variant():
    lesson = load_lesson(ROOT / "lessons" / "nk-drones-security.yaml")
    bank = item_bank(lesson)
    matching = next(item for item in bank if item.trace and item.trace.rule == "glossary_matching")
    terms = set(matching.trace.facts)
    definitions = {
        item.id
        for item in bank
        if item.trace and item.trace.rule == "glossary_definition" and set(item.trace.facts) & terms
    }
    assert definitions and definitions <= conflicts(bank)[matching.id]


def test_an_item_whose_stem_names_another_items_key_is_kept_apart():
    lesson = load_lesson(ROOT / "tests" / "fixtures" / "mini.yaml")
    bank = item_bank(lesson)
    cloze = next(item for item in bank if item.type == "cloze")  # its blank is "busiest"
    giver = cloze.model_copy(
        update={
            "id": "stem-names-it",
            "stem": "Is the festival the busiest weekend?",
            "trace": None,
            "evidence": "the festival drew 10,000 visitors",
        }
    )
    assert leaks(cloze, giver)
    assert giver.id in conflicts([*bank, giver])[cloze.id]


def test_always_items_are_in_every_variant():
    lesson = load_lesson(ROOT / "lessons" / "nk-drones-security.yaml")
    first = lesson.questions[0]
    marked = lesson.model_copy(update={"questions": [first.model_copy(update={"always": True}), *lesson.questions[1:]]})
    for seed in range(20):
        assert first.id in {entry.id for entry in build_quiz(marked, seed).items}


def test_a_blueprint_sets_counts_per_objective_in_every_variant():
    from quizgen.model import Blueprint

    lesson = load_lesson(ROOT / "lessons" / "nk-drones-security.yaml")
    objective = next(item.objective for item in item_bank(lesson) if item.objective)
    planned = lesson.model_copy(update={"blueprint": Blueprint(objectives={objective: 2})})
    for seed in range(20):
        quiz = build_quiz(planned, seed)
        assert sum(entry.item.objective == objective for entry in quiz.items) >= 2
        assert len(quiz.items) == lesson.quiz_length


def test_a_blueprint_the_items_cannot_meet_is_an_error_at_its_line():
    from quizgen.loader import check_lesson_text

    text = (ROOT / "lessons" / "nk-drones-security.yaml").read_text(encoding="utf-8")
    text = text.replace("quiz_length: 20", "quiz_length: 20\nblueprint:\n  topics:\n    no-such-topic: 2", 1)
    errors = check_lesson_text(text, "lesson.yaml").errors
    assert [(e.line, e.code) for e in errors] == [(15, "blueprint")]
    assert "asks for 2 items with topic 'no-such-topic', the lesson has 0" in errors[0].message


def test_a_before_after_item_cites_both_events():
    from quizgen.feedback import feedback_for

    lesson = load_lesson(ROOT / "lessons" / "nk-drones-security.yaml")
    item = next(item for item in item_bank(lesson) if item.trace and item.trace.rule == "timeline_before_after")
    events = {event.id: event for event in lesson.timeline}
    first, second = (events[fact.split(".")[1]] for fact in item.trace.facts)
    text = feedback_for(lesson, item).as_text()
    assert f"\u201c{first.evidence}\u201d (\u00b6{lesson.paragraph_number(first.paragraph)})" in text
    assert f"\u201c{second.evidence}\u201d (\u00b6{lesson.paragraph_number(second.paragraph)})" in text


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_words_the_feedback_quotes_as_evidence_are_in_the_cited_quotes(path):
    from quizgen.text import normalize_quote

    lesson = load_lesson(path)
    for item in item_bank(lesson):
        if not item.trace or item.trace.rule not in ("claim_source", "claim_support") or not item.explanation:
            continue
        cited = " | ".join(normalize_quote(quote) for quote in [item.evidence, *(c.evidence for c in item.also_cites)])
        shown = re.findall(r"(?:says|show it|credits this claim to [^:]*): \u201c([^\u201d]+)\u201d", item.explanation)
        for words in shown:
            assert normalize_quote(words) in cited, (item.id, words)


def test_a_lesson_without_quiz_length_is_warned_when_its_whole_bank_would_repeat_a_fact():
    # With no quiz_length a quiz takes every item; the author is told the fair size to set instead.
    from quizgen.loader import check_lesson_text

    text = (ROOT / "lessons" / "nk-drones-security.yaml").read_text(encoding="utf-8")
    unset = check_lesson_text(re.sub(r"(?m)^quiz_length:.*\n", "", text, count=1), "lesson.yaml")
    warned = [w for w in unset.warnings if w.code == "quiz-length"]
    bank = item_bank(load_lesson(ROOT / "lessons" / "nk-drones-security.yaml"))
    assert len(warned) == 1 and re.search(r"with no quiz_length, a quiz takes all \d+ items", warned[0].message)
    assert warned[0].hint == f"set quiz_length to {fair_quiz_size(bank)}, or add facts"
    assert not [w for w in check_lesson_text(text, "lesson.yaml").warnings if w.code == "quiz-length"]
