"""What an export format needs of an item, in a handful of neutral shapes.

Each question type answers :meth:`~quizgen.items.base.QuestionType.export_view`
with one of these views; the writers in :mod:`quizgen.exports` know the
shapes, never the type names, so a new type that fits a shape exports to
every format without a change there.  A type that gives no view is listed by
every format as skipped, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChoiceView:
    """Pick from options; ``multiple`` when every right one must be ticked (partial credit)."""

    options: tuple[str, ...]
    correct: tuple[bool, ...]
    multiple: bool


@dataclass(frozen=True)
class TrueFalseView:
    """The stem is a statement; the key is its truth."""

    answer: bool


@dataclass(frozen=True)
class TypedView:
    """A typed answer, right when it is one of ``accepted`` (or matches ``pattern``, which few platforms take)."""

    accepted: tuple[str, ...]
    pattern: str | None = None


@dataclass(frozen=True)
class PairsView:
    """Match each left entry (in the order shown) with its right entry; ``extra_rights`` match nothing."""

    pairs: tuple[tuple[str, str], ...]
    extra_rights: tuple[str, ...] = ()
    positions: bool = False
    """True when the rights are positions (an ordering item told as matching to places)."""


@dataclass(frozen=True)
class BlanksView:
    """A text with blanks: ``segments`` around them (one more than the blanks), each blank's accepted answers."""

    segments: tuple[str, ...]
    blanks: tuple[tuple[str, ...], ...]
    word_bank: tuple[str, ...] = ()

    def fits(self, blank: int, word: str) -> bool:
        """Whether ``word`` answers blank ``blank`` (counted from 0), compared as quizgen grades typed answers."""
        from ..text import normalize_answer

        return normalize_answer(word) in {normalize_answer(answer) for answer in self.blanks[blank]}


@dataclass(frozen=True)
class EssayView:
    """A written answer a teacher marks: the rubric (points, description), best level first, and a sample."""

    rubric: tuple[tuple[int, str], ...]
    sample_answer: str | None = None


ExportView = ChoiceView | TrueFalseView | TypedView | PairsView | BlanksView | EssayView
"""Every shape an export writer knows."""


def position_label(position: int) -> str:
    """The right-hand entry that stands for a place in an order, e.g. "Position 2"."""
    from ..labels import gettext

    return gettext("Position %(number)s", number=position)
