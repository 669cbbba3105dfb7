"""Moodle XML: every type as Moodle's own question types, in categories per lesson, variant and topic.

Single and multiple choice are ``multichoice`` (fractions: each right option
a share of 100, each wrong one minus that share, as quizgen grades),
``truefalse``, ``shortanswer`` (every accepted answer at 100 %), ``matching``,
cloze as ``multianswer`` (embedded SHORTANSWER, or MULTICHOICE with a word
bank), ordering as ``matching`` to positions (works without the ordering
plugin), open response as ``essay`` with the rubric in the grader
information.  The passage is a ``description`` question at the top of each
category.  Texts are escaped HTML; tags carry topic, skill, objective and
standards.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape

from ..items.exporting import BlanksView, ChoiceView, EssayView, PairsView, TrueFalseView, TypedView
from ..labels import gettext
from ..model import Lesson
from ..quiz import QuizItem
from .common import (
    ExportSet,
    attribution,
    clean,
    general_feedback,
    item_name,
    one_line,
    option_feedback,
    passage_html,
    rubric_text,
    skipped,
    tags,
    view_of,
)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name: clean(value) for name, value in attributes.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _html(text: str) -> str:
    return escape(clean(text), quote=False).replace("\n", "<br>")


def _text(parent: ET.Element, tag: str, html: str, **attributes: str) -> ET.Element:
    element = _el(parent, tag, format="html", **attributes)
    _el(element, "text", html)
    return element


def fraction(share: float) -> str:
    """A grade as Moodle writes it: 100, 50, 33.33333, -25."""
    return f"{share:.5f}".rstrip("0").rstrip(".")


def category_path(*parts: str) -> str:
    """A question category under the course's top one; a slash in a name would start a subcategory."""
    return "/".join(["$course$", "top", *(one_line(part).replace("/", "-") for part in parts)])


def _category(quiz: ET.Element, path: str) -> None:
    question = _el(quiz, "question", type="category")
    _el(_el(question, "category"), "text", path)


def _no_braces(html: str) -> str:
    # A brace in the lesson's own text must not open an embedded question.
    return html.replace("{", "&#123;").replace("}", "&#125;")


def _cloze_answer(text: str) -> str:
    # Moodle's embedded answers escape these with a backslash.
    return re.sub(r'([\\}#~/"{])', r"\\\1", one_line(text))


def _question(
    quiz: ET.Element,
    kind: str,
    name: str,
    html: str,
    feedback: str,
    points: int,
    lesson: Lesson,
    entry: QuizItem | None,
) -> ET.Element:
    question = _el(quiz, "question", type=kind)
    _el(_el(question, "name"), "text", name)
    _text(question, "questiontext", html)
    _text(question, "generalfeedback", feedback)
    _el(question, "defaultgrade", str(points))
    _el(question, "penalty", "0")
    _el(question, "hidden", "0")
    if entry is not None:
        _el(question, "idnumber", entry.item.id)
    return question


def _tags(question: ET.Element, lesson: Lesson, entry: QuizItem) -> None:
    holder = _el(question, "tags")
    for tag in tags(lesson, entry.item):
        _el(_el(holder, "tag"), "text", tag)


