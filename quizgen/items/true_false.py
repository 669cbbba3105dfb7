"""True or false: the stem is a statement."""

from typing import Literal

from ..labels import N_, gettext
from ..text import normalize_answer
from .base import NOTHING_SHOWN, QuestionBase, QuestionType, key_in_words, register
from .exporting import TrueFalseView
from .inputs import QuizInput, choices, field_name

CHOICES = (("true", N_("True")), ("false", N_("False")))


class TrueFalse(QuestionBase):
    """The stem is a statement; the answer is true or false."""

    type: Literal["true_false"]
    answer: bool


def _word(value: bool) -> str:
    return gettext("True") if value else gettext("False")


@register
class TrueFalseType(QuestionType):
    """The response is ``True`` or ``False``."""

    name = "true_false"
    model = TrueFalse
    label = N_("True or false")
    print_instruction = N_("Circle True or False.")
    print_fragment = "print/items/true_false.html"

    def fraction(self, item, response):
        """1 for the right truth value (a boolean, not the word), 0 otherwise."""
        return float(isinstance(response, bool) and response == item.answer)

    def key(self, item):
        """The truth value."""
        return item.answer

    def key_lines(self, item):
        """True or False."""
        return [_word(item.answer)]

    def answer_lines(self, item, response):
        """True or False."""
        return [_word(response)]

    def present(self, item, rng):
        """Nothing to shuffle."""
        return NOTHING_SHOWN

    def offered(self, item):
        """Nothing: true or false."""
        return ()

    def giveaways(self, item):
        """None: "true" or "false" appears everywhere."""
        return ()

    def lints(self, item, report, true_statements):
        """A statement keyed false must not be one the lesson states as true."""
        if item.answer is False and normalize_answer(item.stem) in true_statements:
            report(
                "the statement is keyed false but the lesson states it as true elsewhere",
                "answer",
                code="true-distractor",
            )

    def text_lines(self, entry):
        """Nothing: the statement is the stem."""
        return []

    def web_instruction(self, entry):
        """True or false?"""
        return gettext("Is this statement true or false?")

    def inputs(self, entry):
        """Two radio buttons."""
        return [
            QuizInput(
                field_name(entry.number),
                entry.number,
                "radio",
                entry.item.stem,
                tuple((value, gettext(word)) for value, word in CHOICES),
            )
        ]

    def response(self, entry, values):
        """``True``, ``False`` or ``None``."""
        return {"true": True, "false": False}.get(values[0] or ""), None

    def widget_html(self, entry, inputs, values):
        """Radio buttons."""
        return choices(inputs[0], values)

    def print_view(self, entry):
        """Nothing beyond the stem."""
        return {}

    def write_on_lines(self, item):
        """None: students circle a word."""
        return 0

    def short_key(self, entry):
        """True or False."""
        return _word(entry.item.answer)

    def print_key(self, entry, *, in_words):
        """True or False."""
        return key_in_words(self, entry.item)

    def export_view(self, entry):
        """The truth value."""
        return TrueFalseView(entry.item.answer)

    def analysis_options(self, item):
        """True and False (in English: item analysis counts them as data)."""
        return ("True", "False")

    def chosen_options(self, item, response):
        """The word for the chosen value."""
        return [("True" if response else "False")] if isinstance(response, bool) else []
