"""One way to state a score while open answers wait for marking, used by the student's and the teacher's pages.

The denominator is always the variant's own total, so a percentage never
drops when a teacher gives points: marking can only add to ``earned``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    """Points earned on marked answers, the points marked so far, and the points still to mark."""

    earned: float
    marked_max: float
    pending_points: float

    @property
    def total(self) -> float:
        """The variant's own total: marked and still-to-mark points together."""
        return self.marked_max + self.pending_points

    @property
    def complete(self) -> bool:
        """Whether every answer is marked."""
        return not self.pending_points

    @property
    def percentage(self) -> int | None:
        """Earned points as a share of the whole total (None for an empty quiz)."""
        return round(100 * self.earned / self.total) if self.total else None

    @property
    def share(self) -> float | None:
        """Earned points as a fraction (0..1) of the whole total."""
        return self.earned / self.total if self.total else None


def score_of(rows: Iterable[tuple[float, float, str]]) -> Score:
    """The :class:`Score` of ``(points, max_points, status)`` rows; ``pending`` rows wait for a mark."""
    earned = marked = pending = 0.0
    for points, max_points, status in rows:
        if status == "pending":
            pending += max_points
        else:
            earned += points
            marked += max_points
    return Score(earned, marked, pending)
