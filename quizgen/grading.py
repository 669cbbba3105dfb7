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
multiple select, ordering, matching and cloze.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from .model import Question
from .text import cloze_blanks, normalize_answer

# Typed answers checked against an author's pattern are capped, so a slow pattern stays cheap.
MAX_PATTERN_INPUT = 200

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
    if item.type == "open_response":
        return Grade(0.0, item.points, "pending" if _answered(response) else "unanswered")
    if not _answered(response):
        return Grade(0.0, item.points, "unanswered")
    fraction = _FRACTION[item.type](item, response)
    fraction = min(1.0, max(0.0, fraction))
    status: Status = "correct" if fraction == 1 else "wrong" if fraction == 0 else "partial"
    return Grade(round(item.points * fraction, 2), item.points, status)


def key_of(item: Question) -> Any:
    """The response that earns full points (the 'key'), in the response format above."""
    match item.type:
        case "single_choice" | "true_false":
            return item.answer
        case "multiple_select":
            return list(item.answers)
        case "short_answer":
            return item.accepted[0]
        case "ordering":
            return list(item.items)
        case "matching":
            return {pair.left: pair.right for pair in item.pairs}
        case "cloze":
            return [answers[0] for answers in cloze_blanks(item.text)]
        case "open_response":
            return item.sample_answer
    raise ValueError(f"unknown item type {item.type!r}")


def _answered(response: Any) -> bool:
    if response is None:
        return False
    if isinstance(response, str):
        return bool(response.strip())
    if isinstance(response, (list, dict)):
        return any(_answered(v) for v in (response.values() if isinstance(response, dict) else response))
    return True


def _single(item, response) -> float:
    return float(isinstance(response, str) and normalize_answer(response) == normalize_answer(item.answer))


def _multiple(item, response) -> float:
    if not isinstance(response, list):
        return 0.0
    chosen = {normalize_answer(r) for r in response if isinstance(r, str)}
    keys = {normalize_answer(a) for a in item.answers}
    # Each wrong pick cancels a right one, so ticking everything earns nothing.
    return (len(chosen & keys) - len(chosen - keys)) / len(keys)


def _true_false(item, response) -> float:
    return float(isinstance(response, bool) and response == item.answer)


def _short(item, response) -> float:
    if not isinstance(response, str):
        return 0.0
    typed = normalize_answer(response)
    if any(typed == normalize_answer(accepted) for accepted in item.accepted):
        return 1.0
    return float(bool(item.pattern) and re.fullmatch(item.pattern, response.strip()[:MAX_PATTERN_INPUT], re.IGNORECASE) is not None)


def _ordering(item, response) -> float:
    if not isinstance(response, list):
        return 0.0
    rank = {normalize_answer(text): index for index, text in enumerate(item.items)}
    given = [rank.get(normalize_answer(r)) if isinstance(r, str) else None for r in response]
    if len(given) != len(rank) or None in given or len(set(given)) != len(given):
        return 0.0
    # Share of pairs the student put in the right relative order (Kendall-style).
    pairs = [(a, b) for i, a in enumerate(given) for b in given[i + 1 :]]
    return sum(a < b for a, b in pairs) / len(pairs)


def _matching(item, response) -> float:
    if not isinstance(response, dict):
        return 0.0
    chosen = {normalize_answer(k): normalize_answer(v) for k, v in response.items() if isinstance(k, str) and isinstance(v, str)}
    right = sum(chosen.get(normalize_answer(pair.left)) == normalize_answer(pair.right) for pair in item.pairs)
    return right / len(item.pairs)


def _cloze(item, response) -> float:
    blanks = cloze_blanks(item.text)
    if not isinstance(response, list):
        return 0.0
    right = 0
    for answers, typed in zip(blanks, response):
        if isinstance(typed, str) and normalize_answer(typed) in {normalize_answer(a) for a in answers}:
            right += 1
    return right / len(blanks) if blanks else 0.0


_FRACTION = {
    "single_choice": _single,
    "multiple_select": _multiple,
    "true_false": _true_false,
    "short_answer": _short,
    "ordering": _ordering,
    "matching": _matching,
    "cloze": _cloze,
}
