"""The item-writing-flaw checker: each lint catches its flaw, spares the near miss, and can be silenced."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.cli import main
from quizgen.critic import CHECKS, HINTS, critique, keep_unflawed, lint_summary
from quizgen.generators import generate, item_bank
from quizgen.loader import check_lesson, check_lesson_text
from quizgen.model import Cloze, Lesson, LintIgnore, Matching, MultipleSelect, Ordering, Pair, SingleChoice

from .lesson_strategies import lessons

ROOT = Path(__file__).resolve().parents[2]
COMMON = {"paragraph": "p1", "evidence": "words", "topic": "comprehension", "explanation": "Because."}


def _lesson(language: str = "en") -> Lesson:
    actors = [
        ("kim", "Kim Jong Un", "person"),
        ("moon", "Moon Jae-in", "person"),
        ("yoon", "Yoon Suk Yeol", "person"),
        ("nk", "North Korea", "state"),
        ("sk", "South Korea", "state"),
        ("russia", "Russia", "state"),
        ("kcna", "KCNA", "media"),
    ]
    return Lesson.model_validate(
        {
            "id": "critic",
            "title": "Critic",
            "level": "any",
            "language": language,
            "estimated_minutes": 5,
            "objectives": [{"id": "o1", "text": "Check sources with the SIFT moves."}],
            "source": {"headline": "H", "outlet": "O"},
            "paragraphs": [{"id": "p1", "text": "words"}],
            "actors": [{"id": i, "name": n, "kind": k} for i, n, k in actors],
        }
    )


LESSON = _lesson()


def choice(stem: str, options: list[str], answer: str | None = None, **extra) -> SingleChoice:
    return SingleChoice(
        id="q", type="single_choice", stem=stem, options=options, answer=answer or options[0], **COMMON, **extra
    )


def multi(stem: str, options: list[str], answers: list[str]) -> MultipleSelect:
    return MultipleSelect(id="q", type="multiple_select", stem=stem, options=options, answers=answers, **COMMON)


def matching(pairs: list[tuple[str, str]], extra: list[str] | None = None) -> Matching:
    return Matching(
        id="q",
        type="matching",
        stem="Match each entry to its kind.",
        pairs=[Pair(left=left, right=right) for left, right in pairs],
        extra_rights=extra or [],
        **COMMON,
    )


def ordering(stem: str, items: list[str]) -> Ordering:
    return Ordering(id="q", type="ordering", stem=stem, items=items, **COMMON)


def cloze(text: str, bank: list[str]) -> Cloze:
    return Cloze(id="q", type="cloze", stem="Fill the blanks.", text=text, word_bank=bank, **COMMON)


STEM = "What does the article say the drones can strike?"

# lint id -> (an item with the flaw, a near miss that is fine)
CASES = {
    "key-longest": (
        choice(
            STEM,
            [
                "Targets on land and at sea, including moving ships",
                "Targets in the air",
                "Satellites in orbit",
                "Radar sites",
            ],
        ),
        choice(
            STEM,
            [
                "Targets on land and at sea",
                "Targets in the air and space",
                "Satellites in low orbit",
                "Hidden radar sites",
            ],
        ),
    ),
    "stem-key-word": (
        choice(
            "Which kind of production did Kim call for?",
            ["Full-scale mass production", "A few test models", "Hand-built prototypes"],
        ),
        choice(
            "Which kind of production did Kim call for?",
            ["Full-scale mass production", "Small-scale production", "Hand-built prototypes"],
        ),
    ),
    "article-mismatch": (
        choice("A suicide drone is an", ["explosive-carrying aircraft", "reusable scout", "cheap radar"]),
        choice("A suicide drone is an", ["explosive-carrying aircraft", "armed scout", "inexpensive radar"]),
    ),
    "number-mismatch": (
        choice("The drones are described as a", ["weapon", "missiles", "bomb"]),
        choice("The drones are described as a", ["weapon", "missile", "bomb"]),
    ),
    "pronoun-kind": (
        choice("Who declared South Korea his country's main adversary?", ["Kim Jong Un", "Moon Jae-in", "Russia"]),
        choice(
            "Who declared South Korea his country's main adversary?", ["Kim Jong Un", "Moon Jae-in", "Yoon Suk Yeol"]
        ),
    ),
    "mixed-kinds": (
        choice("Who supervised the drone tests?", ["Kim Jong Un", "South Korea", "Russia", "North Korea"]),
        choice("Who supervised the drone tests?", ["Kim Jong Un", "Moon Jae-in", "Yoon Suk Yeol"]),
    ),
    "all-none-of-above": (
        choice(STEM, ["Targets on land and at sea", "Targets in the air", "None of the above"]),
        choice(STEM, ["Targets on land and at sea", "Targets in the air", "Neither land nor sea targets"]),
    ),
    "option-references": (
        choice(STEM, ["Targets on land", "Targets at sea", "Targets in the air", "Both A and C"]),
        choice(STEM, ["Targets on land", "Targets at sea", "Vitamin B12"]),
    ),
    "true-false-options": (
        choice("Did the drones strike targets at sea?", ["Yes", "No"]),
        choice(
            "Did the drones strike targets at sea?",
            ["Yes, according to KCNA", "No, only on land", "The article does not say"],
        ),
    ),
    "absolute-distractor": (
        choice(STEM, ["Targets on land and at sea", "Always targets far out at sea", "Targets in the air"]),
        choice(STEM, ["Targets on land and at sea", "Targets reported only by state media", "Targets in the air"]),
    ),
    "negative-unemphasised": (
        choice("Which target does the article not mention?", ["Aircraft", "Ships", "Land targets"]),
        choice(
            'In "the drones were not detected", which word says the incursion went unseen?', ["not", "drones", "were"]
        ),
    ),
    "overlapping-options": (
        choice("How many drones were tested?", ["10-20", "15-30", "more than 30"]),
        choice("How many drones were tested?", ["10-20", "21-30", "more than 30"]),
    ),
    "duplicate-options": (
        choice(STEM, ["Targets at sea", "Ships", "targets at  sea."]),
        choice(STEM, ["Targets at sea", "Ships", "Targets at sea and on land"]),
    ),
    "convergence": (
        choice(STEM, ["Land and sea targets", "Sea targets only", "Land targets only", "Air targets"]),
        choice(STEM, ["Land and sea targets", "Air and space targets", "Air and sea targets", "Land and air targets"]),
    ),
    "matching-no-spare": (
        matching([("terrestrial", "on land"), ("maritime", "at sea")]),
        matching([("terrestrial", "on land"), ("maritime", "at sea")], extra=["in the air"]),
    ),
    "category-signal-words": (
        matching(
            [("There's speculation that", "Speculation"), ("signals a new phase", "Opinion")], extra=["Allegation"]
        ),
        matching(
            [("There's speculation that", "A guess"), ("signals a new phase", "A judgement")], extra=["An accusation"]
        ),
    ),
    "acronym-options": (
        ordering(
            "Put the moves in SIFT order.",
            ["Stop and think", "Investigate the source", "Find better coverage", "Trace the claim"],
        ),
        ordering(
            "Put the moves in SIFT order.",
            ["Pause before sharing", "Ask who is behind it", "Look for other coverage", "Trace the claim"],
        ),
    ),
}


def _lints(item, lesson=LESSON) -> list[str]:
    return [flaw.lint for flaw in critique(item, lesson)]


def test_every_lint_has_a_case_a_hint_and_a_summary():
    assert set(CASES) == set(CHECKS)
    for lint_id in CHECKS:
        assert HINTS[lint_id] and lint_summary(lint_id)
        assert lint_id == lint_id.lower() and " " not in lint_id and "_" not in lint_id


@pytest.mark.parametrize("lint_id", sorted(CASES))
def test_lint_flags_the_flawed_item(lint_id):
    flawed, _ = CASES[lint_id]
    flaws = [flaw for flaw in critique(flawed, LESSON) if flaw.lint == lint_id]
    assert flaws, critique(flawed, LESSON)
    assert all(flaw.message and "'" in flaw.message for flaw in flaws), "the message quotes its evidence"


@pytest.mark.parametrize("lint_id", sorted(CASES))
def test_lint_spares_the_near_miss(lint_id):
    _, fine = CASES[lint_id]
    assert lint_id not in _lints(fine), critique(fine, LESSON)


@pytest.mark.parametrize(
    ("item", "lint_id"),
    [
        (
            cloze(
                "The drone carries an [[explosive]]. It hit a [[target]] and a [[ship]].",
                ["explosive", "target", "ship", "bomb"],
            ),
            "article-mismatch",
        ),
        (cloze("The drone hit one [[target]] and many [[ships]].", ["target", "ships", "boats"]), "number-mismatch"),
    ],
)
def test_cloze_blank_that_grammar_gives_away_is_flagged(item, lint_id):
    assert lint_id in _lints(item)
    near_miss = item.model_copy(update={"word_bank": [*item.word_bank, "aircraft", "unit", "explosives"]})
    assert lint_id not in _lints(near_miss)


def test_multiple_select_key_sharing_a_stem_word_is_flagged_only_when_no_distractor_has_it():
    stem = "Which phrases signal speculation? Choose all that apply."
    assert "stem-key-word" in _lints(
        multi(
            stem, ["there's speculation", "might have", "personally supervised"], ["there's speculation", "might have"]
        )
    )
    assert "stem-key-word" not in _lints(
        multi(
            stem, ["there's speculation", "might have", "no speculation at all"], ["there's speculation", "might have"]
        )
    )


def test_word_based_lints_are_skipped_for_other_languages():
    flawed = CASES["stem-key-word"][0]
    assert "stem-key-word" in _lints(flawed)
    assert "stem-key-word" not in _lints(flawed, _lesson("ko"))
    assert "key-longest" in _lints(CASES["key-longest"][0], _lesson("ko")), "length is counted in any language"


def test_lint_ignore_silences_exactly_that_lint():
    item = choice(
        STEM, ["Targets on land and at sea, including moving ships", "Always targets in the air", "Satellites"]
    )
    assert {"key-longest", "absolute-distractor"} <= set(_lints(item))
    silenced = item.model_copy(
        update={"lint_ignore": [LintIgnore(lint="key-longest", reason="the detail is the point")]}
    )
    remaining = _lints(silenced)
    assert "key-longest" not in remaining and "absolute-distractor" in remaining
    assert "key-longest" in [f.lint for f in critique(silenced, LESSON, honour_ignores=False)]


def test_keep_unflawed_drops_generated_items_with_cues_and_keeps_the_rest():
    lesson = check_lesson(ROOT / "lessons" / "nk-drones-security.yaml").lesson
    generated, _ = generate(lesson)
    assert generated and all(critique(item, lesson) == [] for item in generated), "the bank holds no flawed item"
    who = next(item for item in generated if item.trace.rule == "actor_action" and item.answer == "North Korea")
    # "who ... his country's ...?" beside states: the pronoun points away from every option but a person.
    cued = who.model_copy(
        update={
            "id": "cued",
            "stem": "According to the article, who declared South Korea his country's main adversary?",
            "options": ["Kim Jong Un", *who.options[1:]],
            "answer": "Kim Jong Un",
        }
    )
    kept, rejected = keep_unflawed([*generated, cued], lesson)
    assert [item.id for item in kept] == [item.id for item in generated], "order is kept"
    assert [(item.id, {flaw.lint for flaw in flaws} >= {"pronoun-kind"}) for item, flaws in rejected] == [
        ("cued", True)
    ]


robust = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@robust
@given(lessons())
def test_keep_unflawed_partitions_any_lesson_and_keeps_only_clean_items(lesson):
    generated, _ = generate(lesson)
    kept, rejected = keep_unflawed(generated, lesson)
    assert {id(item) for item in kept} | {id(item) for item, _ in rejected} == {id(item) for item in generated}
    assert all(flaws for _, flaws in rejected)
    assert all(not critique(item, lesson) for item in kept)
    assert all(flaw.lint in CHECKS for _, flaws in rejected for flaw in flaws)


@robust
@given(
    st.lists(st.text(min_size=1, max_size=40).map(str.strip).filter(bool), min_size=2, max_size=6),
    st.text(min_size=1, max_size=80),
)
def test_any_options_are_checked_without_crashing_and_duplicates_are_always_caught(options, stem):
    from quizgen.text import normalize_answer

    item = choice(stem.strip() or "stem", options)
    flaws = critique(item, LESSON)
    assert all(flaw.lint in CHECKS and flaw.message for flaw in flaws)
    has_duplicates = len({normalize_answer(option) for option in options}) < len(options)
    assert ("duplicate-options" in [flaw.lint for flaw in flaws]) == has_duplicates


def test_critic_is_fast_on_a_whole_lesson():
    lesson = check_lesson(ROOT / "lessons" / "nk-drones-sources.yaml").lesson
    items = item_bank(lesson)
    for item in items:
        critique(item, lesson)  # warm the word caches
    started = time.perf_counter()
    for item in items:
        critique(item, lesson)
    assert time.perf_counter() - started < 0.1, f"{len(items)} items"


# --- in quizgen validate -------------------------------------------------------------------

FLAWED_QUESTION = """  - id: q-critic
    type: single_choice
    stem: How long will the festival last?
    options: [Three days of music and food by the harbour, Two days, One day]
    answer: Three days of music and food by the harbour
    paragraph: p1
    evidence: will last three days this year
    topic: comprehension
    explanation: The council said three days.
