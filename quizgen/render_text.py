"""Plain-text rendering of a built quiz, for ``quizgen preview``."""

from __future__ import annotations

import textwrap

from .feedback import feedback_for, key_lines
from .model import SKILL_LABELS, Lesson
from .quiz import Quiz, QuizItem
from .text import cloze_segments

TYPE_LABELS = {
    "single_choice": "Choose one", "multiple_select": "Choose all that apply", "true_false": "True or false",
    "short_answer": "Short answer", "ordering": "Put in order", "matching": "Match", "cloze": "Fill in the blanks",
    "open_response": "Written response",
}


def preview_text(lesson: Lesson, quiz: Quiz, *, trace: bool = False) -> str:
    """The quiz as a student would see it, each item followed by its key, explanation and evidence."""
    lines = [f"{lesson.title} \u2014 variant {quiz.variant_code} (seed {quiz.seed})",
             f"{len(quiz.items)} items, {quiz.max_points} points", ""]
    for entry in quiz.items:
        lines += _item_lines(lesson, entry, trace)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _wrap(text: str, indent: str = "   ") -> list[str]:
    return textwrap.wrap(text, width=96, initial_indent=indent, subsequent_indent=indent) or [indent]


def _item_lines(lesson: Lesson, entry: QuizItem, trace: bool) -> list[str]:
    item = entry.item
    tags = [TYPE_LABELS[item.type], item.topic, f"{item.points} pt"]
    if item.skill:
        tags.append(SKILL_LABELS[item.skill])
    lines = [f"{entry.number}. [{item.id}] ({', '.join(tags)})"]
    lines += _wrap(item.stem)
    if item.type == "cloze":
        segments = cloze_segments(item.text)
        lines += _wrap("".join(seg + (f"__({n})__" if n < len(segments) else "") for n, seg in enumerate(segments, start=1)))
        if entry.choices:
            lines += _wrap("Word bank: " + ", ".join(entry.choices))
    elif item.type == "matching":
        letters = "abcdefghijklmnop"
        lines += [f"   {n}. {left}" for n, left in enumerate(entry.choices, start=1)]
        lines += [f"      {letters[i]}) {right}" for i, right in enumerate(entry.rights)]
    else:
        lines += [f"   {chr(65 + i)}) {choice}" for i, choice in enumerate(entry.choices)]
    lines += _wrap("Key: " + "; ".join(key_lines(item)), "   ")
    lines += _wrap(feedback_for(lesson, item).as_text())
    if trace and item.trace:
        lines += _wrap(f"trace: rule {item.trace.rule} from {', '.join(item.trace.facts)}")
    elif trace:
        lines += _wrap("trace: hand-written")
    return lines
