"""Whole-class views of an assignment: which attempt counts, the student x question grid, and the gradebook CSV.

Pure functions of the rows :mod:`quizgen.storage` loads in two queries
(attempts and responses), so the grid of 300 students costs what the
results page costs.  Excluded test attempts never appear here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from ..export import to_csv
from ..labels import N_
from ..model import Question
from ..scores import Score, score_of
from ..storage import AttemptRow, ResponseRow

ATTEMPT_RULES = ("first", "best", "latest")


def attempt_rule(text: str | None) -> str:
    """A rule from a query string; anything unknown means ``first`` (what the statistics use)."""
    return text if text in ATTEMPT_RULES else "first"


def counted_attempts(attempts: Sequence[AttemptRow], scores: dict[int, Score], rule: str) -> dict[str, AttemptRow]:
    """Each student's attempt that counts under ``rule``: the first, best or latest submitted, not excluded."""
    chosen: dict[str, AttemptRow] = {}
    for attempt in attempts:
        if attempt.submitted_at is None or attempt.excluded:
            continue
        known = chosen.get(attempt.student_key)
        if known is None or _better(attempt, known, scores, rule):
            chosen[attempt.student_key] = attempt
    return chosen


def _better(candidate: AttemptRow, known: AttemptRow, scores: dict[int, Score], rule: str) -> bool:
    if rule == "latest":
        return candidate.number > known.number
    if rule == "best":
        mine, theirs = scores[candidate.id].share or 0.0, scores[known.id].share or 0.0
        return mine > theirs or (mine == theirs and candidate.number < known.number)
    return candidate.number < known.number


def attempt_scores(responses: Sequence[ResponseRow]) -> dict[int, Score]:
    """Each attempt's :class:`Score` from its responses."""
    rows: dict[int, list[tuple[float, float, str]]] = {}
    for row in responses:
        rows.setdefault(row.attempt_id, []).append((row.points, row.max_points, row.status))
    return {attempt_id: score_of(values) for attempt_id, values in rows.items()}


# --- the grid ---------------------------------------------------------------------------

# Cell states: the CSS class (colour) and the text that says the same without colour.
CELL_TEXT = {
    "correct": "\u2713",
    "partial": "\u00bd",
    "wrong": "\u2717",
    "unanswered": "\u2013",
    "pending": "?",
}


@dataclass(frozen=True)
class GridCell:
    """One student's answer to one question: its state and points, or None when the variant lacked the item."""

    status: str
    points: float
    max_points: float

    @property
    def symbol(self) -> str:
        """A mark that reads without colour: ✓ right, ½ partly, ✗ wrong, – blank, ? to mark."""
        return CELL_TEXT.get(self.status, "")


@dataclass(frozen=True)
class GridRow:
    """One student: the attempt that counts, its score and one cell per question column."""

    attempt: AttemptRow
    score: Score
    cells: list[GridCell | None]

    def cells_html(self) -> Markup:
        """The row's cells as table markup, built here: 9,000 cells through a template loop cost ten times more."""
        return Markup(
            "".join(_EMPTY_CELL if cell is None else _CELL_HTML.get(cell.status, _EMPTY_CELL) for cell in self.cells)
        )


# Fixed markup: the status names and symbols are this module's own constants, never user text.
_EMPTY_CELL = '<td class="cell"></td>'
_CELL_HTML = {status: f'<td class="cell cell-{status}">{text}</td>' for status, text in CELL_TEXT.items()}


@dataclass(frozen=True)
class GridColumn:
    """One question of the lesson that at least one counted attempt drew."""

    number: int
    item: Question
    right: int
    answered: int


def _cell(row: ResponseRow | None) -> GridCell | None:
    return None if row is None else GridCell(row.status, row.points, row.max_points)


