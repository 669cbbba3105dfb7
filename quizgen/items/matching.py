"""Matching: match each left entry to its right entry; partial credit."""

from html import escape
from typing import Literal

from pydantic import Field

from ..fields import ShortText, Strict
from ..labels import N_, gettext
from ..text import normalize_answer
from .base import LETTERS, QuestionBase, QuestionType, inline, key_in_words, register, shuffled
from .exporting import PairsView
from .inputs import QuizInput, by_code, coded, field_name, label, select


class Pair(Strict):
    """One left/right pair of a matching question."""

    left: ShortText
    right: ShortText


class Matching(QuestionBase):
    """Match each left entry to its right entry; partial credit."""

    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2, max_length=8)
    extra_rights: list[ShortText] = Field([], description="Extra right-hand choices that match nothing.")


@register
class MatchingType(QuestionType):
    """The response maps each left entry to the chosen right entry: ``{left: right}``."""

    name = "matching"
    model = Matching
    label = N_("Match")
    print_instruction = N_("Write the letter of the match on each line.")
    print_fragment = "print/items/matching.html"

    def fraction(self, item, response):
        """Share of left entries matched right."""
        if not isinstance(response, dict):
            return 0.0
        chosen = {
            normalize_answer(k): normalize_answer(v)
            for k, v in response.items()
            if isinstance(k, str) and isinstance(v, str)
        }
        right = sum(chosen.get(normalize_answer(pair.left)) == normalize_answer(pair.right) for pair in item.pairs)
        return right / len(item.pairs)

    def key(self, item):
        """Every pair."""
        return {pair.left: pair.right for pair in item.pairs}

    def key_lines(self, item):
        """One line per pair."""
        return [f"{pair.left} \u2192 {pair.right}" for pair in item.pairs]

    def answer_lines(self, item, response):
        """One line per matched entry."""
        return [f"{left} \u2192 {right}" for left, right in response.items()]

    def present(self, item, rng):
        """Left entries shuffled, then the right entries (with the extra ones) shuffled."""
        rights = list(dict.fromkeys([pair.right for pair in item.pairs] + list(item.extra_rights)))
        return shuffled([pair.left for pair in item.pairs], rng), shuffled(rights, rng)

    def offered(self, item):
        """Both sides, spare right-hand choices included."""
        return tuple([pair.left for pair in item.pairs] + [pair.right for pair in item.pairs] + list(item.extra_rights))

    def giveaways(self, item):
        """The right-hand matches."""
        return tuple(pair.right for pair in item.pairs)

    def lints(self, item, report, true_statements):
        """Left entries differ; no extra right entry is also a real match."""
        lefts = [normalize_answer(pair.left) for pair in item.pairs]
        if len(set(lefts)) != len(lefts):
            report("two left-hand entries are the same", "pairs", "error", code="duplicate-options")
        rights = {normalize_answer(pair.right) for pair in item.pairs}
        if any(normalize_answer(extra) in rights for extra in item.extra_rights):
            report("an extra right-hand choice is also a real match", "extra_rights", "error", code="duplicate-options")

    def text_lines(self, entry):
        """Numbered left entries, then lettered right entries."""
        letters = "abcdefghijklmnop"
        return [f"   {n}. {left}" for n, left in enumerate(entry.choices, start=1)] + [
            f"      {letters[i]}) {right}" for i, right in enumerate(entry.rights)
        ]

    def web_instruction(self, entry):
        """Choose matches."""
        return gettext("Choose a match for each entry.")

    def inputs(self, entry):
        """A list of right entries for each left entry."""
        rights = (("", gettext("Choose…")), *coded(entry.rights))
        return [
            QuizInput(field_name(entry.number, part), entry.number, "select", left, rights)
            for part, left in enumerate(entry.choices, start=1)
        ]

    def response(self, entry, values):
        """The chosen right entry of each left entry that has one."""
        chosen = {left: by_code(entry.rights, code) for left, code in zip(entry.choices, values, strict=False)}
        return {left: right for left, right in chosen.items() if right is not None} or None, None

    def widget_html(self, entry, inputs, values):
        """One row per left entry: the entry, then its list.

        Phones also get the options written out in full above the rows (a
        closed list there shows only the start of a long option); screen
        readers already hear every option in each list, so it is hidden from them.
        """
        rows = "".join(
            f'<div class="match-row">{label(quiz_input, "match-left")}{select(quiz_input, values, "select")}</div>'
            for quiz_input in inputs
        )
        options = "".join(f"<li>{escape(text)}</li>" for text in entry.rights)
        title = escape(gettext("The options in full:"))
        in_full = f'<div class="match-options" aria-hidden="true"><p>{title}</p><ul>{options}</ul></div>'
        return f'{in_full}<div class="match-rows">{rows}</div>'

    def print_view(self, entry):
        """Numbered left entries and lettered right entries."""
        return {
            "choices": tuple((str(i + 1), inline(text)) for i, text in enumerate(entry.choices)),
            "rights": tuple((LETTERS[i].lower(), inline(text)) for i, text in enumerate(entry.rights)),
        }

    def write_on_lines(self, item):
        """None: letters go on the short line before each entry."""
        return 0

    def short_key(self, entry):
        """Each number with its letter."""
        right_of = {pair.left: pair.right for pair in entry.item.pairs}
        return "  ".join(
            f"{n}{LETTERS[entry.rights.index(right_of[left])].lower()}" for n, left in enumerate(entry.choices, start=1)
        )

    def print_key(self, entry, *, in_words):
        """Every pair."""
        return key_in_words(self, entry.item)

    def export_view(self, entry):
        """The pairs in the order the lefts are shown; the right-hand entries that match nothing."""
        right_of = {pair.left: pair.right for pair in entry.item.pairs}
        return PairsView(tuple((left, right_of[left]) for left in entry.choices), tuple(entry.item.extra_rights))

    def analysis_options(self, item):
        """None: every entry is matched."""
        return ()

    def chosen_options(self, item, response):
        """None: every entry is matched."""
        return []
