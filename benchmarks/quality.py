"""Item quality of drawn quizzes, per lesson over many seeds (not a timed test).

For each lesson in ``lessons/`` (or the files given) and 200 seeds of its default quiz (``quiz_length``, or 20
items when the lesson sets none), prints:

* ``fact/leak``: share of variants with two items on one fact (generator trace or the same quote) or an item whose
  stem shows another item's key (goal 0);
* ``key longest``: share of single-choice items whose key is longer than every other option by more than 15 %,
  beside chance (1 / options);
* ``template``: the largest share of one stem template (generator rule) in any variant (goal <= 25 %);
* ``totals``: spread of variant point totals (goal 0);
* ``rejected``: generated items the item-writing-flaw checker dropped, by lint (when the checker is present).

The measures are defined here, independently of quizgen's own rules, so the same script can be run on an older
checkout to compare.  Run: ``.venv/bin/python benchmarks/quality.py [LESSON.yaml ...]``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizgen.generators import item_bank
from quizgen.loader import load_lesson
from quizgen.quiz import QuizOptions, build_quiz
from quizgen.text import cloze_blanks, cloze_segments, normalize_answer

SEEDS = 200
DEFAULT_QUIZ = 20  # for lessons without quiz_length: a typical class quiz
LABEL_RULES = {"claim_support", "claim_classification", "timeline_before_after"}


def _facts(item) -> set[str]:
    facts = set(item.trace.facts) if item.trace else set()
    quotes = [item.evidence, *(citation.evidence for citation in getattr(item, "also_cites", []))]
    return facts | {"quote:" + normalize_answer(quote) for quote in quotes}


def _keys(item) -> list[str]:
    if item.trace and item.trace.rule in LABEL_RULES:
        return []
    if item.type == "single_choice":
        return [item.answer]
    if item.type == "multiple_select":
        return list(item.answers)
    if item.type == "short_answer":
        return list(item.accepted)
    if item.type == "cloze":
        return [a for answers in cloze_blanks(item.text) for a in answers]
    return []


def _stem(item) -> str:
    # What the student reads before answering: a cloze text shows its words, not its blanks' answers.
    visible = " ____ ".join(cloze_segments(item.text)) if item.type == "cloze" else ""
    return normalize_answer(item.stem + " " + visible)


def _leak(giver, taker) -> bool:
    stem = _stem(taker)
    return any(
        len(k) >= 4 and re.search(r"(?<!\w)" + re.escape(k) + r"(?!\w)", stem)
        for k in map(normalize_answer, _keys(giver))
    )


def _template(item) -> str:
    return item.trace.rule if item.trace else f"hand:{item.id}"


def measure(path: Path) -> dict:
    """The quality figures of one lesson over ``SEEDS`` variants of its default quiz."""
    lesson = load_lesson(path)
    bank = item_bank(lesson)
    bad_variants, worst_template, totals = 0, 0.0, set()
    longest = choice_items = 0
    chance = []
    options = QuizOptions(count=None if lesson.quiz_length else min(DEFAULT_QUIZ, len(bank)))
    for seed in range(SEEDS):
        items = [entry.item for entry in build_quiz(lesson, seed, options).items]
        totals.add(sum(item.points for item in items))
        seen: Counter = Counter()
        for item in items:
            seen.update(_facts(item))
        clash = any(count > 1 for count in seen.values())
        clash = clash or any(_leak(a, b) for a in items for b in items if a is not b)
        bad_variants += clash
        templates = Counter(_template(item) for item in items)
        worst_template = max(worst_template, max(templates.values()) / len(items))
    for item in bank:
        if item.type == "single_choice" and len(item.options) > 1:
            choice_items += 1
            others = [len(o) for o in item.options if o != item.answer]
            longest += len(item.answer) > 1.15 * max(others)
            chance.append(1 / len(item.options))
    rejected = _rejected(lesson)
    return {
        "lesson": lesson.id,
        "items": len(bank),
        "quiz": len(build_quiz(lesson, 0, options).items),
        "fact_leak": bad_variants / SEEDS,
        "key_longest": longest / max(choice_items, 1),
        "chance": sum(chance) / max(len(chance), 1),
        "template": worst_template,
        "spread": max(totals) - min(totals),
        "rejected": rejected,
    }


def _rejected(lesson) -> str:
    try:
        from quizgen.generators import rejected_items
    except ImportError:
        return "(no checker)"
    counts = Counter(flaw.lint for _, flaws in rejected_items(lesson) for flaw in flaws)
    return ", ".join(f"{lint} {n}" for lint, n in sorted(counts.items())) or "none"


def main(paths: list[str]) -> None:
    """Print one row per lesson."""
    files = [Path(p) for p in paths] or sorted((Path(__file__).resolve().parent.parent / "lessons").glob("*.yaml"))
    print(
        f"{'lesson':32} {'items':>5} {'quiz':>4} {'fact/leak':>9} {'key longest':>11} {'chance':>6} "
        f"{'template':>8} {'totals':>6}  rejected by the flaw checker"
    )
    for path in files:
        row = measure(path)
        print(
            f"{row['lesson']:32} {row['items']:>5} {row['quiz']:>4} {row['fact_leak']:>9.0%} "
            f"{row['key_longest']:>11.0%} {row['chance']:>6.0%} {row['template']:>8.0%} {row['spread']:>6}  "
            f"{row['rejected']}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