"""


def _with_question(mini_text: str, question: str) -> str:
    return mini_text.replace("questions:\n", "questions:\n" + question, 1)


def test_validate_warns_at_the_hand_written_item_with_the_lint_id_and_how_to_silence_it(mini_text):
    result = check_lesson_text(_with_question(mini_text, FLAWED_QUESTION), "critic.yaml")
    warning = next(d for d in result.warnings if d.code == "key-longest")
    assert (warning.path, warning.line) == ("questions[0].options", 133)
    assert "'Three days of music and food by the harbour'" in warning.message
    assert "lint_ignore" in warning.hint and "key-longest" in warning.hint


def test_validate_honours_lint_ignore_and_reports_unknown_and_unused_ids(mini_text):
    silenced = (
        FLAWED_QUESTION + "    lint_ignore:\n      - {lint: key-longest, reason: the detail is what students learn}\n"
    )
    result = check_lesson_text(_with_question(mini_text, silenced), "critic.yaml")
    assert not [d for d in result.diagnostics if d.path.startswith("questions[0]")]

    misspelt = FLAWED_QUESTION + "    lint_ignore:\n      - {lint: key-longer, reason: fine}\n"
    result = check_lesson_text(_with_question(mini_text, misspelt), "critic.yaml")
    error = next(d for d in result.errors if d.code == "lint-ignore")
    assert error.path == "questions[0].lint_ignore[0].lint" and "did you mean 'key-longest'" in error.hint
    assert result.lesson is None

    unused = (
        FLAWED_QUESTION.replace("Three days of music and food by the harbour", "Three days")
        + "    lint_ignore:\n      - {lint: convergence, reason: fine}\n"
    )
    result = check_lesson_text(_with_question(mini_text, unused), "critic.yaml")
    assert [d.code for d in result.diagnostics if d.path.startswith("questions[0]")] == ["unused-lint-ignore"]


def test_older_warnings_can_be_silenced_too(mini_text):
    question = FLAWED_QUESTION.replace("    explanation: The council said three days.\n", "").replace(
        "Three days of music and food by the harbour", "Three days"
    )
    result = check_lesson_text(_with_question(mini_text, question), "critic.yaml")
    assert "no-explanation" in [d.code for d in result.warnings]
    question += "    lint_ignore:\n      - {lint: no-explanation, reason: the options explain themselves}\n"
    result = check_lesson_text(_with_question(mini_text, question), "critic.yaml")
    assert "no-explanation" not in [d.code for d in result.warnings]


def test_shipped_lessons_and_the_starter_validate_strictly():
    result = CliRunner().invoke(
        main, ["validate", "--strict", str(ROOT / "lessons"), str(ROOT / "quizgen" / "starter.yaml")]
    )
    assert result.exit_code == 0, result.output
