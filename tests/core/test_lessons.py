"""The lessons shipped in lessons/ are valid, rich and answerable."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from quizgen.generators import item_bank
from quizgen.loader import check_lesson
from quizgen.model import QUESTION_TYPES

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))
RICH = ("nk-drones-security", "nk-drones-sources")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_validates_with_no_warnings(path):
    result = check_lesson(path)
    assert result.diagnostics == [], "\n".join(d.format() for d in result.diagnostics)
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../docs/lesson.schema.json")


def test_starter_lesson_validates_with_no_warnings():
    result = check_lesson(ROOT / "quizgen" / "starter.yaml")
    assert result.diagnostics == [], "\n".join(d.format() for d in result.diagnostics)


@pytest.mark.parametrize("stem", RICH)
def test_rich_lessons_have_25_items_of_every_type(stem):
    lesson = check_lesson(ROOT / "lessons" / f"{stem}.yaml").lesson
    items = item_bank(lesson)
    assert len({item.id for item in items}) >= 25
    assert set(Counter(item.type for item in items)) == set(QUESTION_TYPES)
    assert all(item.explanation for item in items)


def test_source_lesson_covers_every_kind_of_statement_in_the_article():
    lesson = check_lesson(ROOT / "lessons" / "nk-drones-sources.yaml").lesson
    kinds = {claim.support.value for claim in lesson.claims}
    assert {"state-media-report", "official-allegation", "analyst-speculation"} <= kinds
    assert any(
        actor.name.upper().find("KCNA") >= 0 or "Korean Central News Agency" in actor.name for actor in lesson.actors
    )