def class_grid(
    bank: Sequence[Question], attempts: Sequence[AttemptRow], responses: Sequence[ResponseRow], rule: str = "first"
) -> tuple[list[GridColumn], list[GridRow]]:
    """The student x question grid: columns in the lesson's order, rows by name."""
    scores = attempt_scores(responses)
    chosen = counted_attempts(attempts, scores, rule)
    chosen_ids = {attempt.id for attempt in chosen.values()}
    by_attempt: dict[int, dict[str, ResponseRow]] = {}
    for row in responses:
        if row.attempt_id in chosen_ids:
            by_attempt.setdefault(row.attempt_id, {})[row.item_id] = row
    drawn = {item_id for rows in by_attempt.values() for item_id in rows}
    numbered = [(number, item) for number, item in enumerate(bank, start=1) if item.id in drawn]
    columns = []
    for number, item in numbered:
        answers = [rows[item.id] for rows in by_attempt.values() if item.id in rows]
        columns.append(
            GridColumn(
                number,
                item,
                sum(row.status == "correct" for row in answers),
                sum(row.status != "unanswered" for row in answers),
            )
        )
    grid_rows = []
    for attempt in sorted(chosen.values(), key=lambda a: (a.student_name.casefold(), a.student_key)):
        rows = by_attempt.get(attempt.id, {})
        cells = [_cell(rows.get(item.id)) for _, item in numbered]
        grid_rows.append(GridRow(attempt, scores.get(attempt.id, Score(0, 0, 0)), cells))
    return columns, grid_rows


# --- the gradebook CSV ----------------------------------------------------------------------


def _utc(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _share(earned: float, possible: float) -> str:
    return f"{100 * earned / possible:.1f}" if possible else ""


def gradebook_csv(
    class_name: str,
    lesson_id: str,
    bank: Sequence[Question],
    attempts: Sequence[AttemptRow],
    responses: Sequence[ResponseRow],
    rule: str,
) -> str:
    """One row per student under the attempt ``rule``: score, max, %, points to mark, per-topic %, times."""
    items = {item.id: item for item in bank}
    topics = sorted({item.topic for item in bank})
    scores = attempt_scores(responses)
    chosen = counted_attempts(attempts, scores, rule)
    by_attempt: dict[int, list[ResponseRow]] = {}
    for row in responses:
        by_attempt.setdefault(row.attempt_id, []).append(row)
    header = (
        "class",
        "lesson",
        "student",
        "attempt_rule",
        "attempt",
        "attempts_submitted",
        "variant",
        "score",
        "max_score",
        "percent",
        "points_to_mark",
        *(f"topic_{topic}_percent" for topic in topics),
        "submitted_utc",
    )
    submitted_counts: dict[str, int] = {}
    for attempt in attempts:
        if attempt.submitted_at is not None and not attempt.excluded:
            submitted_counts[attempt.student_key] = submitted_counts.get(attempt.student_key, 0) + 1
    lines = []
    for attempt in sorted(chosen.values(), key=lambda a: (a.student_name.casefold(), a.student_key)):
        score = scores.get(attempt.id, Score(0, 0, 0))
        per_topic: dict[str, list[float]] = {topic: [0.0, 0.0] for topic in topics}
        for row in by_attempt.get(attempt.id, ()):
            item = items.get(row.item_id)
            if item is None or row.status == "pending":
                continue
            per_topic[item.topic][0] += row.points
            per_topic[item.topic][1] += row.max_points
        lines.append(
            (
                class_name,
                lesson_id,
                attempt.student_name,
                rule,
                attempt.number,
                submitted_counts.get(attempt.student_key, 0),
                attempt.variant_code,
                score.earned,
                score.total,
                _share(score.earned, score.total),
                score.pending_points,
                *(_share(*per_topic[topic]) for topic in topics),
                _utc(attempt.submitted_at),
            )
        )
    return to_csv(header, lines)


RULE_LABELS = {
    "first": N_("first attempt"),
    "best": N_("best attempt"),
    "latest": N_("latest attempt"),
}
