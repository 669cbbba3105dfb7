"""Lessons to the tools schools run: QTI 1.2, Moodle XML, GIFT, Kahoot! and Quizizz spreadsheets.

:func:`export` takes a lesson and either its whole bank or drawn quizzes and
returns an :class:`ExportedFile`: the bytes, a file name, a media type and
the notes (items a format could not take, what it loses).  The notes are
also inside every file (a notes file in the QTI zip, a comment in Moodle XML
and GIFT, a sheet in the spreadsheets), so a teacher who downloads from the
web sees them too.  Plain Python: no Flask, SQLAlchemy or WeasyPrint.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from ..labels import use_language
from ..model import Lesson, Question
from ..quiz import Quiz
from .common import ExportSet, bank_set, quiz_set

FORMATS = ("qti", "moodle", "gift", "kahoot", "quizizz")
"""Every format, by the name the CLI and the web form use."""

FORMAT_LABELS = {
    "qti": "QTI 1.2 (Canvas, Blackboard, D2L, Schoology)",
    "moodle": "Moodle XML",
    "gift": "GIFT (Moodle)",
    "kahoot": "Kahoot! spreadsheet",
    "quizizz": "Quizizz spreadsheet",
}


@dataclass(frozen=True)
class ExportedFile:
    """An export ready to save: its bytes, a file name, its media type, and the notes it carries."""

    data: bytes
    filename: str
    mimetype: str
    notes: tuple[str, ...]


class ExportError(ValueError):
    """The export cannot be made (an unknown format, nothing to export)."""


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(
    lesson: Lesson,
    output_format: str,
    *,
    quizzes: Sequence[Quiz] | None = None,
    bank: Sequence[Question] | None = None,
) -> ExportedFile:
    """The lesson in ``output_format``: the drawn ``quizzes`` when given, otherwise every item of its bank."""
    if output_format not in FORMATS:
        raise ExportError(f"unknown export format {output_format!r} (formats: {', '.join(FORMATS)})")
    # Students read the labels (True/False, positions, "Evidence:") in the lesson's language, as on its worksheet.
    with use_language(lesson.language):
        return _export(lesson, output_format, quizzes, bank)


def _export(
    lesson: Lesson, output_format: str, quizzes: Sequence[Quiz] | None, bank: Sequence[Question] | None
) -> ExportedFile:
    exported: ExportSet = quiz_set(lesson, quizzes) if quizzes else bank_set(lesson, bank)
    if not quizzes:
        stem = f"{lesson.id}-bank"
    elif len(quizzes) == 1:
        stem = f"{lesson.id}-{quizzes[0].variant_code}"
    else:
        stem = f"{lesson.id}-{len(quizzes)}-variants"
    # Each format's writer is imported when it is asked for: `quizgen export` is a process that writes one format.
    if output_format == "qti":
        from . import qti

        data, name, mimetype = qti.write(exported), f"{stem}-qti.zip", "application/zip"
    elif output_format == "moodle":
        from . import moodle

        data, name, mimetype = moodle.write(exported), f"{stem}-moodle.xml", "application/xml"
    elif output_format == "gift":
        from . import gift

        data, name, mimetype = gift.write(exported), f"{stem}.gift.txt", "text/plain; charset=utf-8"
    else:
        from . import spreadsheets

        writer = spreadsheets.write_kahoot if output_format == "kahoot" else spreadsheets.write_quizizz
        books = writer(exported)
        if len(books) == 1:
            data, name, mimetype = books[0][1], f"{stem}-{output_format}.xlsx", XLSX
        else:
            data, name, mimetype = (
                _zip([(f"{lesson.id}-{code}-{output_format}.xlsx", book) for code, book in books]),
                f"{stem}-{output_format}.zip",
                "application/zip",
            )
    return ExportedFile(data, name, mimetype, tuple(exported.notes))


def _zip(files: Sequence[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()


__all__ = ["FORMATS", "FORMAT_LABELS", "ExportError", "ExportSet", "ExportedFile", "export"]
