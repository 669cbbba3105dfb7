"""Multiple select: tick every right option; partial credit."""

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


class MultipleSelect(QuestionBase):
    """Pick every correct option; partial credit."""

    type: Literal["multiple_select"]
    options: list[ShortText] = Field(min_length=2, max_length=10)
    answers: list[ShortText] = Field(min_length=1)


@register
class MultipleSelectType(QuestionType):
    """The response is the list of ticked options' texts."""

    name = "multiple_select"
    model = MultipleSelect
    label = N_("Choose all that apply")
    print_instruction = N_("Tick every correct answer.")
    print_fragment = "print/items/multiple_select.html"

    def fraction(self, item, response):
        """Right ticks minus wrong ticks, as a share of the keys."""
        if not isinstance(response, list):
            return 0.0
        chosen = {normalize_answer(r) for r in response if isinstance(r, str)}
        keys = {normalize_answer(a) for a in item.answers}
        # Each wrong pick cancels a right one, so ticking everything earns nothing.
        return (len(chosen & keys) - len(chosen - keys)) / len(keys)

    def key(self, item):
        """The right options' texts."""
        return list(item.answers)

    def key_lines(self, item):
        """One line per right option."""
        return list(item.answers)

    def answer_lines(self, item, response):
        """One line per ticked option."""
        return [str(text) for text in response]

    def present(self, item, rng):
        """The options, shuffled."""
        return shuffled(item.options, rng), ()

    def offered(self, item):
        """The options."""
        return tuple(item.options)

    def giveaways(self, item):
        """The keys."""
        return tuple(item.answers)

    def lints(self, item, report, true_statements):
        """The option lints."""
        lint_options(item, report, true_statements, list(item.answers), "answers")

    def text_lines(self, entry):
        """The options with letters."""
        return choice_lines(entry.choices)

    def web_instruction(self, entry):
        """Choose every right one."""
        return gettext("Choose every answer that fits.")

    def inputs(self, entry):
        """One group of checkboxes."""
        return [QuizInput(field_name(entry.number), entry.number, "checkbox", entry.item.stem, coded(entry.choices))]

    def response(self, entry, values):
        """The options whose codes were sent."""
        chosen = [by_code(entry.choices, code) for code in values[0] or []]
        return [text for text in chosen if text is not None] or None, None

    def widget_html(self, entry, inputs, values):
        """Checkboxes."""
        return choices(inputs[0], values)

    def print_view(self, entry):
        """The options with letters."""
        return {"choices": lettered(entry.choices)}

    def write_on_lines(self, item):
        """None: students tick boxes."""
        return 0

    def short_key(self, entry):
        """The keys' letters."""
        return ", ".join(LETTERS[index] for index, text in enumerate(entry.choices) if text in entry.item.answers)

    def print_key(self, entry, *, in_words):
        """Each key's letter and text."""
        if in_words:
            return key_in_words(self, entry.item)
        return PrintedKey(
            tuple(
                Markup("{} \u2014 ").format(LETTERS[index]) + inline(text)
                for index, text in enumerate(entry.choices)
                if text in entry.item.answers
            )
        )

    def export_view(self, entry):
        """The options as shown, every key marked."""
        return ChoiceView(entry.choices, tuple(text in entry.item.answers for text in entry.choices), multiple=True)

    def analysis_options(self, item):
        """Every option."""
        return tuple(item.options)

    def chosen_options(self, item, response):
        """The ticked options."""
        return [text for text in response if isinstance(text, str)] if isinstance(response, list) else []
