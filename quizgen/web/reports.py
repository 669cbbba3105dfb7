"""What the teacher's results page shows, computed from rows loaded in a fixed number of queries.

:func:`assignment_report` takes every attempt and every response of an
assignment (two queries, whatever the class size) and builds the students
table, the item analysis (:mod:`quizgen.analysis`, grouped by the lesson's
own item ids), per-skill averages and the two charts (:mod:`quizgen.charts`).
:func:`results_csv` turns the same rows into one CSV line per student per item.

Statistics use each student's first submitted attempt (later attempts are
practice on a known test); the table lists every attempt.  Open responses
still waiting for a mark are left out of the statistics rather than
counted as wrong.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from markupsafe import Markup

from ..analysis import ItemStats, ScoredResponse, histogram, item_statistics, skill_averages
from ..charts import Bar, bar_chart
from ..export import to_csv
from ..generators import item_bank
from ..items import question_type
from ..labels import gettext as _
from ..labels import skill_label
from ..model import SKILL_LABELS, Lesson, Question
from ..scores import Score, score_of
from ..storage import Assignment, AttemptRow, ResponseRow
from .results import answer_lines

SORT_KEYS = ("name", "score", "time", "variant", "submitted")
HISTOGRAM_BINS = 10
# Below this many marked answers an item's statistics say more about chance than about the item.
MIN_ANSWERS_FOR_FLAGS = 10
TYPED_ANSWERS_SHOWN = 12


@dataclass(frozen=True)
class StudentResult:
    """One attempt as a row of the students table."""

    attempt: AttemptRow
    earned: float
    marked_max: float
    pending: int  # open responses waiting for a mark
    first_submitted: bool  # the attempt the statistics use
    pending_points: float = 0.0

    @property
    def submitted(self) -> bool:
        return self.attempt.submitted_at is not None

    @property
    def score(self) -> Score:
        """Earned, marked and still-to-mark points, as the student's result page states them."""
        return Score(self.earned, self.marked_max, self.pending_points)

    @property
    def percentage(self) -> int | None:
        """Share of the variant's whole total (never drops when a mark is given), or None when not submitted."""
        if not self.submitted:
            return None
        return self.score.percentage

    @property
    def time_taken(self) -> timedelta | None:
        if not self.submitted or self.attempt.submitted_at is None:
            return None
        return self.attempt.submitted_at - self.attempt.started_at


@dataclass(frozen=True)
class OptionCount:
    """How many students chose one option of a choice item."""

    text: str
    chosen: int
    is_key: bool
    share: float


@dataclass(frozen=True)
class TypedAnswer:
    """One distinct typed answer to a short-answer or cloze item, with how many students gave it."""

    text: str
    count: int
    accepted: bool  # scored as right: a wrong answer given often may be a right answer the key missed


@dataclass(frozen=True)
class GroupAverage:
    """The class's share of points on the items of one topic or objective."""

    label: str
    average: float
    answers: int
    standards: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemReport:
    """One item of the lesson, with its statistics across the class."""

    number: int  # position in the lesson's item bank (the same in every variant)
    item: Question
    stats: ItemStats | None
    pending: int
    options: list[OptionCount]
    unanswered: int = 0
    typed: list[TypedAnswer] = field(default_factory=list)

    @property
    def skill_label(self) -> str | None:
        return skill_label(self.item.skill) if self.item.skill else None

    @property
    def too_few_answers(self) -> bool:
        """Whether too few students answered (and were marked) for the flags to mean anything."""
        return self.stats is not None and self.stats.responses < MIN_ANSWERS_FOR_FLAGS

    @property
    def not_marked(self) -> bool:
        """Whether every answer waits for the teacher's mark (the page says "not marked", not 0 %)."""
        return self.stats is None and self.pending > 0

    @property
    def flags(self) -> list[str]:
        if self.stats is None or self.too_few_answers:
            return []
        return self.stats.flags

    @property
    def marked_by_teacher(self) -> bool:
        """Whether a teacher marks this item with a rubric."""
        return question_type(self.item).marked_by_teacher


