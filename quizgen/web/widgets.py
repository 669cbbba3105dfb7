"""HTML for the questions of the quiz page, built from each question's :class:`~quizgen.web.forms.QuizInput` list.

These are widgets in the WTForms sense: ``quiz.html`` lays out the page and
calls :func:`question_fieldset` for each question.  They are plain functions
rather than template macros because the quiz page draws a few hundred
inputs and is the app's hot path: this is about ten times faster than the
same markup through Jinja.  Every text is escaped here (``html.escape``); input values are the
position codes of forms.py, never the key.

Each question is a ``fieldset`` whose ``legend`` is the question; every
input has a ``label``; instructions and errors are tied to the fieldset
with ``aria-describedby``.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from ..text import cloze_segments
from .forms import INSTRUCTIONS, QuestionFields, QuizInput

Values = dict[str, list[str]]


def question_fieldsets(questions: tuple[QuestionFields, ...], *, lesson_url: str, paragraph_numbers: dict[str, int],
                       language: str, values: Values, errors: dict[int, list[str]]) -> Markup:
    """Every question of the page, in order."""
    return Markup("".join(
        question_fieldset(question, lesson_url=lesson_url, paragraph=paragraph_numbers[question.entry.item.paragraph],
                          language=language, values=values, errors=errors.get(question.entry.number, ()))
        for question in questions))


def question_fieldset(question: QuestionFields, *, lesson_url: str, paragraph: int, language: str,
                      values: Values, errors: list[str] | tuple[str, ...] = ()) -> str:
    """One question: legend, instructions, points, a "re-read paragraph N" link, errors, and the inputs."""
    entry = question.entry
    item, number = entry.item, entry.number
    instruction = INSTRUCTIONS["cloze_word_bank" if item.type == "cloze" and entry.choices else item.type]
    points = f"{item.points} point" if item.points == 1 else f"{item.points} points"
    described_by = f"q{number}-hint" + (f" q{number}-error" if errors else "")
    error = (f'<p class="field-error" id="q{number}-error"><span class="visually-hidden">Error: </span>'
             f'{escape(" ".join(errors))}</p>' if errors else "")
    language = escape(language)
    return (
        f'<fieldset class="question{" has-error" if errors else ""}" id="question-{number}" '
        f'aria-describedby="{described_by}">'
        f'<legend class="question-legend"><span class="question-number">Question {number}</span> '
        f'<span class="question-stem" lang="{language}">{escape(item.stem)}</span></legend>'
        f'<p class="question-meta"><span id="q{number}-hint">{instruction}</span> '
        f'<span class="question-points">{points}</span> '
        f'<a class="reread" href="{escape(lesson_url)}#p{paragraph}" target="_blank" rel="noopener">'
        f'Re-read paragraph {paragraph}<span class="visually-hidden"> (opens in a new tab)</span></a></p>'
        f'{error}<div class="question-body" lang="{language}">{question_inputs(question, values)}</div></fieldset>\n')


def question_inputs(question: QuestionFields, values: Values) -> str:
    """The inputs of ``question``; ``values`` holds what a re-shown page had in each input."""
    entry = question.entry
    match entry.item.type:
        case "single_choice" | "true_false" | "multiple_select":
            html = choices(question.inputs[0], values)
        case "short_answer":
            html = _field(question.inputs[0], text_box(question.inputs[0], values, "text-input"))
        case "open_response":
            html = open_response(question.inputs[0], values)
        case "matching":
            rows = "".join(f'<div class="match-row">{label(quiz_input, "match-left")}'
                           f'{select(quiz_input, values, "select")}</div>' for quiz_input in question.inputs)
            html = f'<div class="match-rows">{rows}</div>'
        case "ordering":
            rows = "".join(f'<li class="order-row">{select(quiz_input, values, "select select-position")}'
                           f'{label(quiz_input, "order-label", hidden_prefix="Position of: ")}</li>'
                           for quiz_input in question.inputs)
            html = f'<ul class="order-rows">{rows}</ul>'
        case "cloze":
            html = cloze(question, values)
        case other:
            raise ValueError(f"no inputs for item type {other!r}")
    return html


def label(quiz_input: QuizInput, css_class: str, hidden_prefix: str = "") -> str:
    """A visible label for the input (``hidden_prefix`` is read by screen readers only)."""
    prefix = f'<span class="visually-hidden">{escape(hidden_prefix)}</span>' if hidden_prefix else ""
    return f'<label class="{css_class}" for="{quiz_input.name}">{prefix}{escape(quiz_input.label)}</label>'


def choices(quiz_input: QuizInput, values: Values) -> str:
    """Radio buttons or checkboxes, one labelled row per choice."""
    chosen = values.get(quiz_input.name, ())
    rows = []
    for index, (value, text) in enumerate(quiz_input.choices):
        input_id = f"{quiz_input.name}-{index}"
        checked = " checked" if value in chosen else ""
        rows.append(f'<div class="choice"><input class="choice-input" id="{input_id}" name="{quiz_input.name}" '
                    f'type="{quiz_input.kind}" value="{escape(value)}"{checked}> '
                    f'<label class="choice-label" for="{input_id}">{escape(text)}</label></div>')
    return f'<div class="choices choices-{quiz_input.kind}">{"".join(rows)}</div>'


def select(quiz_input: QuizInput, values: Values, css_class: str) -> str:
    """A drop-down list; the first choice is the empty one."""
    chosen = values.get(quiz_input.name, ())
    options = "".join(f'<option value="{escape(value)}"{" selected" if value in chosen else ""}>{escape(text)}</option>'
                      for value, text in quiz_input.choices)
    return f'<select class="{css_class}" id="{quiz_input.name}" name="{quiz_input.name}">{options}</select>'


def text_box(quiz_input: QuizInput, values: Values, css_class: str, size: int | None = None) -> str:
    """A one-line text box.  The blank placeholder lets the stylesheet count answered boxes."""
    value = (values.get(quiz_input.name) or [""])[0]
    size_attribute = f' size="{size}"' if size else ""
    return (f'<input class="{css_class}" id="{quiz_input.name}" name="{quiz_input.name}" type="text" '
            f'value="{escape(value)}" maxlength="{quiz_input.max_length}"{size_attribute} autocomplete="off" '
            f'spellcheck="false" placeholder=" ">')


def open_response(quiz_input: QuizInput, values: Values) -> str:
    """A text area with a hint that the teacher marks it."""
    value = (values.get(quiz_input.name) or [""])[0]
    guide = f"{quiz_input.name}-guide"
    # The newline after <textarea> is dropped by HTML parsers, so a value's own first newline survives.
    area = (f'<textarea class="text-area" id="{quiz_input.name}" name="{quiz_input.name}" rows="6" '
            f'maxlength="{quiz_input.max_length}" placeholder=" " aria-describedby="{guide}">\n{escape(value)}</textarea>')
    hint = f'<p class="hint" id="{guide}">Write a few sentences. Your teacher marks this answer later.</p>'
    return f'<div class="field">{label(quiz_input, "field-label")}{hint}{area}</div>'


def cloze(question: QuestionFields, values: Values) -> str:
    """The sentence with a text box (or a word-bank list) in each blank."""
    entry = question.entry
    parts = []
    if entry.choices:
        words = ", ".join(escape(word) for word in entry.choices)
        parts.append(f'<p class="word-bank"><span class="word-bank-title">Word bank:</span> {words}</p>')
    sentence = []
    for index, segment in enumerate(cloze_segments(entry.item.text)):
        sentence.append(escape(segment))
        if index < len(question.inputs):
            quiz_input = question.inputs[index]
            sentence.append(label(quiz_input, "visually-hidden"))
            sentence.append(select(quiz_input, values, "blank") if quiz_input.kind == "select"
                            else text_box(quiz_input, values, "blank blank-text", size=14))
    parts.append(f'<p class="cloze-text">{"".join(sentence)}</p>')
    return "".join(parts)


def _field(quiz_input: QuizInput, control: str) -> str:
    return f'<div class="field">{label(quiz_input, "field-label")}{control}</div>'