def _item(quiz: ET.Element, export: ExportSet, entry: QuizItem) -> None:
    view = view_of(entry)
    if view is None:
        skipped(export, entry, "Moodle", gettext("has no way to show this type"))
        return
    lesson, item = export.lesson, entry.item
    stem = _html(item.stem)
    feedback = _html(general_feedback(lesson, item))
    name = item_name(entry)

    if isinstance(view, ChoiceView):
        question = _question(quiz, "multichoice", name, stem, feedback, item.points, lesson, entry)
        _el(question, "single", "false" if view.multiple else "true")
        _el(question, "shuffleanswers", "true")
        _el(question, "answernumbering", "abc")
        share = 100 / sum(view.correct)
        for option, right in zip(view.options, view.correct, strict=True):
            grade = share if right else (-share if view.multiple else 0)
            answer = _text(question, "answer", _html(option), fraction=fraction(grade))
            _text(answer, "feedback", _html(option_feedback(lesson, item, option, right)))
    elif isinstance(view, TrueFalseView):
        question = _question(quiz, "truefalse", name, stem, feedback, item.points, lesson, entry)
        for value in (True, False):
            answer = _el(
                question, "answer", fraction="100" if value == view.answer else "0", format="moodle_auto_format"
            )
            _el(answer, "text", "true" if value else "false")
            _text(answer, "feedback", "")
    elif isinstance(view, TypedView):
        question = _question(quiz, "shortanswer", name, stem, feedback, item.points, lesson, entry)
        _el(question, "usecase", "0")
        for text in view.accepted:
            answer = _el(question, "answer", fraction="100", format="moodle_auto_format")
            _el(answer, "text", one_line(text))
            _text(answer, "feedback", "")
        if view.pattern:
            export.note(
                gettext("%(id)s: the pattern of accepted answers is not exported; the listed answers are.", id=item.id)
            )
    elif isinstance(view, PairsView):
        question = _question(quiz, "matching", name, stem, feedback, item.points, lesson, entry)
        _el(question, "shuffleanswers", "true")
        for left, match in view.pairs:
            sub = _text(question, "subquestion", _html(left))
            _el(_el(sub, "answer"), "text", one_line(match))
        for extra in view.extra_rights:
            sub = _text(question, "subquestion", "")
            _el(_el(sub, "answer"), "text", one_line(extra))
    elif isinstance(view, BlanksView):
        parts = []
        # Each blank's weight is its share of the points; Moodle's grade is the sum of the weights.
        weight = item.points // len(view.blanks) if item.points % len(view.blanks) == 0 else 1
        for number, segment in enumerate(view.segments):
            parts.append(_no_braces(_html(segment)))
            if number < len(view.blanks):
                answers = view.blanks[number]
                if view.word_bank:
                    choices = "~".join(
                        ("=" if view.fits(number, word) else "") + _cloze_answer(word) for word in view.word_bank
                    )
                    parts.append(f"{{{weight}:MULTICHOICE:{choices}}}")
                else:
                    parts.append(f"{{{weight}:SHORTANSWER:" + "~".join("=" + _cloze_answer(a) for a in answers) + "}")
        text = _no_braces(stem) + "<br>" + "".join(parts)
        question = _question(quiz, "cloze", name, text, feedback, item.points, lesson, entry)
        if item.points % len(view.blanks):
            export.note(
                gettext(
                    "%(id)s: Moodle gives a cloze question one mark per blank (%(blanks)s), not its %(points)s points; "
                    "scale it in the quiz.",
                    id=item.id,
                    blanks=len(view.blanks),
                    points=item.points,
                )
            )
    elif isinstance(view, EssayView):
        question = _question(quiz, "essay", name, stem, feedback, item.points, lesson, entry)
        _el(question, "responseformat", "editor")
        _el(question, "responserequired", "1")
        _el(question, "responsefieldlines", "15")
        _el(question, "attachments", "0")
        _el(question, "attachmentsrequired", "0")
        rubric = [gettext("Rubric:"), *rubric_text(view.rubric, view.sample_answer)]
        _text(question, "graderinfo", "<br>".join(_html(line) for line in rubric))
        _text(question, "responsetemplate", "")
    else:  # pragma: no cover - every shape is handled above
        raise TypeError(view)
    _tags(question, lesson, entry)


def write(export: ExportSet) -> bytes:
    """The Moodle XML file: per section, the passage then the items by topic, each topic its own category."""
    lesson = export.lesson
    quiz = ET.Element("quiz")
    several = len(export.sections) > 1 or export.sections[0].code != "bank"
    for section in export.sections:
        base = [lesson.title, section.title] if several else [lesson.title]
        _category(quiz, category_path(*base))
        _question(quiz, "description", gettext("Reading passage"), passage_html(lesson), "", 0, lesson, None)
        topics = list(dict.fromkeys(entry.item.topic for entry in section.entries))
        for topic in topics:
            _category(quiz, category_path(*base, topic))
            for entry in section.entries:
                if entry.item.topic == topic:
                    _item(quiz, export, entry)
    # An XML comment cannot hold "--": the notes are lesson text, so defuse it.
    comment = clean(" ".join([*attribution(lesson), *export.notes]))
    comment = re.sub("-(?=-)", "- ", comment)
    body = ET.tostring(quiz, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {comment} -->\n{body}\n'.encode()
