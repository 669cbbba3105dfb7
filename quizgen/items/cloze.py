"""Cloze: fill the blanks marked ``[[answer]]`` in a text; partial credit."""

from html import escape
from typing import Literal

from markupsafe import Markup
from pydantic import Field

from ..fields import ShortText, Text
from ..labels import N_, gettext
from ..text import cloze_blanks, cloze_segments, normalize_answer
from .base import QuestionBase, QuestionType, inline, key_in_words, register, wrap
from .exporting import BlanksView
from .inputs import QuizInput, by_code, coded, field_name, label, select, text_box, typed_text

BLANK_MAX = 100
NO_ANSWER_MARK = "\u2014"


class Cloze(QuestionBase):
    """Fill the blanks marked ``[[answer]]`` (``[[answer|alternative]]`` accepts either); partial credit."""

    type: Literal["cloze"]
    text: Text
    word_bank: list[ShortText] = Field([], description="Optional words offered for the blanks.")


@register
class ClozeType(QuestionType):
    """The response is the text of each blank, in order."""

    name = "cloze"
    model = Cloze
    label = N_("Fill in the blanks")
    # Students type the answer: the item analysis lists each distinct answer with its count.
    typed_answers = True
    print_instruction = N_("Write the missing words on the numbered lines.")
    print_fragment = "print/items/cloze.html"

    def fraction(self, item, response):
        """Share of blanks filled with one of their answers."""
        blanks = cloze_blanks(item.text)
        if not isinstance(response, list):
            return 0.0
        right = 0
        for answers, typed in zip(blanks, response, strict=False):
            if isinstance(typed, str) and normalize_answer(typed) in {normalize_answer(a) for a in answers}:
                right += 1
        return right / len(blanks) if blanks else 0.0

    def key(self, item):
        """The first answer of each blank."""
        return [answers[0] for answers in cloze_blanks(item.text)]

    def key_lines(self, item):
        """One numbered line per blank, with every answer it accepts."""
        return [f"({n}) {' / '.join(answers)}" for n, answers in enumerate(cloze_blanks(item.text), start=1)]

    def answer_lines(self, item, response):
        """One numbered line per blank (a dash for an empty one)."""
        return [f"({number}) {text or NO_ANSWER_MARK}" for number, text in enumerate(response, start=1)]

    def present(self, item, rng):
        """The word bank in alphabetical order (its order would give the blanks' order away)."""
        return tuple(sorted(dict.fromkeys(item.word_bank), key=str.casefold)), ()

    def prompt(self, item):
        """The instruction and the text: generated cloze items share the instruction."""
        return item.stem + " " + item.text

    def visible_text(self, item):
        """The instruction and the text with its blanks empty."""
        return item.stem + " " + " ____ ".join(cloze_segments(item.text))

    def offered(self, item):
        """The word bank."""
        return tuple(item.word_bank)

    def giveaways(self, item):
        """Every accepted answer of every blank."""
        return tuple(answer for answers in cloze_blanks(item.text) for answer in answers)

    def lints(self, item, report, true_statements):
        """The text has blanks, and the word bank holds an answer of each."""
        blanks = cloze_blanks(item.text)
        if not blanks:
            report("the text has no [[blank]]", "text", "error", "mark each blank as [[answer]]", "cloze")
        elif item.word_bank:
            bank = {normalize_answer(word) for word in item.word_bank}
            for answers in blanks:
                if not any(normalize_answer(answer) in bank for answer in answers):
                    report(
                        f"the blank [[{answers[0]}]] has no answer in the word bank", "word_bank", "error", code="cloze"
                    )

    def text_lines(self, entry):
        """The text with numbered gaps, then the word bank."""
        segments = cloze_segments(entry.item.text)
        lines = wrap(
            "".join(seg + (f"__({n})__" if n < len(segments) else "") for n, seg in enumerate(segments, start=1))
        )
        if entry.choices:
            lines += wrap(gettext("Word bank: %(words)s", words=", ".join(entry.choices)))
        return lines

    def web_instruction(self, entry):
        """Type, or choose from the word bank."""
        return (
            gettext("Choose a word from the word bank for each blank.")
            if entry.choices
            else gettext("Type the missing word in each blank.")
        )

    def inputs(self, entry):
        """A word-bank list, or a text box, for each blank."""
        blanks = len(cloze_blanks(entry.item.text))
        word_bank = (("", gettext("Choose a word")), *coded(entry.choices))
        inputs = []
        for part in range(1, blanks + 1):
            label_text = gettext("Blank %(part)s of %(count)s", part=part, count=blanks)
            if entry.choices:
                inputs.append(QuizInput(field_name(entry.number, part), entry.number, "select", label_text, word_bank))
            else:
                inputs.append(
                    QuizInput(field_name(entry.number, part), entry.number, "text", label_text, max_length=BLANK_MAX)
                )
        return inputs

    def response(self, entry, values):
        """The word (chosen or typed) of each blank."""
        typed = [(by_code(entry.choices, value) or "") if entry.choices else typed_text(value) for value in values]
        return (typed if any(typed) else None), None

    def widget_html(self, entry, inputs, values):
        """The word bank, then the text with a list or a text box in each blank."""
        parts = []
        if entry.choices:
            words = ", ".join(escape(word) for word in entry.choices)
            title = gettext("Word bank:")
            parts.append(f'<p class="word-bank"><span class="word-bank-title">{escape(title)}</span> {words}</p>')
        sentence = []
        for index, segment in enumerate(cloze_segments(entry.item.text)):
            sentence.append(escape(segment))
            if index < len(inputs):
                quiz_input = inputs[index]
                sentence.append(label(quiz_input, "visually-hidden"))
                sentence.append(
                    select(quiz_input, values, "blank")
                    if quiz_input.kind == "select"
                    else text_box(quiz_input, values, "blank blank-text", size=14)
                )
        parts.append(f'<p class="cloze-text">{"".join(sentence)}</p>')
        return "".join(parts)

    def print_view(self, entry):
        """The text around the blanks, and the word bank."""
        # No-break spaces hold a multi-word entry ("mass production") together on the line.
        return {
            "cloze": tuple(inline(part) if part.strip() else Markup(part) for part in cloze_segments(entry.item.text)),
            "word_bank": tuple(inline(word.replace(" ", "\u00a0")) for word in entry.choices),
        }

    def write_on_lines(self, item):
        """None: words go on the numbered gaps."""
        return 0

    def short_key(self, entry):
        """The first answer of each blank, numbered."""
        return "  ".join(f"({n}) {answers[0]}" for n, answers in enumerate(cloze_blanks(entry.item.text), start=1))

    def print_key(self, entry, *, in_words):
        """Every answer of each blank."""
        return key_in_words(self, entry.item)

    def export_view(self, entry):
        """The text around the blanks, each blank's answers, and the word bank as shown."""
        return BlanksView(
            tuple(cloze_segments(entry.item.text)),
            tuple(tuple(a) for a in cloze_blanks(entry.item.text)),
            entry.choices,
        )

    def analysis_options(self, item):
        """None: blanks are typed or chosen one by one."""
        return ()

    def chosen_options(self, item, response):
        """None: blanks are typed or chosen one by one."""
        return []
