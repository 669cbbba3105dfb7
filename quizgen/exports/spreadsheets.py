"""Kahoot! and Quizizz spreadsheets (XlsxWriter), in the layouts of their import templates.

Both tools take short choice questions: single and multiple choice and
true/false (Quizizz also short answer, as Fill-in-the-Blank).  Items they
cannot take (open response, matching, cloze, ordering, and choice items with
more options than the tool shows) are skipped and named in the notes; text
longer than Kahoot's limits (120 characters per question, 75 per answer) is
written whole and reported, never cut.  The notes, with the lesson's title,
source and attribution, are a second sheet the importers do not read.

XlsxWriter only writes, and imports in a fifth of the time openpyxl takes (whose package imports its reader,
charts and images as well): for `quizgen export`, a process that writes one file, the import is most of the cost.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..items.exporting import ChoiceView, TrueFalseView, TypedView
from ..labels import gettext
from ..quiz import QuizItem
from .common import ExportSet, Section, attribution, general_feedback, one_line, skipped, view_of

KAHOOT_TIMES = (5, 10, 20, 30, 60, 90, 120, 240)
QUIZIZZ_TIMES = (5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900)
KAHOOT_QUESTION_MAX = 120
KAHOOT_ANSWER_MAX = 75
KAHOOT_HEADER_ROW = 8
KAHOOT_HEADERS = (
    "",
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) \u2013 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
QUIZIZZ_HEADERS = (
    "Question Text",
    "Question Type",
    "Option 1",
    "Option 2",
    "Option 3",
    "Option 4",
    "Option 5",
    "Correct Answer",
    "Time in seconds",
    "Image Link",
    "Answer explanation",
)
QUIZIZZ_HELP = (
    "Text of the question (required)",
    "Question Type (default is Multiple Choice)",
    "Text for option 1 (required in all cases except open-ended & draw questions)",
    "Text for option 2 (required in all cases except open-ended & draw questions)",
    "Text for option 3 (optional)",
    "Text for option 4 (optional)",
    "Text for option 5 (optional)",
    'The correct option choice (between 1-5). Leave blank for "Open-Ended", "Poll", "Draw" and "Fill-in-the-Blank".',
    "Time in seconds (optional, default value is 30 seconds)",
    "Link of the image (optional)",
    "Answer explanation (optional)",
)


def reading_time(texts: Sequence[str], allowed: Sequence[int]) -> int:
    """Seconds to read the question and its answers and choose: 20 plus one per three words, the next allowed value."""
    words = sum(len(text.split()) for text in texts)
    wanted = 20 + words // 3
    return next((seconds for seconds in allowed if seconds >= wanted), allowed[-1])


def _put(sheet: Worksheet, row: int, column: int, value: Any, cell_format: Format | None = None) -> None:
    """Write ``value`` at the 1-based ``row`` and ``column``, as the templates number them."""
    if isinstance(value, str):
        # Text stays text: a lesson's "=..." must never become a spreadsheet formula.
        sheet.write_string(row - 1, column - 1, value, cell_format)
    else:
        sheet.write_number(row - 1, column - 1, value, cell_format)


def _notes_sheet(workbook: xlsxwriter.Workbook, export: ExportSet, tool: str) -> None:
    sheet = workbook.add_worksheet("quizgen notes")
    lines = [*attribution(export.lesson), ""]
    lines.append(gettext("%(tool)s reads the first sheet only; this one is for you.", tool=tool))
    lines += export.notes or [gettext("Every item was exported.")]
    for row, line in enumerate(lines, start=1):
        _put(sheet, row, 1, line)
    sheet.set_column(0, 0, 120)


def _choices(
    export: ExportSet, entry: QuizItem, tool: str, most: int, *, typed: bool
) -> tuple[str, list[str], list[int]] | None:
    """``(kind, answers, right positions)`` of an item the tool can take, or ``None`` (noted as skipped)."""
    view = view_of(entry)
    if isinstance(view, TrueFalseView):
        return "single", [gettext("True"), gettext("False")], [1 if view.answer else 2]
    if isinstance(view, ChoiceView):
        if len(view.options) > most:
            skipped(export, entry, tool, gettext("shows at most %(count)s answers", count=most))
            return None
        rights = [index for index, right in enumerate(view.correct, start=1) if right]
        return ("multiple" if view.multiple else "single"), [one_line(o) for o in view.options], rights
    if typed and isinstance(view, TypedView):
        if len(view.accepted) > most:
            skipped(export, entry, tool, gettext("takes at most %(count)s accepted answers", count=most))
            return None
        return "typed", [one_line(a) for a in view.accepted], []
    skipped(export, entry, tool, gettext("has no question type for it"))
    return None


def _kahoot_sheet(workbook: xlsxwriter.Workbook, sheet: Worksheet, export: ExportSet, section: Section) -> None:
    lesson = export.lesson
    bold = workbook.add_format({"bold": True})
    # Rows above the header row are the template's title block, which the importer skips.
    _put(sheet, 1, 2, one_line(lesson.title))
    for row, line in enumerate(attribution(lesson)[1:6], start=2):
        _put(sheet, row, 2, line)
    for column, header in enumerate(KAHOOT_HEADERS, start=1):
        _put(sheet, KAHOOT_HEADER_ROW, column, header, bold)
    row = KAHOOT_HEADER_ROW
    for entry in section.entries:
        found = _choices(export, entry, "Kahoot!", 4, typed=False)
        if found is None:
            continue
        _kind, answers, rights = found
        stem = one_line(entry.item.stem)
        if len(stem) > KAHOOT_QUESTION_MAX:
            export.note(
                gettext(
                    "%(id)s: the question has %(count)s characters; Kahoot! takes %(max)s. Shorten it after importing.",
                    id=entry.item.id,
                    count=len(stem),
                    max=KAHOOT_QUESTION_MAX,
                )
            )
        for answer in answers:
            if len(answer) > KAHOOT_ANSWER_MAX:
                export.note(
                    gettext(
                        "%(id)s: the answer \u201c%(answer)s\u201d has %(count)s characters; Kahoot! takes %(max)s.",
                        id=entry.item.id,
                        answer=answer,
                        count=len(answer),
                        max=KAHOOT_ANSWER_MAX,
                    )
                )
        row += 1
        _put(sheet, row, 1, row - KAHOOT_HEADER_ROW)
        _put(sheet, row, 2, stem)
        for column, answer in enumerate(answers, start=3):
            _put(sheet, row, column, answer)
        _put(sheet, row, 7, reading_time([stem, *answers], KAHOOT_TIMES))
        _put(sheet, row, 8, ",".join(str(r) for r in rights))
    sheet.set_column(1, 1, 60)


def _quizizz_sheet(workbook: xlsxwriter.Workbook, sheet: Worksheet, export: ExportSet, section: Section) -> None:
    bold, wrapped = workbook.add_format({"bold": True}), workbook.add_format({"text_wrap": True})
    for column, (header, help_text) in enumerate(zip(QUIZIZZ_HEADERS, QUIZIZZ_HELP, strict=True), start=1):
        _put(sheet, 1, column, header, bold)
        _put(sheet, 2, column, help_text, wrapped)
    row = 2
    kinds = {"single": "Multiple Choice", "multiple": "Checkbox", "typed": "Fill-in-the-Blank"}
    for entry in section.entries:
        found = _choices(export, entry, "Quizizz", 5, typed=True)
        if found is None:
            continue
        kind, answers, rights = found
        row += 1
        stem = one_line(entry.item.stem)
        _put(sheet, row, 1, stem)
        _put(sheet, row, 2, kinds[kind])
        for column, answer in enumerate(answers, start=3):
            _put(sheet, row, column, answer)
        _put(sheet, row, 8, ",".join(str(r) for r in rights))
        _put(sheet, row, 9, reading_time([stem, *answers], QUIZIZZ_TIMES))
        _put(sheet, row, 11, general_feedback(export.lesson, entry.item))


def _workbook(export: ExportSet, section: Section, tool: str) -> bytes:
    buffer = io.BytesIO()
    # Every value is written with its own type (write_string, write_number): nothing is guessed from text.
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet(tool.rstrip("!")[:31])
    (_kahoot_sheet if tool == "Kahoot!" else _quizizz_sheet)(workbook, sheet, export, section)
    _notes_sheet(workbook, export, tool)
    workbook.set_properties({"title": one_line(export.lesson.title)[:255], "author": "quizgen"})
    workbook.close()
    return buffer.getvalue()


def write_kahoot(export: ExportSet) -> list[tuple[str, bytes]]:
    """One Kahoot! spreadsheet per section: ``(section code, xlsx bytes)``."""
    return [(section.code, _workbook(export, section, "Kahoot!")) for section in export.sections]


def write_quizizz(export: ExportSet) -> list[tuple[str, bytes]]:
    """One Quizizz spreadsheet per section: ``(section code, xlsx bytes)``."""
    return [(section.code, _workbook(export, section, "Quizizz")) for section in export.sections]
