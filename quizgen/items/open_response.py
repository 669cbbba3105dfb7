"""Open response: a written answer a teacher marks with a rubric."""

from __future__ import annotations

from html import escape
from typing import Literal

from pydantic import Field, model_validator

from ..fields import Strict, Text
from ..labels import N_, gettext
from .base import NOTHING_SHOWN, PrintedKey, QuestionBase, QuestionType, inline, register
from .exporting import EssayView
from .inputs import QuizInput, field_name, label, typed_text

OPEN_RESPONSE_MAX = 5000


class RubricLevel(Strict):
    """One level of an open-response rubric."""

    points: int = Field(ge=0, le=20)
    description: Text


class OpenResponse(QuestionBase):
    """A written answer marked by the teacher with a rubric."""

    type: Literal["open_response"]
    rubric: list[RubricLevel] = Field(min_length=1)
    sample_answer: Text | None = None

    @model_validator(mode="after")
    def _rubric_reaches_points(self) -> OpenResponse:
        top = max(level.points for level in self.rubric)
        if top != self.points:
            raise ValueError(f"the rubric's top level gives {top} points but the question is worth {self.points}")
        return self


def _levels(item: OpenResponse) -> list[RubricLevel]:
    return sorted(item.rubric, key=lambda level: -level.points)


@register
class OpenResponseType(QuestionType):
    """The response is the written text; grading leaves it pending until a teacher marks it."""

    name = "open_response"
    model = OpenResponse
    label = N_("Written response")
    print_instruction = N_("Write your answer in full sentences.")
    print_fragment = "print/items/open_response.html"
    marked_by_teacher = True

    def fraction(self, item, response):
        """``None``: the teacher marks it."""
        return None

    def key(self, item):
        """The sample answer (may be ``None``)."""
        return item.sample_answer

    def key_lines(self, item):
        """The rubric, best level first."""
        return [
            gettext("%(points)s pt: %(description)s", points=level.points, description=level.description)
            for level in _levels(item)
        ]

    def answer_lines(self, item, response):
        """The written text."""
        return [str(response)]

    def present(self, item, rng):
        """Nothing to shuffle."""
        return NOTHING_SHOWN

    def offered(self, item):
        """Nothing: the answer is written."""
        return ()

    def giveaways(self, item):
        """None: marked by the teacher."""
        return ()

    def lints(self, item, report, true_statements):
        """None beyond the shared ones (the model checks the rubric)."""

    def text_lines(self, entry):
        """Nothing: students write."""
        return []

    def web_instruction(self, entry):
        """Write."""
        return gettext("Write your answer.")

    def inputs(self, entry):
        """One text area."""
        return [
            QuizInput(
                field_name(entry.number), entry.number, "textarea", gettext("Your answer"), max_length=OPEN_RESPONSE_MAX
            )
        ]

    def response(self, entry, values):
        """The written text, trimmed."""
        return typed_text(values[0]) or None, None

    def widget_html(self, entry, inputs, values):
        """A text area with a hint that the teacher marks it."""
        quiz_input = inputs[0]
        value = (values.get(quiz_input.name) or [""])[0]
        guide = f"{quiz_input.name}-guide"
        # The newline after <textarea> is dropped by HTML parsers, so a value's own first newline survives.
        area = (
            f'<textarea class="text-area" id="{quiz_input.name}" name="{quiz_input.name}" rows="6" '
            f'maxlength="{quiz_input.max_length}" placeholder=" " aria-describedby="{guide}">\n{escape(value)}</textarea>'
        )
        hint_text = gettext("Write a few sentences. Your teacher marks this answer later.")
        hint = f'<p class="hint" id="{guide}">{escape(hint_text)}</p>'
        return f'<div class="field">{label(quiz_input, "field-label")}{hint}{area}</div>'

    def print_view(self, entry):
        """Nothing beyond the stem."""
        return {}

    def write_on_lines(self, item):
        """Two lines per point on top of four, at most fourteen."""
        return min(4 + 2 * item.points, 14)

    def short_key(self, entry):
        """A pointer to the rubric."""
        return gettext("rubric, %(points)s pt", points=entry.item.points)

    def print_key(self, entry, *, in_words):
        """The rubric and the sample answer instead of key lines."""
        item = entry.item
        return PrintedKey(
            (),
            tuple((level.points, inline(level.description)) for level in _levels(item)),
            inline(item.sample_answer) if item.sample_answer else None,
        )

    def export_view(self, entry):
        """The rubric, best level first, and the sample answer."""
        item = entry.item
        return EssayView(tuple((level.points, level.description) for level in _levels(item)), item.sample_answer)

    def analysis_options(self, item):
        """None: answers are written."""
        return ()

    def chosen_options(self, item, response):
        """None: answers are written."""
        return []
