"""Grading: points for one response to one item, as a pure function.

Responses use the texts the student saw, never positions, so grading does
not depend on how a variant shuffled the options:

=================  ==============================================
single_choice      the chosen option text (``str``)
multiple_select    the chosen option texts (``list[str]``)
true_false         ``bool``
short_answer       the typed text (``str``)
ordering           the item texts in the student's order
matching           ``{left: chosen right}``
cloze              the typed text of each blank, in order
open_response      the written text; marked later by a teacher
=================  ==============================================

A missing response (``None``) scores 0.  Partial credit is given for
multiple select, ordering, matching and cloze.  Each type's rule lives in its
module in :mod:`quizgen.items`; an unknown type raises
:class:`~quizgen.items.UnknownQuestionType`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .items import question_type
from .model import Question

Status = Literal["correct", "partial", "wrong", "unanswered", "pending"]


@dataclass(frozen=True)
class Grade:
    """The outcome for one item."""

    points: float
    max_points: int
    status: Status

    @property
    def fraction(self) -> float:
        """Share of the item's points earned (0 to 1)."""
        return self.points / self.max_points if self.max_points else 0.0


def grade(item: Question, response: Any) -> Grade:
    """Score ``response`` to ``item``; open responses come back ``pending`` with 0 points."""
    kind = question_type(item)
    if not _answered(response):
        return Grade(0.0, item.points, "unanswered")
    fraction = kind.fraction(item, response)
    if fraction is None:
        return Grade(0.0, item.points, "pending")
    fraction = min(1.0, max(0.0, fraction))
    status: Status = "correct" if fraction == 1 else "wrong" if fraction == 0 else "partial"
    return Grade(round(item.points * fraction, 2), item.points, status)


def key_of(item: Question) -> Any:
    """The response that earns full points (the 'key'), in the response format above."""
    return question_type(item).key(item)


def _answered(response: Any) -> bool:
    if response is None:
        return False
    if isinstance(response, str):
        return bool(response.strip())
    if isinstance(response, (list, dict)):
        return any(_answered(v) for v in (response.values() if isinstance(response, dict) else response))
    return True
