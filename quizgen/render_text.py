"""Plain-text rendering of a built quiz, for ``quizgen preview``."""

from __future__ import annotations

from .feedback import feedback_for
from .items import question_type
from .items.base import wrap
from .model import SKILL_LABELS, Lesson
from .quiz import Quiz, QuizItem


def preview_text(lesson: Lesson, quiz: Quiz, *, trace: bool = False) -> str:
    """The quiz as a student would see it, each item followed by its key, explanation and evidence."""
    lines = [f"{lesson.title} \u2014 variant {quiz.variant_code} (seed {quiz.seed})",
             f"{len(quiz.items)} items, {quiz.max_points} points", ""]
    for entry in quiz.items:
        lines += _item_lines(lesson, entry, trace)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _item_lines(lesson: Lesson, entry: QuizItem, trace: bool) -> list[str]:
    item = entry.item
    kind = question_type(item)
    tags = [kind.label, item.topic, f"{item.points} pt"]
    if item.skill:
        tags.append(SKILL_LABELS[item.skill])
    lines = [f"{entry.number}. [{item.id}] ({', '.join(tags)})"]
    lines += wrap(item.stem)
    lines += kind.text_lines(entry)
    lines += wrap("Key: " + "; ".join(kind.key_lines(item)), "   ")
    lines += wrap(feedback_for(lesson, item).as_text())
    if trace and item.trace:
        lines += wrap(f"trace: rule {item.trace.rule} from {', '.join(item.trace.facts)}")
    elif trace:
        lines += wrap("trace: hand-written")
    return lines