@dataclass
class AssignmentReport:
    """Everything the results page shows."""

    students: list[StudentResult]
    items: list[ItemReport]
    skills: list[tuple[str, float]]
    submitted_students: int
    in_progress: int
    average: float | None  # mean percentage over the students' first submitted attempts
    median: float | None
    pending_marks: int
    score_chart: Markup
    facility_chart: Markup
    flagged_items: int = field(default=0)
    topics: list[GroupAverage] = field(default_factory=list)
    objectives: list[GroupAverage] = field(default_factory=list)


@dataclass(frozen=True)
class ItemFilter:
    """Which rows of the item analysis to show (from the page's query string)."""

    flagged: bool = False
    topic: str = ""
    type: str = ""
    topics: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)

    def keeps(self, report: ItemReport) -> bool:
        """Whether the item passes every filter that is set."""
        return (
            (not self.flagged or bool(report.flags))
            and (not self.topic or report.item.topic == self.topic)
            and (not self.type or question_type(report.item).name == self.type)
        )


def _by_attempt(responses: list[ResponseRow]) -> dict[int, list[ResponseRow]]:
    grouped: dict[int, list[ResponseRow]] = {}
    for row in responses:
        grouped.setdefault(row.attempt_id, []).append(row)
    return grouped


def _keys(item: Question) -> tuple[str, ...]:
    """The options that are the key, for items whose option choices are counted (empty otherwise)."""
    kind = question_type(item)
    return tuple(kind.chosen_options(item, kind.key(item))) if kind.analysis_options(item) else ()


def _chosen_options(item: Question, response: Any) -> list[str]:
    # Item analysis counts option texts; the item's type knows which of its options a response chose.
    return question_type(item).chosen_options(item, response)


def first_submitted_ids(attempts: list[AttemptRow]) -> set[int]:
    """Each student's first submitted attempt."""
    first: dict[str, AttemptRow] = {}
    for attempt in attempts:
        if attempt.submitted_at is None or attempt.excluded:
            continue
        known = first.get(attempt.student_key)
        if known is None or attempt.number < known.number:
            first[attempt.student_key] = attempt
    return {attempt.id for attempt in first.values()}


