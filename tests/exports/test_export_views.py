"""Formats ask each type for its export view: a type without one is named as skipped by every format, never lost."""

from __future__ import annotations

import io
import zipfile
from typing import Literal

import pytest
from openpyxl import load_workbook

from quizgen.exports import gift, moodle, qti
from quizgen.exports.common import ExportSet, Section, bank_set
from quizgen.exports.spreadsheets import write_kahoot
from quizgen.items import QUESTION_TYPES, QuestionBase, QuestionType, register, unregister
from quizgen.items.true_false import TrueFalseType
from quizgen.loader import load_lesson
from quizgen.quiz import QuizItem

from ..conftest import MINI_LESSON


class Poll(QuestionBase):
    """A type no export format knows: it gives no export view."""

    type: Literal["poll-for-export"]
    answer: bool = True


@pytest.fixture
def poll_type():
    class PollType(TrueFalseType):
        name = "poll-for-export"
        model = Poll
        export_view = QuestionType.export_view  # the default: no view

    register(PollType)
    yield
    unregister("poll-for-export")


def test_every_built_in_type_gives_an_export_view():
    lesson = load_lesson(MINI_LESSON)
    entries = bank_set(lesson).sections[0].entries
    assert {entry.item.type for entry in entries} == set(QUESTION_TYPES)
    for entry in entries:
        assert QUESTION_TYPES[entry.item.type].export_view(entry) is not None, entry.item.type


def test_a_type_without_an_export_view_is_listed_as_skipped_by_every_format(poll_type):
    lesson = load_lesson(MINI_LESSON)
    poll = Poll(id="poll-1", type="poll-for-export", stem="Agree?", paragraph="p1", evidence="x", topic="t")
    for write in (qti.write, moodle.write, gift.write):
        exported = ExportSet(lesson, (Section("bank", "bank", (QuizItem(1, poll),)),))
        data = write(exported)
        assert any(note.startswith("Skipped poll-1 (poll-for-export)") for note in exported.notes)
        if write is qti.write:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = archive.read("quizgen-notes.txt")
        assert b"Skipped poll-1" in data  # inside the file too
    exported = ExportSet(lesson, (Section("bank", "bank", (QuizItem(1, poll),)),))
    book = load_workbook(io.BytesIO(write_kahoot(exported)[0][1]))
    notes = [row[0].value for row in book["quizgen notes"].iter_rows() if row[0].value]
    assert any(str(note).startswith("Skipped poll-1") for note in notes)
