"""Ordering: put entries in order; partial credit for pairs in the right relative order."""

from typing import Literal

from pydantic import Field

from ..fields import ShortText
from ..labels import N_, gettext
from ..text import normalize_answer
from .base import LETTERS, QuestionBase, QuestionType, choice_lines, key_in_words, lettered, register, shuffled
from .exporting import PairsView, position_label
from .inputs import QuizInput, field_name, label, select


class Ordering(QuestionBase):
    """Put items in order; ``items`` lists them in the correct order; partial credit."""

    type: Literal["ordering"]
    items: list[ShortText] = Field(min_length=2, max_length=8)


@register
class OrderingType(QuestionType):
    """The response is the entries' texts in the student's order."""

    name = "ordering"
    model = Ordering
    label = N_("Put in order")
    print_instruction = N_("Write 1, 2, 3\u2026 on the lines to put them in order.")
    print_fragment = "print/items/ordering.html"

    def fraction(self, item, response):
        """Share of pairs in the right relative order (0 unless every entry is placed once)."""
        if not isinstance(response, list):
            return 0.0
        rank = {normalize_answer(text): index for index, text in enumerate(item.items)}
        placed = [rank.get(normalize_answer(r)) if isinstance(r, str) else None for r in response]
        given = [place for place in placed if place is not None]
        if len(placed) != len(rank) or len(given) != len(placed) or len(set(given)) != len(given):
            return 0.0
        # Share of pairs the student put in the right relative order (Kendall-style).
        pairs = [(a, b) for i, a in enumerate(given) for b in given[i + 1 :]]
        return sum(a < b for a, b in pairs) / len(pairs)

    def key(self, item):
        """The entries in order."""
        return list(item.items)

    def key_lines(self, item):
        """The entries, numbered in order."""
        return [f"{n}. {text}" for n, text in enumerate(item.items, start=1)]

    def answer_lines(self, item, response):
        """The entries, numbered in the student's order."""
        return [f"{number}. {text}" for number, text in enumerate(response, start=1)]

    def present(self, item, rng):
        """The entries shuffled, never in their right order."""
        return shuffled(item.items, rng, avoid_identity=True), ()

    def offered(self, item):
        """The entries to order."""
        return tuple(item.items)

    def giveaways(self, item):
        """None: the order is the answer, not a text."""
        return ()

    def lints(self, item, report, true_statements):
        """Every entry must differ."""
        if len({normalize_answer(text) for text in item.items}) != len(item.items):
            report("two items to order are the same", "items", "error", code="duplicate-options")

    def text_lines(self, entry):
        """The entries with letters, as shown."""
        return choice_lines(entry.choices)

    def web_instruction(self, entry):
        """Give positions."""
        return gettext("Give each entry its position: 1 comes first.")

    def inputs(self, entry):
        """A position list for each entry."""
        positions = (("", "–"), *tuple((str(p), str(p)) for p in range(1, len(entry.choices) + 1)))
        return [
            QuizInput(field_name(entry.number, part), entry.number, "select", text, positions)
            for part, text in enumerate(entry.choices, start=1)
        ]

    def response(self, entry, values):
        """The entries sorted by the positions given; a problem when positions are missing or repeated."""
        count = len(entry.choices)
        given = [value for value in values if value]
        if not given:
            return None, None
        if len(given) < count:
            return None, gettext(
                "Give every entry a position from 1 to %(count)s, or leave them all empty.", count=count
            )
        repeated = sorted({value for value in given if given.count(value) > 1}, key=int)
        if repeated:
            return None, gettext(
                "Use each position once: %(positions)s is used more than once.", positions=", ".join(repeated)
            )
        return [text for _, text in sorted(zip((int(v) for v in values), entry.choices, strict=False))], None

    def widget_html(self, entry, inputs, values):
        """One row per entry: position list, then the entry."""
        position_of = gettext("Position of: ")
        rows = "".join(
            f'<li class="order-row">{select(quiz_input, values, "select select-position")}'
            f"{label(quiz_input, 'order-label', hidden_prefix=position_of)}</li>"
            for quiz_input in inputs
        )
        return f'<ul class="order-rows">{rows}</ul>'

    def print_view(self, entry):
        """The entries with letters."""
        return {"choices": lettered(entry.choices)}

    def write_on_lines(self, item):
        """None: positions go on the short line before each entry."""
        return 0

    def short_key(self, entry):
        """Each letter with its position."""
        return "  ".join(f"{LETTERS[i]}{entry.item.items.index(text) + 1}" for i, text in enumerate(entry.choices))

    def print_key(self, entry, *, in_words):
        """The entries in order."""
        return key_in_words(self, entry.item)

    def export_view(self, entry):
        """Each entry as shown matched to its place: platforms without ordering take it as matching."""
        return PairsView(
            tuple((text, position_label(entry.item.items.index(text) + 1)) for text in entry.choices), positions=True
        )

    def analysis_options(self, item):
        """None: every entry is placed."""
        return ()

    def chosen_options(self, item, response):
        """None: every entry is placed."""
        return []