def assignment_report(
    lesson: Lesson,
    attempts: list[AttemptRow],
    responses: list[ResponseRow],
    *,
    sort: str = "name",
    descending: bool = False,
    bank: Sequence[Question] | None = None,
) -> AssignmentReport:
    """The students table (sorted), item analysis, skill averages and charts of an assignment.

    ``bank`` is the lesson's item bank when the caller keeps it (``LessonEntry.bank``); otherwise it is generated.
    """
    bank = item_bank(lesson) if bank is None else bank
    items = {item.id: item for item in bank}
    order = {item.id: number for number, item in enumerate(bank, start=1)}
    grouped = _by_attempt(responses)
    counted = first_submitted_ids(attempts)
    submitted_keys = {a.student_key for a in attempts if a.id in counted}

    students = []
    for attempt in attempts:
        rows = grouped.get(attempt.id, [])
        score = score_of((row.points, row.max_points, row.status) for row in rows)
        students.append(
            StudentResult(
                attempt,
                score.earned,
                score.marked_max,
                sum(row.status == "pending" for row in rows),
                attempt.id in counted,
                score.pending_points,
            )
        )
    students = sort_students(students, sort, descending)

    # One pass over the counted attempts' rows (in attempt order, for deterministic ties) gathers what the
    # statistics, the marking counts and the typed-answer lists each need.
    analysed: list[ScoredResponse] = []
    rows_by_item: dict[str, list[ResponseRow]] = {}
    pending_by_item: dict[str, int] = {}
    unanswered_by_item: dict[str, int] = {}
    for attempt in attempts:
        if attempt.id not in counted:
            continue
        attempt_key = str(attempt.id)
        for row in grouped.get(attempt.id, ()):
            rows_by_item.setdefault(row.item_id, []).append(row)
            if row.status == "pending":
                pending_by_item[row.item_id] = pending_by_item.get(row.item_id, 0) + 1
                continue
            if row.status == "unanswered":
                unanswered_by_item[row.item_id] = unanswered_by_item.get(row.item_id, 0) + 1
            item = items.get(row.item_id)
            if item is not None:
                analysed.append(
                    ScoredResponse(
                        attempt_key, row.item_id, row.points, row.max_points, _chosen_options(item, row.response)
                    )
                )
    keys = {item_id: key for item_id, item in items.items() if (key := _keys(item))}
    stats = item_statistics(analysed, keys)
    drawn = set(rows_by_item)

    item_reports = []
    for item_id in sorted(drawn & set(items), key=order.__getitem__):
        item = items[item_id]
        item_stats = stats.get(item_id)
        options = []
        choices = question_type(item).analysis_options(item)
        if item_stats is not None and choices:
            total = item_stats.responses or 1
            keyed = set(_keys(item))
            options = [
                OptionCount(
                    text, item_stats.choices.get(text, 0), text in keyed, item_stats.choices.get(text, 0) / total
                )
                for text in choices
            ]
        item_reports.append(
            ItemReport(
                order[item_id],
                item,
                item_stats,
                pending_by_item.get(item_id, 0),
                options,
                unanswered_by_item.get(item_id, 0),
                typed_answers(item, rows_by_item[item_id]) if question_type(item).typed_answers else [],
            )
        )

    skill_names = {item.id: skill_label(item.skill) for item in bank if item.skill}
    averages = skill_averages(analysed, skill_names)
    skill_order = {skill_label(skill): index for index, skill in enumerate(SKILL_LABELS)}
    skills = sorted(averages.items(), key=lambda pair: skill_order.get(pair[0], len(skill_order)))

    topics = group_averages(analysed, {item.id: (item.topic.replace("-", " ").capitalize(), ()) for item in bank})
    objectives = group_averages(
        analysed,
        {
            item.id: (lesson.objective(item.objective).text, tuple(lesson.objective(item.objective).standards))
            for item in bank
            if item.objective
        },
    )
    shares = [share for student in students if student.first_submitted and (share := student.score.share) is not None]
    percentages = [100 * share for share in shares]
    report = AssignmentReport(
        students=students,
        items=item_reports,
        skills=skills,
        submitted_students=len(counted),
        in_progress=len({a.student_key for a in attempts if not a.excluded} - submitted_keys),
        average=statistics.fmean(percentages) if percentages else None,
        median=statistics.median(percentages) if percentages else None,
        pending_marks=sum(student.pending for student in students if student.submitted),
        score_chart=score_chart(shares),
        facility_chart=facility_chart(item_reports),
        flagged_items=sum(bool(report.flags) for report in item_reports),
        topics=topics,
        objectives=objectives,
    )
    return report


def typed_answers(item: Question, rows: list[ResponseRow]) -> list[TypedAnswer]:
    """Each distinct typed answer (compared without case and spacing), most frequent first."""
    counts: dict[str, list[Any]] = {}
    for row in rows:
        if row.status in ("unanswered", "pending") or row.response is None:
            continue
        text = "; ".join(answer_lines(item, row.response))
        key = " ".join(text.split()).casefold()
        if not key:
            continue
        entry = counts.setdefault(key, [text, 0, row.status == "correct"])
        entry[1] += 1
    ranked = sorted(counts.values(), key=lambda entry: (-entry[1], entry[0].casefold()))
    return [TypedAnswer(text, count, accepted) for text, count, accepted in ranked[:TYPED_ANSWERS_SHOWN]]


def group_averages(rows: list[ScoredResponse], groups: dict[str, tuple[str, tuple[str, ...]]]) -> list[GroupAverage]:
    """The mean share of points per group (``groups`` maps item id to its label and standards), by label."""
    shares: dict[str, list[float]] = {}
    standards: dict[str, tuple[str, ...]] = {}
    for row in rows:
        group = groups.get(row.item_id)
        if group is None or not row.max_points:
            continue
        shares.setdefault(group[0], []).append(row.points / row.max_points)
        standards[group[0]] = group[1]
    return [
        GroupAverage(label, statistics.fmean(values), len(values), standards[label])
        for label, values in sorted(shares.items())
    ]


