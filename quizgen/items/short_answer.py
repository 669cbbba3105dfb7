"""Short answer: a typed answer compared with the accepted ones."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ..fields import ShortText
from ..labels import N_, gettext
from ..text import normalize_answer
from .base import NOTHING_SHOWN, QuestionBase, QuestionType, key_in_words, register
from .exporting import TypedView
from .inputs import QuizInput, field_name, labelled_field, text_box, typed_text

if TYPE_CHECKING:
    import re2

SHORT_ANSWER_MAX = 200
# Typed answers checked against an author's pattern are capped; RE2 matches in time linear in this length.
MAX_PATTERN_INPUT = 200


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> re2._Regexp:
    """An author's pattern compiled with RE2, ignoring case; ``re2.error`` when RE2 cannot match it.

    RE2 matches in linear time whatever the pattern, so a pattern such as
    ``(a+)+b`` cannot tie up a worker (Python's ``re`` backtracks for
    minutes on it).  The price: back-references and look-arounds are not
    available, and such patterns are refused when the lesson is checked.
    """
    import re2  # only a lesson with a pattern needs it

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # a refused pattern is reported to the author, not logged by RE2 on stderr
    return re2.compile(pattern, options)


def _reason(error: re2.error) -> str:
    reason = error.args[0] if error.args else error
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)


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
            and compile_pattern(item.pattern).fullmatch(response.strip()[:MAX_PATTERN_INPUT]) is not None
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
        """The pattern must be a regular expression RE2 can match (in linear time: no back-references)."""
        if not item.pattern:
            return
        import re2

        try:
            compile_pattern(item.pattern)
        except re2.error as exc:
            report(
                f"the pattern is not a regular expression quizgen can use: {_reason(exc)}",
                "pattern",
                "error",
                hint="write it without back-references (\\1) or look-arounds ((?=...), (?!...)); "
                "quizgen matches patterns with RE2, which never slows down on long answers",
                code="pattern",
            )

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

    def export_view(self, entry):
        """Every accepted answer, and the pattern."""
        return TypedView(tuple(entry.item.accepted), entry.item.pattern)

    def analysis_options(self, item):
        """None: answers are typed."""
        return ()

    def chosen_options(self, item, response):
        """None: answers are typed."""
        return []
