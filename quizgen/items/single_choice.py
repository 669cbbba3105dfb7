"""Single choice: pick the one right option."""

from typing import Literal

from markupsafe import Markup
from pydantic import Field

from ..fields import ShortText
from ..labels import N_, gettext
from ..text import normalize_answer
from .base import (
    LETTERS,
    PrintedKey,
    QuestionBase,
    QuestionType,
    choice_lines,
    inline,
    key_in_words,
    lettered,
    register,
    shuffled,
)
from .exporting import ChoiceView
from .inputs import QuizInput, by_code, choices, coded, field_name
from .options import lint_options


class SingleChoice(QuestionBase):
    """Pick one option."""

    type: Literal["single_choice"]
    options: list[ShortText] = Field(min_length=2, max_length=8)
    answer: ShortText


@register
class SingleChoiceType(QuestionType):
    """The response is the chosen option's text."""

    name = "single_choice"
    model = SingleChoice
    label = N_("Choose one")
    print_instruction = N_("Circle one letter.")
    print_fragment = "print/items/single_choice.html"

    def fraction(self, item, response):
        """1 for the key, 0 otherwise."""
        return float(isinstance(response, str) and normalize_answer(response) == normalize_answer(item.answer))

    def key(self, item):
        """The right option's text."""
        return item.answer

    def key_lines(self, item):
        """The right option."""
        return [item.answer]

    def answer_lines(self, item, response):
        """The chosen option."""
        return [str(response)]

    def present(self, item, rng):
        """The options, shuffled."""
        return shuffled(item.options, rng), ()

    def offered(self, item):
        """The options."""
        return tuple(item.options)

    def giveaways(self, item):
        """The key."""
        return (item.answer,)

    def lints(self, item, report, true_statements):
        """The option lints, and at least three options."""
        lint_options(item, report, true_statements, [item.answer], "answer")
        if len(item.options) < 3:
            report(
                f"only {len(item.options)} options: guessing is too easy",
                "options",
                hint="add a plausible distractor, or use a true_false question",
                code="few-options",
            )

    def text_lines(self, entry):
        """The options with letters."""
        return choice_lines(entry.choices)

    def web_instruction(self, entry):
        """Choose one."""
        return gettext("Choose one answer.")

    def inputs(self, entry):
        """One group of radio buttons."""
        return [QuizInput(field_name(entry.number), entry.number, "radio", entry.item.stem, coded(entry.choices))]

    def response(self, entry, values):
        """The option whose code was sent."""
        return by_code(entry.choices, values[0]), None

    def widget_html(self, entry, inputs, values):
        """Radio buttons."""
        return choices(inputs[0], values)

    def print_view(self, entry):
        """The options with letters."""
        return {"choices": lettered(entry.choices)}

    def write_on_lines(self, item):
        """None: students circle a letter."""
        return 0

    def short_key(self, entry):
        """The key's letter."""
        return LETTERS[entry.choices.index(entry.item.answer)]

    def print_key(self, entry, *, in_words):
        """The key's letter and text."""
        if in_words:
            return key_in_words(self, entry.item)
        return PrintedKey(
            tuple(
                Markup("{} \u2014 ").format(LETTERS[index]) + inline(text)
                for index, text in enumerate(entry.choices)
                if text == entry.item.answer
            )
        )

    def export_view(self, entry):
        """The options as shown, the key marked."""
        return ChoiceView(entry.choices, tuple(text == entry.item.answer for text in entry.choices), multiple=False)

    def analysis_options(self, item):
        """Every option."""
        return tuple(item.options)

    def chosen_options(self, item, response):
        """The chosen option."""
        return [response] if isinstance(response, str) else []
