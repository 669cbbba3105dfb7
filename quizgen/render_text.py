"""Plain-text rendering of a built quiz, for ``quizgen preview``."""

from __future__ import annotations

from .feedback import feedback_for
from .items import question_type
from .items.base import wrap
from .labels import gettext, skill_label, use_language
from .model import Lesson
from .quiz import Quiz, QuizItem


def preview_text(lesson: Lesson, quiz: Quiz, *, trace: bool = False) -> str:
    """The quiz as a student would see it, each item followed by its key, explanation and evidence.

    Labels are in the lesson's language, like the quiz page's.
    """
    with use_language(lesson.language):
        lines = [
            gettext(
                "%(title)s \u2014 variant %(variant)s (seed %(seed)s)",
                title=lesson.title,
                variant=quiz.variant_code,
                seed=quiz.seed,
            ),
            gettext("%(items)s items, %(points)s points", items=len(quiz.items), points=quiz.max_points),
            "",
        ]
        for entry in quiz.items:
            lines += _item_lines(lesson, entry, trace)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _item_lines(lesson: Lesson, entry: QuizItem, trace: bool) -> list[str]:
    item = entry.item
    kind = question_type(item)
    tags = [gettext(kind.label), item.topic, gettext("%(points)s pt", points=item.points)]
    if item.skill:
        tags.append(skill_label(item.skill))
    lines = [f"{entry.number}. [{item.id}] ({', '.join(tags)})"]
    lines += wrap(item.stem)
    lines += kind.text_lines(entry)
    lines += wrap(gettext("Key: %(key)s", key="; ".join(kind.key_lines(item))), "   ")
    lines += wrap(feedback_for(lesson, item).as_text())
    if trace and item.trace:
        lines += wrap(
            gettext("trace: rule %(rule)s from %(facts)s", rule=item.trace.rule, facts=", ".join(item.trace.facts))
        )
    elif trace:
        lines += wrap(gettext("trace: hand-written"))
    return lines
