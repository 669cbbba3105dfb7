"""Short answer: a typed answer compared with the accepted ones."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from ..fields import ShortText
from ..labels import N_, gettext
from ..text import normalize_answer
from .base import NOTHING_SHOWN, QuestionBase, QuestionType, key_in_words, register
from .inputs import QuizInput, field_name, labelled_field, text_box, typed_text

SHORT_ANSWER_MAX = 200
# Typed answers checked against an author's pattern are capped, so a slow pattern stays cheap.
MAX_PATTERN_INPUT = 200


class ShortAnswer(QuestionBase):
    """A typed answer, compared ignoring case, accents, punctuation at the ends and extra spaces."""

    type: Literal["short_answer"]
    accepted: list[ShortText] = Field(min_length=1)
    pattern: ShortText | None = Field(None, description="Optional regular expression that also counts as right.")


@register
class ShortAnswerType(QuestionType):
    """The response is the typed text."""

    name = "short_answer"
    model = ShortAnswer
    label = N_("Short answer")
    # Students type the answer: the item analysis lists each distinct answer with its count.
    typed_answers = True
    print_instruction = N_("Write a short answer.")
    print_fragment = "print/items/short_answer.html"

    def fraction(self, item, response):
        """1 when the text matches an accepted answer or the pattern, 0 otherwise."""
        if not isinstance(response, str):
            return 0.0
        typed = normalize_answer(response)
        if any(typed == normalize_answer(accepted) for accepted in item.accepted):
            return 1.0
        return float(
            bool(item.pattern)
            and re.fullmatch(item.pattern, response.strip()[:MAX_PATTERN_INPUT], re.IGNORECASE) is not None
        )

    def key(self, item):
        """The first accepted answer."""
        return item.accepted[0]

    def key_lines(self, item):
        """Every accepted answer, on one line."""
        return [" / ".join(item.accepted)]

    def answer_lines(self, item, response):
        """The typed text."""
        return [str(response)]

    def present(self, item, rng):
        """Nothing to shuffle."""
        return NOTHING_SHOWN

    def offered(self, item):
        """Nothing: the answer is typed."""
        return ()

    def giveaways(self, item):
        """Every accepted answer."""
        return tuple(item.accepted)

    def lints(self, item, report, true_statements):
        """The pattern must be a valid regular expression."""
        if not item.pattern:
            return
        try:
            re.compile(item.pattern)
        except re.error as exc:
            report(f"the pattern is not a valid regular expression: {exc}", "pattern", "error", code="pattern")

    def text_lines(self, entry):
        """Nothing: students type."""
        return []

    def web_instruction(self, entry):
        """Type a short answer."""
        return gettext("Type a short answer.")

    def inputs(self, entry):
        """One text box."""
        return [
            QuizInput(
                field_name(entry.number), entry.number, "text", gettext("Your answer"), max_length=SHORT_ANSWER_MAX
            )
        ]

    def response(self, entry, values):
        """The typed text, trimmed."""
        return typed_text(values[0]) or None, None

    def widget_html(self, entry, inputs, values):
        """A labelled text box."""
        return labelled_field(inputs[0], text_box(inputs[0], values, "text-input"))

    def print_view(self, entry):
        """Nothing beyond the stem."""
        return {}

    def write_on_lines(self, item):
        """Two lines."""
        return 2

    def short_key(self, entry):
        """Every accepted answer."""
        return " / ".join(entry.item.accepted)

    def print_key(self, entry, *, in_words):
        """Every accepted answer."""
        return key_in_words(self, entry.item)

    def analysis_options(self, item):
        """None: answers are typed."""
        return ()

    def chosen_options(self, item, response):
        """None: answers are typed."""
        return []
