"""Generated items, quiz assembly and grading: rules that hold for every seed and every lesson."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.generators import generate, item_bank
from quizgen.grading import grade, key_of
from quizgen.loader import load_lesson
from quizgen.quiz import (
    SEED_LIMIT,
    QuizOptions,
    QuizOptionsError,
    build_quiz,
    derive_seed,
    seed_from_code,
    variant_code,
)
from quizgen.text import cloze_plain, normalize_answer, quote_in

from .lesson_strategies import lessons

ROOT = Path(__file__).resolve().parents[2]
LESSON_FILES = [*sorted((ROOT / "lessons").glob("*.yaml")), ROOT / "tests" / "fixtures" / "mini.yaml"]
seeds = st.integers(0, SEED_LIMIT - 1)
fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", params=LESSON_FILES, ids=lambda p: p.stem)
def lesson(request):
    return load_lesson(request.param)


def _wrong_single_responses(item):
    """Every response that picks exactly one option/value other than the key."""
    match item.type:
        case "single_choice":
            return [o for o in item.options if normalize_answer(o) != normalize_answer(item.answer)]
        case "multiple_select":
            return (
                [[o] for o in item.options]
                if len(item.answers) > 1
                else [[o] for o in item.options if o not in item.answers]
            )
        case "true_false":
            return [not item.answer]
        case "ordering":
            return [list(reversed(item.items))]
        case "matching":
            rights = [p.right for p in item.pairs]
            return (
                [{p.left: rights[(i + 1) % len(rights)] for i, p in enumerate(item.pairs)}]
                if len(set(rights)) > 1
                else []
            )
        case "cloze":
            return [["definitely-not-an-answer"] * len(key_of(item))]
        case "short_answer":
            return ["definitely-not-an-answer"]
    return []


def _check_quiz_items(lesson, quiz):
    for entry in quiz.items:
        item = entry.item
        paragraph = lesson.paragraph(item.paragraph)
        assert quote_in(cloze_plain(item.evidence), paragraph.text), item.id
        if item.type in ("single_choice", "multiple_select"):
            assert sorted(entry.choices) == sorted(item.options)
            keys = [item.answer] if item.type == "single_choice" else item.answers
            assert all(k in entry.choices for k in keys)
            assert len({normalize_answer(c) for c in entry.choices}) == len(entry.choices)
        if item.type == "open_response":
            assert grade(item, "some text").status == "pending"
            continue
        full = grade(item, key_of(item))
        assert full.points == item.points and full.status == "correct", item.id
        for wrong in _wrong_single_responses(item):
            assert grade(item, wrong).points < item.points, (item.id, wrong)
        assert grade(item, None).points == 0


@fast
@given(seed=seeds)
def test_every_item_of_every_lesson_is_answerable_and_gradable(lesson, seed):
    quiz = build_quiz(lesson, seed, QuizOptions(count=len(item_bank(lesson))))
    _check_quiz_items(lesson, quiz)


@fast
@given(seed=seeds)
def test_same_seed_same_quiz_byte_for_byte(lesson, seed):
    assert build_quiz(lesson, seed).to_json() == build_quiz(lesson, seed).to_json()
    options = QuizOptions(count=min(5, len(item_bank(lesson))))
    assert build_quiz(lesson, seed, options).to_json() == build_quiz(lesson, seed, options).to_json()


def _families_of(kind: str) -> set[str]:
    from quizgen.generate.actors import _family

    return _family(kind)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(lesson=lessons(), seed=seeds)
def test_generators_work_on_any_valid_lesson(lesson, seed):
    items, _notes = generate(lesson)
    assert len({item.id for item in items}) == len(items)
    for item in items:
        assert item.trace and item.trace.facts
        fact = item.trace.facts[0].split(".")[1].split("[")[0]
        if item.trace.rule == "actor_action":
            actor = lesson.actor(fact)
            assert item.answer == actor.name
            assert {a.kind for a in lesson.actors if a.name in item.options} <= {actor.kind, *_families_of(actor.kind)}
        if item.trace.rule == "claim_verification":
            claim = next(c for c in lesson.claims if c.id == fact)
            # wrong answers are weak checks of the same claim, never another claim's good check
            others = {c.corroborate for c in lesson.claims if c.corroborate != claim.corroborate}
            assert item.answer == claim.corroborate.rstrip(".")
            assert not {o.rstrip(".") for o in others} & set(item.options)
        if item.trace.rule == "glossary_definition":
            entry = next(e for e in lesson.glossary if e.id == fact)
            assert set(item.options) <= {entry.definition, *entry.distractors}
    _check_quiz_items(lesson, build_quiz(lesson, seed))


def test_lesson_quiz_length_is_the_default_count(mini_lesson):
    shorter = mini_lesson.model_copy(update={"quiz_length": 5})
    assert len(build_quiz(shorter, 3).items) == 5
    assert len(build_quiz(shorter, 3, QuizOptions(count=9)).items) == 9
    assert len(build_quiz(mini_lesson, 3).items) == len(item_bank(mini_lesson))


@given(seed=seeds)
def test_variant_code_round_trips(seed):
    code = variant_code(seed)
    assert len(code) == 9 and code[4] == "-"
    assert seed_from_code(code) == seed
    assert seed_from_code(code.lower().replace("-", " ")) == seed


@given(seed=seeds, position=st.integers(0, 7), replacement=st.sampled_from("0123456789ABCDEFGHJKMNPQRSTVWXYZ"))
def test_a_mistyped_variant_code_is_caught(seed, position, replacement):
    code = variant_code(seed).replace("-", "")
    mistyped = code[:position] + replacement + code[position + 1 :]
    if mistyped != code:
        with pytest.raises(ValueError, match="is not a valid variant code"):
            seed_from_code(mistyped)


def test_variants_differ_in_selection_order_and_options(mini_lesson):
    quizzes = [build_quiz(mini_lesson, derive_seed(42, i), QuizOptions(count=10)) for i in range(5)]
    assert len({q.variant_code for q in quizzes}) == 5
    assert len({tuple(e.id for e in q.items) for q in quizzes}) > 1
    first = [{e.id: e.choices for e in q.items} for q in quizzes]
    shared = set(first[0]) & set(first[1])
    assert any(first[0][i] != first[1][i] for i in shared if first[0][i])


def test_counts_by_topic_and_objective(mini_lesson):
    quiz = build_quiz(mini_lesson, 7, QuizOptions(count=8, topics={"vocabulary": 3, "chronology": 2}))
    topics = [e.item.topic for e in quiz.items]
    assert len(quiz.items) == 8 and topics.count("vocabulary") >= 3 and topics.count("chronology") >= 2
    quiz = build_quiz(mini_lesson, 7, QuizOptions(objectives={"obj-read": 1}))
    assert [e.item.objective for e in quiz.items] == ["obj-read"]
    with pytest.raises(QuizOptionsError, match="items with topic 'nonexistent'"):
        build_quiz(mini_lesson, 7, QuizOptions(topics={"nonexistent": 1}))
    with pytest.raises(QuizOptionsError):
        build_quiz(mini_lesson, 7, QuizOptions(count=len(item_bank(mini_lesson)) + 1))


def test_ordering_items_never_show_the_answer_order(mini_lesson):
    for seed in range(50):
        for entry in build_quiz(mini_lesson, seed).items:
            if entry.item.type == "ordering":
                assert list(entry.choices) != list(entry.item.items)


def _item(mini_lesson, item_id):
    return next(i for i in item_bank(mini_lesson) if i.id == item_id)


def test_grading_partial_credit(mini_lesson):
    multi = _item(mini_lesson, "q-multi")
    right, other = multi.answers[0], next(o for o in multi.options if o not in multi.answers)
    assert grade(multi, [right]).points == 0.5 and grade(multi, [right]).status == "partial"
    assert grade(multi, multi.options).points == 0.5  # two right, one wrong
    assert grade(multi, [right, other]).points == 0
    ordering = next(i for i in item_bank(mini_lesson) if i.type == "ordering")
    assert grade(ordering, list(reversed(ordering.items))).points == 0
    matching = next(i for i in item_bank(mini_lesson) if i.type == "matching" and len(i.pairs) >= 3)
    key = key_of(matching)
    lefts = list(key)
    swapped = dict(key) | {lefts[0]: key[lefts[1]], lefts[1]: key[lefts[0]]}
    assert 0 < grade(matching, swapped).points < matching.points


def test_short_answer_is_tolerant_of_case_accents_spaces_and_pattern(mini_lesson):
    short = _item(mini_lesson, "q-short")
    for typed in ("10,000", " 10000 ", "Ten   Thousand.", "10.000", "10 000"):
        assert grade(short, typed).status == "correct", typed
    assert grade(short, "1000").status == "wrong"
    from quizgen.model import ShortAnswer

    accented = ShortAnswer(
        id="x", type="short_answer", stem="City?", accepted=["Zürich"], paragraph="p1", evidence="e", topic="t"
    )
    assert grade(accented, "zurich").status == "correct"
    assert grade(accented, "ZÜRICH").status == "correct"


def test_true_false_answer_given_as_no_is_false_and_not_a_string(mini_lesson):
    tf = _item(mini_lesson, "q-tf")
    assert tf.answer is True
    assert grade(tf, True).status == "correct" and grade(tf, "True").status == "wrong"


def test_open_response_waits_for_the_teacher(mini_lesson):
    item = _item(mini_lesson, "q-open")
    assert grade(item, "Because it is a guess").status == "pending"
    assert grade(item, "  ").status == "unanswered"


def test_an_actor_and_the_actor_it_speaks_for_are_never_distractors_for_each_other():
    checked = 0
    for path in LESSON_FILES:
        lesson = load_lesson(path)
        related = {
            a.name: {b.name for b in lesson.actors if b.id == a.part_of or b.part_of == a.id} for a in lesson.actors
        }
        for item in item_bank(lesson):
            if item.trace and item.trace.rule in ("actor_action", "claim_source") and item.answer in related:
                assert not related[item.answer] & set(item.options), item.id
                checked += 1
    assert checked > 5


def test_every_language_table_has_every_phrase_and_korean_lessons_get_korean_stems():
    from quizgen.phrases import PHRASES

    for language, table in PHRASES.items():
        assert set(table) == set(PHRASES["en"]), language
    lesson = load_lesson(ROOT / "lessons" / "nk-drones-ko.yaml")
    generated = [item for item in item_bank(lesson) if item.trace]
    assert generated
    for item in generated:
        assert any("\uac00" <= ch <= "\ud7a3" for ch in item.stem), item.stem
        assert not any(word in item.stem for word in ("According", "article", "Match each")), item.stem