def sort_students(students: list[StudentResult], sort: str, descending: bool) -> list[StudentResult]:
    """The table rows in the order asked for; rows without a value (not submitted) always come last."""

    def value(student: StudentResult) -> Any:
        attempt = student.attempt
        match sort:
            case "score":
                return student.percentage
            case "time":
                return student.time_taken
            case "variant":
                return attempt.variant_code
            case "submitted":
                return attempt.submitted_at
        return None

    by_name = sorted(
        students,
        key=lambda s: (s.attempt.student_name.casefold(), s.attempt.number),
        reverse=descending and sort == "name",
    )
    if sort == "name" or sort not in SORT_KEYS:
        return by_name
    present = [student for student in by_name if value(student) is not None]
    missing = [student for student in by_name if value(student) is None]
    return sorted(present, key=value, reverse=descending) + missing


def _chart(svg: str) -> Markup:
    return Markup(svg)


def score_chart(shares: list[float]) -> Markup:
    """Students per 10 % band of score."""
    counts = histogram(shares, HISTOGRAM_BINS)
    labels = [f"{10 * band}\u2013{10 * band + 9} %" for band in range(HISTOGRAM_BINS - 1)] + ["90\u2013100 %"]
    bars = [Bar(label, value) for label, value in zip(labels, counts, strict=False)]
    return _chart(
        bar_chart(
            _("Score distribution (students per score band)"), bars, chart_id="chart-scores", value_format="{:.0f}"
        )
    )


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def facility_chart(items: list[ItemReport]) -> Markup:
    """Share of points earned on each item, flagged items marked."""
    bars = [
        Bar(_short(f"{report.number}. {report.item.stem}", 50), 100 * report.stats.facility, bool(report.flags))
        for report in items
        if report.stats is not None
    ]
    return _chart(
        bar_chart(
            _("Item facility (% of points earned; \u26a0 = flagged)"),
            bars,
            chart_id="chart-facility",
            max_value=100,
            width=800,
            label_width=330,
            value_format="{:.0f} %",
        )
    )


# --- CSV ------------------------------------------------------------------------------

CSV_HEADER = (
    "class",
    "lesson",
    "student",
    "attempt",
    "attempt_id",
    "variant",
    "started_utc",
    "submitted_utc",
    "seconds_taken",
    "item_id",
    "item_number",
    "position",
    "item_type",
    "question",
    "topic",
    "skill",
    "answer",
    "points",
    "max_points",
    "status",
    "attempt_points",
    "attempt_max_points",
)


def _utc(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


def results_csv(
    class_name: str,
    assignment: Assignment,
    lesson: Lesson,
    attempts: list[AttemptRow],
    responses: list[ResponseRow],
    *,
    bank: Sequence[Question] | None = None,
) -> str:
    """One row per student per item of every submitted attempt (spreadsheet-safe, see quizgen.export).

    ``bank`` is the lesson's item bank when the caller keeps it (``LessonEntry.bank``); otherwise it is generated.
    """
    bank = item_bank(lesson) if bank is None else bank
    items = {item.id: item for item in bank}
    order = {item.id: number for number, item in enumerate(bank, start=1)}
    grouped = _by_attempt(responses)
    rows = []
    for attempt in sorted(attempts, key=lambda a: (a.student_name.casefold(), a.number)):
        if attempt.submitted_at is None or attempt.excluded:
            continue
        taken = int((attempt.submitted_at - attempt.started_at).total_seconds())
        head = (
            class_name,
            assignment.lesson_id,
            attempt.student_name,
            attempt.number,
            attempt.public_id,
            attempt.variant_code,
            _utc(attempt.started_at),
            _utc(attempt.submitted_at),
            taken,
        )
        for row in grouped.get(attempt.id, ()):
            item = items.get(row.item_id)
            answer = "; ".join(answer_lines(item, row.response)) if item is not None else ""
            skill = SKILL_LABELS.get(item.skill, "") if item is not None and item.skill else ""
            rows.append(
                (
                    *head,
                    row.item_id,
                    order.get(row.item_id, ""),
                    row.position,
                    item.type if item is not None else "",
                    item.stem if item is not None else "",
                    item.topic if item is not None else "",
                    skill,
                    answer,
                    row.points,
                    row.max_points,
                    row.status,
                    attempt.score,
                    attempt.max_score,
                )
            )
    return to_csv(CSV_HEADER, rows)
