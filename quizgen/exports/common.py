"""What every export format shares: the items to write, the lesson's attribution, the feedback text, safe text.

An :class:`ExportSet` is what a writer gets: the lesson and one or more
sections (the whole bank, or each drawn variant), each a list of
:class:`~quizgen.quiz.QuizItem`.  Writers ask each item's type for its
:func:`export view <quizgen.items.exporting>` and add what they could not
write to the set's notes, which every format carries inside the file.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..feedback import feedback_for
from ..generators import item_bank
from ..items import question_type
from ..items.exporting import ExportView
from ..labels import gettext
from ..markup import render_markdown
from ..model import Lesson, Question
from ..quiz import Quiz, QuizItem

# XML 1.0 cannot carry these at all (and spreadsheets and GIFT files are no place for them either).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` without the control characters no export format can carry (tabs and newlines stay)."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """``text`` cleaned, its runs of white space (newlines included) made one space."""
    return " ".join(clean(text).split())


@dataclass(frozen=True)
class Section:
    """One quiz in an export: the whole bank, or one drawn variant."""

    title: str
    code: str
    """A short id unique in the export: ``bank`` or the variant code."""
    entries: tuple[QuizItem, ...]


@dataclass
class ExportSet:
    """The lesson, its sections, and the notes writers add (skipped items, what a format loses)."""

    lesson: Lesson
    sections: tuple[Section, ...]
    notes: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        """Record ``message`` once."""
        if message not in self.notes:
            self.notes.append(message)


def bank_set(lesson: Lesson, bank: Sequence[Question] | None = None) -> ExportSet:
    """Every item of the lesson's bank, choices in an order fixed per item (platforms shuffle them again)."""
    bank = item_bank(lesson) if bank is None else bank
    entries = []
    for number, item in enumerate(bank, start=1):
        choices, rights = question_type(item).present(item, random.Random(f"{lesson.id}/{item.id}"))
        entries.append(QuizItem(number, item, choices, rights))
    return ExportSet(lesson, (Section(gettext("Question bank"), "bank", tuple(entries)),))


def quiz_set(lesson: Lesson, quizzes: Sequence[Quiz]) -> ExportSet:
    """The drawn variants, each with its items in the variant's order and its choices as the variant shows them."""
    return ExportSet(
        lesson,
        tuple(
            Section(gettext("Variant %(code)s", code=quiz.variant_code), quiz.variant_code, quiz.items)
            for quiz in quizzes
        ),
    )


def view_of(entry: QuizItem) -> ExportView | None:
    """The item's export view, from its type."""
    return question_type(entry.item).export_view(entry)


def skipped(export: ExportSet, entry: QuizItem, tool: str, why: str) -> None:
    """Note that ``tool`` cannot take the item, naming it."""
    export.note(
        gettext(
            "Skipped %(id)s (%(type)s): %(tool)s %(why)s.",
            id=entry.item.id,
            type=entry.item.type.replace("_", " "),
            tool=tool,
            why=why,
        )
    )


def general_feedback(lesson: Lesson, item: Question) -> str:
    """The explanation, then every quote of evidence with its paragraph (the feedback students see in quizgen)."""
    return one_line(feedback_for(lesson, item).as_text())


def option_feedback(lesson: Lesson, item: Question, option: str, right: bool) -> str:
    """What a student who picks ``option`` reads: whether it is right, and the paragraph that shows it."""
    where = f"\u00b6{lesson.paragraph_number(item.paragraph)}"
    if right:
        return gettext(
            "Right: the passage says \u201c%(quote)s\u201d (%(where)s).", quote=one_line(item.evidence), where=where
        )
    return gettext("Not \u201c%(option)s\u201d: read %(where)s again.", option=one_line(option), where=where)


def rubric_text(rubric: Sequence[tuple[int, str]], sample_answer: str | None) -> list[str]:
    """A rubric's levels, best first, then the sample answer, one line each."""
    lines = [
        gettext("%(points)s pt: %(description)s", points=points, description=one_line(text)) for points, text in rubric
    ]
    if sample_answer:
        lines.append(gettext("Sample answer: %(text)s", text=one_line(sample_answer)))
    return lines


def attribution(lesson: Lesson) -> list[str]:
    """The lesson's title, its source and where it came from, one line each (every export carries them)."""
    source = lesson.source
    lines = [one_line(lesson.title)]
    outlet = source.outlet or gettext("outlet not named")
    printed = ", ".join(one_line(part) for part in (outlet, source.dateline, source.date) if part)
    lines.append(
        gettext("Source: \u201c%(headline)s\u201d, %(outlet)s", headline=one_line(source.headline), outlet=printed)
    )
    if source.url:
        lines.append(one_line(source.url))
    if source.cites:
        lines.append(gettext("The article cites: %(agencies)s", agencies=", ".join(one_line(c) for c in source.cites)))
    lines.append(
        gettext(
            "Lesson %(id)s (%(level)s), exported by quizgen: questions written and generated from the article, "
            "each with the quote from the passage that supports its key.",
            id=lesson.id,
            level=one_line(lesson.level),
        )
    )
    return lines


def passage_html(lesson: Lesson) -> str:
    """The reading passage as sanitised HTML, paragraphs numbered as questions cite them, then the attribution."""
    from html import escape

    parts = [f"<h2>{escape(one_line(lesson.title))}</h2>"]
    for number, paragraph in enumerate(lesson.paragraphs, start=1):
        if paragraph.heading:
            parts.append(f"<h3>{escape(one_line(paragraph.heading))}</h3>")
        body = render_markdown(clean(paragraph.text))
        parts.append(f"<div><p><strong>\u00b6{number}</strong></p>{body}</div>")
    parts.append("<p><em>" + "<br>".join(escape(line) for line in attribution(lesson)) + "</em></p>")
    return "".join(parts)


def passage_text(lesson: Lesson) -> list[str]:
    """The reading passage as plain text, one line per paragraph with its number."""
    lines = []
    for number, paragraph in enumerate(lesson.paragraphs, start=1):
        heading = f"{one_line(paragraph.heading)}: " if paragraph.heading else ""
        lines.append(f"\u00b6{number} {heading}{one_line(paragraph.text)}")
    return lines


def tags(lesson: Lesson, item: Question) -> list[str]:
    """The item's topic, skill, objective and the objective's standards, as tags."""
    values = [item.topic]
    if item.skill:
        values.append(item.skill.value)
    if item.objective:
        values.append(item.objective)
        values += list(lesson.objective(item.objective).standards)
    return [one_line(value) for value in dict.fromkeys(values)]


def item_name(entry: QuizItem) -> str:
    """The question's name on a platform: its number and the lesson's id for it."""
    return f"{entry.number:02d} {entry.item.id}"
