"""HTML for the questions of the quiz page, built from each question's :class:`~quizgen.items.inputs.QuizInput` list.

These are widgets in the WTForms sense: ``quiz.html`` lays out the page and
calls :func:`question_fieldset` for each question; the inputs inside are
drawn by the question's type (:meth:`~quizgen.items.QuestionType.widget_html`,
from the helpers in :mod:`quizgen.items.inputs`).  They are plain functions
rather than template macros because the quiz page draws a few hundred
inputs and is the app's hot path: this is about ten times faster than the
same markup through Jinja.  Every text is escaped (``html.escape``); input values are the
position codes of forms.py, never the key.

Each question is a ``fieldset`` whose ``legend`` is the question; every
input has a ``label``; instructions and errors are tied to the fieldset
with ``aria-describedby``.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from ..items import question_type
from ..items.inputs import Values, choices, label, select, text_box  # noqa: F401 - re-exported
from ..labels import gettext, points_text
from .forms import QuestionFields


def question_fieldsets(
    questions: tuple[QuestionFields, ...],
    *,
    lesson_url: str,
    paragraph_numbers: dict[str, int],
    language: str,
    values: Values,
    errors: dict[int, list[str]],
    paragraph_texts: dict[int, str] | None = None,
) -> Markup:
    """Every question of the page, in order; ``paragraph_texts`` (HTML by paragraph number) opens each cited paragraph in the page."""
    return Markup(
        "".join(
            question_fieldset(
                question,
                lesson_url=lesson_url,
                paragraph=paragraph_numbers[question.entry.item.paragraph],
                language=language,
                values=values,
                errors=errors.get(question.entry.number, ()),
                paragraph_html=(paragraph_texts or {}).get(paragraph_numbers[question.entry.item.paragraph]),
            )
            for question in questions
        )
    )


def question_fieldset(
    question: QuestionFields,
    *,
    lesson_url: str,
    paragraph: int,
    language: str,
    values: Values,
    errors: list[str] | tuple[str, ...] = (),
    paragraph_html: str | None = None,
) -> str:
    """One question: legend, instructions, points, a "re-read paragraph N" link, errors, and the inputs.

    With ``paragraph_html`` the cited paragraph also opens in the page, in a disclosure under the question.
    """
    entry = question.entry
    item, number = entry.item, entry.number
    instruction = question_type(item).web_instruction(entry)
    points = points_text(item.points)
    error_prefix, question_label = gettext("Error: "), gettext("Question %(number)s", number=number)
    reread, new_tab = gettext("Re-read paragraph %(number)s", number=paragraph), gettext("(opens in a new tab)")
    described_by = f"q{number}-hint" + (f" q{number}-error" if errors else "")
    error = (
        f'<p class="field-error" id="q{number}-error"><span class="visually-hidden">{escape(error_prefix)}</span>'
        f"{escape(' '.join(errors))}</p>"
        if errors
        else ""
    )
    language = escape(language)
    in_page = (
        f'<details class="reread-here"><summary>{escape(gettext("Show paragraph %(number)s here", number=paragraph))}'
        f'</summary><div class="reread-text" lang="{language}">{paragraph_html}</div></details>'
        if paragraph_html is not None
        else ""
    )
    return (
        f'<fieldset class="question{" has-error" if errors else ""}" id="question-{number}" '
        f'aria-describedby="{described_by}">'
        f'<legend class="question-legend"><span class="question-number">{escape(question_label)}</span> '
        f'<span class="question-stem" lang="{language}">{escape(item.stem)}</span></legend>'
        f'<p class="question-meta"><span id="q{number}-hint">{escape(instruction)}</span> '
        f'<span class="question-points">{points}</span> '
        f'<a class="reread" href="{escape(lesson_url)}#p{paragraph}" target="_blank" rel="noopener">'
        f'{escape(reread)}<span class="visually-hidden"> {escape(new_tab)}</span></a></p>'
        f'{in_page}{error}<div class="question-body" lang="{language}">{question_inputs(question, values)}</div>'
        "</fieldset>\n"
    )


def question_inputs(question: QuestionFields, values: Values) -> str:
    """The inputs of ``question``; ``values`` holds what a re-shown page had in each input."""
    entry = question.entry
    return question_type(entry.item).widget_html(entry, question.inputs, values)
