"""What the result page shows: score, each question with the student's answer, the key and the evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..feedback import Feedback, feedback_for, key_lines
from ..generators import item_bank
from ..items import question_type
from ..labels import SKILL_LABELS, gettext, status_label
from ..model import Lesson, Question
from ..scores import Score
from ..storage import Attempt


@dataclass(frozen=True)
class ResultRow:
    """One question of a submitted attempt."""

    number: int
    item: Question | None  # None when the lesson no longer has this item
    status: str
    points: float
    max_points: float
    answer: list[str]
    key: list[str]
    feedback: Feedback | None
    comment: str | None = None  # the teacher's comment on this answer

    @property
    def status_label(self) -> str:
        """Right, Partly right, Wrong, Not answered or Awaiting teacher marking."""
        return status_label(self.status)

    @property
    def marked_by_teacher(self) -> bool:
        """Whether the key is a marking guide (a rubric) rather than an answer."""
        return self.item is not None and question_type(self.item).marked_by_teacher


@dataclass(frozen=True)
class SkillTally:
    """Points on the questions that practise one source-evaluation skill."""

    label: str
    points: float
    max_points: float
    pending: int


@dataclass(frozen=True)
class AttemptResult:
    """Everything the result page shows."""

    rows: list[ResultRow]
    score: float
    marked_max: float
    pending_points: float
    answered: int
    skills: list[SkillTally]

    @property
    def percentage(self) -> int | None:
        """Score as a share of the variant's whole total (the teacher's pages use the same denominator)."""
        return Score(self.score, self.marked_max, self.pending_points).percentage


def attempt_result(attempt: Attempt, lesson: Lesson, bank: Sequence[Question] | None = None) -> AttemptResult:
    """The result of a submitted attempt, explained with the lesson's current items.

    ``bank`` is the lesson's item bank when the caller keeps it (``LessonEntry.bank``); otherwise it is generated.
    """
    items = {item.id: item for item in (item_bank(lesson) if bank is None else bank)}
    rows = []
    for stored in attempt.responses:
        item = items.get(stored.item_id)
        rows.append(
            ResultRow(
                number=stored.position,
                item=item,
                status=stored.status,
                points=stored.points,
                max_points=stored.max_points,
                answer=answer_lines(item, stored.response) if item else [],
                key=key_lines(item) if item else [],
                feedback=feedback_for(lesson, item) if item else None,
                comment=stored.comment,
            )
        )
    pending = sum(row.max_points for row in rows if row.status == "pending")
    score = sum(row.points for row in rows if row.status != "pending")
    return AttemptResult(
        rows=rows,
        score=score,
        marked_max=sum(row.max_points for row in rows) - pending,
        pending_points=pending,
        answered=sum(row.status != "unanswered" for row in rows),
        skills=skill_tallies(rows),
    )


def skill_tallies(rows: list[ResultRow]) -> list[SkillTally]:
    """Points per skill tag, in the order the skills are defined; open responses count once marked."""
    tallies = []
    for skill, label in SKILL_LABELS.items():
        tagged = [row for row in rows if row.item is not None and row.item.skill == skill]
        if not tagged:
            continue
        marked = [row for row in tagged if row.status != "pending"]
        tallies.append(
            SkillTally(
                gettext(label),
                sum(row.points for row in marked),
                sum(row.max_points for row in marked),
                len(tagged) - len(marked),
            )
        )
    return tallies


def answer_lines(item: Question, response: Any) -> list[str]:
    """The student's response in words, one line per part; empty when unanswered."""
    if response is None:
        return []
    return question_type(item).answer_lines(item, response)


def format_points(value: float) -> str:
    """``2`` rather than ``2.0``; one decimal for partial credit."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
