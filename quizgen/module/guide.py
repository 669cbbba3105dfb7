"""The teacher guide as data: the day-by-day plan, background with citations, vocabulary, the claim map, the
standards alignment, and "then and now" claim updates.  The printed guide and the teacher's lesson page both
show this view; wording follows the current interface language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..labels import N_, gettext
from ..model import Claim, GlossaryEntry, Lesson, Question
from ..module_model import ACTIVITIES, WRITING_TASK_ID, ClaimUpdate, Misconception, Phase, Reference
from ..phrases import Phrases
from .discussion import Card, discussion_set
from .standards import framework
from .writing import RubricRow, analytic_rubric

ACTIVITY_LABELS = {
    "before-reading": N_("Before you read"),
    "reading": N_("Reading"),
    "annotation": N_("Annotation"),
    "lateral-reading": N_("Lateral reading"),
    "discussion": N_("Discussion"),
    "quiz": N_("Quiz"),
    "writing-task": N_("Writing task"),
    "exit-ticket": N_("Exit ticket"),
}
GROUPING_LABELS = {
    "whole-class": N_("Whole class"),
    "individual": N_("Individual"),
    "pairs": N_("Pairs"),
    "small-groups": N_("Small groups"),
}
STATUS_LABELS = {
    "confirmed": N_("Later confirmed"),
    "retracted": N_("Retracted"),
    "superseded": N_("Superseded"),
    "disputed": N_("Disputed"),
    "still-unverified": N_("Still unverified"),
}


@dataclass(frozen=True)
class PlannedPhase:
    """A phase of the plan with its start and end minute in its period and what it uses, labelled."""

    phase: Phase
    start: int
    end: int
    grouping: str
    uses: tuple[str, ...]


@dataclass(frozen=True)
class Period:
    """One class period of the plan."""

    number: int
    minutes: int
    planned: int
    phases: tuple[PlannedPhase, ...]


@dataclass(frozen=True)
class Cited:
    """A piece of Markdown with the references it cites."""

    text: str
    sources: tuple[Reference, ...]


@dataclass(frozen=True)
class ClaimRow:
    """One row of the claim map: the claim, who is behind it, support, where and how to check it."""

    claim: Claim
    actor: str
    support: str
    paragraph_number: int
    check: str
    found: str | None
    checked: str | None
    updates: tuple[tuple[ClaimUpdate, str, tuple[Reference, ...]], ...]


@dataclass(frozen=True)
class AlignmentRow:
    """One objective-standard pair and the items that assess it."""

    objective: str
    code: str
    framework: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class GuideView:
    """Everything the printed guide and the teacher lesson page show."""

    lesson: Lesson
    periods: tuple[Period, ...]
    background: tuple[Cited, ...]
    misconceptions: tuple[tuple[Misconception, tuple[Reference, ...]], ...]
    materials: tuple[str, ...]
    vocabulary: tuple[GlossaryEntry, ...]
    claim_map: tuple[ClaimRow, ...]
    alignment: tuple[AlignmentRow, ...]
    cards: tuple[Card, ...]
    rubric: tuple[RubricRow, ...]
    writing_item: Question | None
    exit_items: tuple[Question, ...]
    planned_items: tuple[Question, ...]
    references: tuple[Reference, ...] = field(default=())

    @property
    def total_minutes(self) -> int:
        """Minutes of every period together."""
        return sum(period.minutes for period in self.periods)


def _refs(lesson: Lesson, ids) -> tuple[Reference, ...]:
    by_id = {reference.id: reference for reference in lesson.references}
    return tuple(by_id[i] for i in ids if i in by_id)


def use_label(used: str, bank_ids: dict[str, Question], card_ids: set[str]) -> str:
    """How an id in ``uses:`` reads in the plan: an activity's name, or the item or card id with what it is."""
    if used in ACTIVITIES:
        return gettext(ACTIVITY_LABELS[used])
    if used in card_ids:
        return gettext("discussion card %(id)s", id=used)
    return gettext("item %(id)s", id=used)


def guide_view(lesson: Lesson, bank: Sequence[Question]) -> GuideView:
    """Build the guide from the lesson and its item bank (call inside ``use_language(lesson.language)``)."""
    by_id = {item.id: item for item in bank}
    cards = discussion_set(lesson)
    card_ids = {card.id for card in cards}
    periods: list[Period] = []
    guide = lesson.teacher_guide
    if guide is not None:
        for number, minutes in enumerate(guide.periods, start=1):
            elapsed = 0
            phases = []
            for phase in guide.sequence:
                if phase.period != number:
                    continue
                phases.append(
                    PlannedPhase(
                        phase,
                        elapsed,
                        elapsed + phase.minutes,
                        gettext(GROUPING_LABELS[phase.grouping]),
                        tuple(use_label(used, by_id, card_ids) for used in phase.uses),
                    )
                )
                elapsed += phase.minutes
            periods.append(Period(number, minutes, elapsed, tuple(phases)))
    say = Phrases(lesson.language)
    lateral = {row.claim: row for row in lesson.lateral_reading.claims} if lesson.lateral_reading else {}
    claim_map = []
    for claim in lesson.claims:
        row = lateral.get(claim.id)
        claim_map.append(
            ClaimRow(
                claim,
                lesson.actor(claim.asserted_by).name,
                say.kind(claim.support),
                lesson.paragraph_number(claim.paragraph),
                claim.corroborate,
                row.found if row else None,
                (row.checked or lesson.lateral_reading.checked) if row and lesson.lateral_reading else None,
                tuple(
                    (update, gettext(STATUS_LABELS[update.status]), _refs(lesson, update.sources))
                    for update in claim.updates
                ),
            )
        )
    alignment = []
    for objective in lesson.objectives:
        assessing = tuple(item.id for item in bank if item.objective == objective.id)
        for code in objective.standards:
            alignment.append(AlignmentRow(objective.text, code, gettext(framework(code)), assessing))
    planned = {used for phase in guide.sequence for used in phase.uses} if guide else set()
    return GuideView(
        lesson=lesson,
        periods=tuple(periods),
        background=tuple(Cited(fact.text, _refs(lesson, fact.sources)) for fact in guide.background) if guide else (),
        misconceptions=tuple((m, _refs(lesson, m.sources)) for m in guide.misconceptions) if guide else (),
        materials=tuple(guide.materials) if guide else (),
        vocabulary=tuple(lesson.glossary),
        claim_map=tuple(claim_map),
        alignment=tuple(alignment),
        cards=tuple(cards),
        rubric=tuple(analytic_rubric(lesson)) if lesson.writing_task else (),
        writing_item=by_id.get(WRITING_TASK_ID),
        exit_items=tuple(by_id[i] for i in lesson.exit_ticket.items if i in by_id) if lesson.exit_ticket else (),
        planned_items=tuple(item for item in bank if item.id in planned and item.id != WRITING_TASK_ID),
        references=tuple(lesson.references),
    )


FRAMEWORK_LABELS = (N_("Common Core ELA"), N_("C3 Framework"))
