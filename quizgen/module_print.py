"""The teaching module's printed kinds: guide, before-reading sheet, lateral-reading organiser, discussion cards,
annotation key and exit tickets, rendered like every worksheet (:mod:`quizgen.pdf`).

The views come from the core (:mod:`quizgen.module`); this module only lays them out as parts of one printed
document.  Like :mod:`quizgen.pdf` it imports WeasyPrint and no Flask.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup

from . import pdf
from .generators import item_bank
from .items import question_type
from .labels import gettext, use_language
from .markup import render_inline, render_markdown
from .model import Lesson, Question
from .module.annotation import SUPPORT_ORDER, annotation_key
from .module.discussion import discussion_set
from .module.guide import guide_view
from .module.lateral import lateral_rows
from .quiz import QuizItem

MODULE_KINDS = ("guide", "before-reading", "lateral-reading", "discussion", "annotation", "exit-ticket")
"""The printed kinds the teaching module adds to worksheet, key and class set."""
KINDS = ("worksheet", "key", "class-set", *MODULE_KINDS)
"""Every kind ``quizgen pdf --kind`` prints."""

EXIT_TICKETS_PER_SHEET = 2


def markdown(text: str | None) -> Markup:
    """Lesson Markdown as sanitised HTML."""
    return Markup(render_markdown(text or ""))


def markdown_inline(text: str | None) -> Markup:
    """One line of lesson Markdown as sanitised HTML."""
    return Markup(render_inline(text or ""))


def _keys(lesson: Lesson, items: list[Question]) -> list[pdf.KeyView]:
    entries = [build_quiz_item(item, number) for number, item in enumerate(items, start=1)]
    return [pdf.key_view(lesson, entry, pdf.item_view(entry), in_words=True) for entry in entries]


def build_quiz_item(item: Question, number: int) -> QuizItem:
    """An item as a printed sheet outside a variant shows it: choices in a fixed, seeded order."""
    choices, rights = question_type(item).present(item, random.Random(f"{item.id}:{number}"))
    return QuizItem(number, item, choices, rights)


def _guide_parts(lesson: Lesson, bank: Sequence[Question]) -> list[dict]:
    view = guide_view(lesson, bank)
    hand_written = {question.id for question in lesson.questions}
    chosen = [*view.planned_items, *view.exit_items, *(item for item in bank if item.id in hand_written)]
    if view.writing_item is not None:
        chosen.append(view.writing_item)
    keyed = list({item.id: item for item in chosen}.values())  # each item once, first place kept
    return [pdf._part("module/guide", first=True, view=view, keys=_keys(lesson, keyed))]


def _exit_parts(lesson: Lesson, bank: Sequence[Question], copies: int) -> list[dict]:
    by_id = {item.id: item for item in bank}
    ticket = lesson.exit_ticket
    items = [by_id[i] for i in ticket.items if i in by_id] if ticket else []
    views = [pdf.item_view(build_quiz_item(item, number)) for number, item in enumerate(items, start=1)]
    return [
        pdf._part(
            "module/exit_ticket",
            first=True,
            items=views,
            # Without an authored ticket every lesson still gets one: the source-evaluation move it teaches.
            prompt=ticket.prompt
            if ticket
            else gettext("Name one claim from the article, who makes it, and how you could check it."),
            copies=copies,
            total=sum(item.points for item in items),
        )
    ]


def image_source(lesson: Lesson, lesson_dir: str | Path | None) -> str | None:
    """The file URL of the pre-reading image in the lesson's asset folder, or ``None`` when there is none."""
    image = lesson.before_reading.image if lesson.before_reading else None
    if image is None or lesson_dir is None:
        return None
    for folder in (Path(lesson_dir) / lesson.id, Path(lesson_dir) / "assets" / lesson.id):
        if (folder / image.file).is_file():
            return (folder / image.file).resolve().as_uri()
    return None


def module_html(
    lesson: Lesson,
    kind: str,
    *,
    options: pdf.PrintOptions | None = None,
    bank=None,
    lesson_dir: str | Path | None = None,
) -> str:
    """HTML of one teaching-module kind (see :data:`MODULE_KINDS`), in the lesson's language."""
    if kind not in MODULE_KINDS:
        raise ValueError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    options = options or pdf.PrintOptions()
    bank = item_bank(lesson) if bank is None else bank
    with use_language(lesson.language):
        if kind == "guide":
            parts = _guide_parts(lesson, bank)
        elif kind == "before-reading":
            parts = [pdf._part("module/before_reading", first=True, image_src=image_source(lesson, lesson_dir))]
        elif kind == "lateral-reading":
            rows = lateral_rows(lesson)
            parts = [
                pdf._part("module/lateral_reading", first=True, rows=rows),
                pdf._part("module/lateral_key", rows=rows),
            ]
            if any(claim.updates for claim in lesson.claims):
                parts.append(pdf._part("module/then_and_now", view=guide_view(lesson, bank)))
        elif kind == "discussion":
            cards = discussion_set(lesson)
            parts = [
                pdf._part("module/discussion_cards", first=True, cards=cards),
                pdf._part("module/discussion_key", cards=cards),
            ]
        elif kind == "annotation":
            claims, paragraphs = annotation_key(lesson)
            legend = [(level.value, pdf_support_label(lesson, level)) for level in SUPPORT_ORDER]
            parts = [
                pdf._part("module/annotation_student", first=True),
                pdf._part("module/annotation_key", claims=claims, paragraphs=paragraphs, legend=legend),
            ]
        else:
            parts = _exit_parts(lesson, bank, EXIT_TICKETS_PER_SHEET)
        title = gettext("%(kind)s \u2014 %(title)s", kind=kind_label(kind), title=lesson.title)
        return pdf._document_html(lesson, parts, options=options, title=title)


def pdf_support_label(lesson: Lesson, level) -> str:
    """A support level's name in the lesson's language (the annotation legend)."""
    from .phrases import Phrases

    return Phrases(lesson.language).kind(level)


def kind_label(kind: str) -> str:
    """A printed kind's name in the current language."""
    labels = {
        "guide": gettext("Teacher guide"),
        "before-reading": gettext("Before you read"),
        "lateral-reading": gettext("Lateral reading"),
        "discussion": gettext("Discussion cards"),
        "annotation": gettext("Annotation"),
        "exit-ticket": gettext("Exit ticket"),
        "worksheet": gettext("Worksheet"),
        "key": gettext("Answer key"),
        "class-set": gettext("Class set"),
    }
    return labels.get(kind, kind)


def render_module(
    lesson: Lesson,
    kind: str,
    *,
    options: pdf.PrintOptions | None = None,
    lesson_dir: str | Path | None = None,
    bank=None,
) -> bytes:
    """PDF of one teaching-module kind."""
    html = module_html(lesson, kind, options=options, bank=bank, lesson_dir=lesson_dir)
    return pdf.render_html(html, lesson_id=lesson.id, lesson_dir=lesson_dir)
