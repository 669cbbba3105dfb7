"""The lesson library as the web app sees it."""

from __future__ import annotations

from flask import Flask, abort, current_app
from flask_babel import gettext as _
from markupsafe import Markup

from ..library import LessonEntry, LessonLibrary
from ..markup import render_inline, render_markdown

EXTENSION_KEY = "quizgen.library"


def init_app(app: Flask) -> None:
    """Open the lessons folder and add the Markdown template filters."""
    app.extensions[EXTENSION_KEY] = LessonLibrary(app.config["LESSONS_DIR"])
    app.add_template_filter(markdown_block, "markdown")
    app.add_template_filter(markdown_inline, "markdown_inline")


def library() -> LessonLibrary:
    """The current app's lessons."""
    return current_app.extensions[EXTENSION_KEY]


def lesson_or_404(lesson_id: str) -> LessonEntry:
    """The lesson with this id, or a 404 page."""
    entry = library().get(lesson_id)
    if entry is None:
        abort(404, _("There is no lesson with this address. Pick a lesson from the list of lessons."))
    return entry


def question_count(entry: LessonEntry) -> int:
    """How many questions a quiz on this lesson has: the lesson's quiz length, or its whole item bank."""
    bank = len(entry.bank)
    return min(entry.lesson.quiz_length, bank) if entry.lesson.quiz_length else bank


def markdown_block(text: str) -> Markup:
    """Lesson Markdown as sanitised HTML."""
    return Markup(render_markdown(text))


def markdown_inline(text: str) -> Markup:
    """One line of lesson Markdown as sanitised HTML, without a paragraph around it."""
    return Markup(render_inline(text))
