"""The item bank is computed from the lesson it is asked for, and kept on the loaded-lesson entry, not on the model."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings

from quizgen.generators import generate, item_bank
from quizgen.library import LessonLibrary
from quizgen.loader import check_lesson
from quizgen.quiz import build_quiz

from ..conftest import MINI_LESSON
from .lesson_strategies import lessons


def test_a_copy_without_questions_has_a_bank_without_them(mini_lesson):
    hand_written = {question.id for question in mini_lesson.questions}
    assert hand_written <= {item.id for item in item_bank(mini_lesson)}  # the original's bank was built first
    copy = mini_lesson.model_copy(update={"questions": []})
    bank = item_bank(copy)
    assert bank and not hand_written & {item.id for item in bank}
    assert [item.id for item in bank] == [item.id for item in generate(mini_lesson)[0]]
    assert not hand_written & {entry.id for entry in build_quiz(copy, 5).items}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lesson=lessons())
def test_every_copy_gets_the_bank_of_its_own_questions(lesson):
    item_bank(lesson)
    only_first = lesson.model_copy(update={"questions": lesson.questions[:1]})
    generated = [item.id for item in generate(lesson)[0]]
    assert [item.id for item in item_bank(only_first)] == [lesson.questions[0].id, *generated]
    assert [item.id for item in item_bank(lesson)] == [question.id for question in lesson.questions] + generated


def test_the_loader_returns_the_bank_it_checked():
    result = check_lesson(MINI_LESSON)
    assert [item.model_dump() for item in result.bank] == [item.model_dump() for item in item_bank(result.lesson)]


def test_a_library_entry_keeps_the_bank_of_its_content(lessons_dir):
    library = LessonLibrary(lessons_dir)
    entry = library.get("harbour-festival")
    assert entry.bank == tuple(item_bank(entry.lesson))
    assert library.get("harbour-festival") is entry  # an unchanged file is not generated again

    path = lessons_dir / "mini.yaml"
    stem = entry.lesson.questions[0].stem
    path.write_text(
        path.read_text(encoding="utf-8").replace(stem, "Who announced the festival, according to the article?", 1),
        encoding="utf-8",
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    edited = library.get("harbour-festival")
    assert edited.content_hash != entry.content_hash
    assert edited.bank[0].stem == "Who announced the festival, according to the article?"
    assert entry.bank[0].stem == stem  # the old entry's bank still describes the old content


def test_a_copy_with_other_paragraphs_numbers_them_afresh():
    from quizgen.loader import load_lesson

    from ..conftest import ROOT

    lesson = load_lesson(ROOT / "lessons" / "nk-drones-security.yaml")
    assert lesson.paragraph_number("p2") == 2
    reordered = lesson.model_copy(
        update={"paragraphs": [lesson.paragraphs[1], lesson.paragraphs[0], *lesson.paragraphs[2:]]}
    )
    assert reordered.paragraph_number("p2") == 1 and lesson.paragraph_number("p2") == 2
