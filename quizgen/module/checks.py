"""Loader checks of the teaching-module parts, each reported at its file:line:column.

Two stages, like the rest of the loader: :func:`check_module_references` runs on the raw data (ids, references,
minutes against periods, standard codes), so it reports even while other parts of the file are broken;
:func:`check_module_bank` runs once the item bank exists (ids in ``uses:`` and exit tickets, standards no item
assesses, the re-check date).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..balance import conflicts
from ..diagnostics import Diagnostic, did_you_mean
from ..module_model import ACTIVITIES, WRITING_TASK_ID
from ..yamlsource import SourceDocument
from .standards import is_known_standard, known_standards

Refer = Callable[[tuple, object, str, str], None]
"""``refer(path, value, section, what)``: report ``value`` when it is not an id in ``section``."""
Evidence = Callable[[tuple, dict], None]
"""``evidence(path, entry)``: report ``entry``'s quote when it is not in its paragraph."""

DEFAULT_RECHECK_DAYS = 365
RECHECK_DAYS_VARIABLE = "QUIZGEN_RECHECK_DAYS"


def recheck_days_from_environment(*, strict: bool = False) -> int:
    """Days after which a lesson's claims should be re-checked: ``QUIZGEN_RECHECK_DAYS`` or 365.

    A value that is not a whole number of at least 1 raises :class:`ValueError` with ``strict`` (the CLI says so);
    otherwise the default is used, so a mistyped setting never stops a lesson from loading.
    """
    value = os.environ.get(RECHECK_DAYS_VARIABLE, "").strip()
    if not value:
        return DEFAULT_RECHECK_DAYS
    if not value.isdigit() or int(value) < 1:
        if strict:
            raise ValueError(f"{RECHECK_DAYS_VARIABLE} must be a whole number of days of at least 1, found '{value}'")
        return DEFAULT_RECHECK_DAYS
    return int(value)


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def _listed(value) -> Iterator[tuple[int, dict]]:
    if isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                yield index, entry


def _sources(path: tuple, entry: dict, refer: Refer) -> None:
    sources = entry.get("sources")
    if isinstance(sources, list):
        for index, source in enumerate(sources):
            refer((*path, "sources", index), source, "references", "reference")


def check_module_references(
    doc: SourceDocument, refer: Refer, evidence: Evidence, report: Callable[[Diagnostic], None]
) -> None:
    """Check the module parts' references, quotes, timing and standard codes on the raw data."""
    data = _mapping(doc.data)
    guide = _mapping(data.get("teacher_guide"))
    for index, fact in _listed(guide.get("background")):
        _sources(("teacher_guide", "background", index), fact, refer)
    for index, entry in _listed(guide.get("misconceptions")):
        _sources(("teacher_guide", "misconceptions", index), entry, refer)
    _check_timing(doc, guide, report)
    before = _mapping(data.get("before_reading"))
    for index, card in _listed(before.get("context_cards")):
        _sources(("before_reading", "context_cards", index), card, refer)
    for index, statement in _listed(before.get("anticipation_guide")):
        path = ("before_reading", "anticipation_guide", index, "paragraph")
        refer(path, statement.get("paragraph"), "paragraphs", "paragraph")
    _check_image(doc, data, _mapping(before.get("image")), report)
    lateral = _mapping(data.get("lateral_reading"))
    _sources(("lateral_reading", "publisher"), _mapping(lateral.get("publisher")), refer)
    for index, row in _listed(lateral.get("claims")):
        refer(("lateral_reading", "claims", index, "claim"), row.get("claim"), "claims", "claim")
        _sources(("lateral_reading", "claims", index), row, refer)
    for index, claim in _listed(data.get("claims")):
        for update_index, update in _listed(claim.get("updates")):
            _sources(("claims", index, "updates", update_index), update, refer)
    for index, card in _listed(data.get("discussion")):
        refer(("discussion", index, "paragraph"), card.get("paragraph"), "paragraphs", "paragraph")
        if card.get("evidence") is not None and card.get("paragraph") is None:
            report(
                doc.diagnostic(
                    ("discussion", index, "evidence"),
                    "a discussion card's evidence needs the paragraph it quotes",
                    hint="add `paragraph:` with the id of the paragraph that has these words",
                    code="answerability",
                )
            )
        evidence(("discussion", index), card)
    task = _mapping(data.get("writing_task"))
    paragraphs = task.get("paragraphs")
    if isinstance(paragraphs, list):
        for index, paragraph in enumerate(paragraphs):
            refer(("writing_task", "paragraphs", index), paragraph, "paragraphs", "paragraph")
    refer(("writing_task", "objective"), task.get("objective"), "objectives", "objective")
    if task:
        for index, question in _listed(data.get("questions")):
            if question.get("id") == WRITING_TASK_ID:
                report(
                    doc.diagnostic(
                        ("questions", index, "id"),
                        f"the id '{WRITING_TASK_ID}' is the writing task's item",
                        hint="give this question another id",
                        code="duplicate-id",
                    )
                )
    for index, objective in _listed(data.get("objectives")):
        codes = objective.get("standards")
        if isinstance(codes, list):
            for code_index, code in enumerate(codes):
                if isinstance(code, str) and not is_known_standard(code):
                    report(
                        doc.diagnostic(
                            ("objectives", index, "standards", code_index),
                            f"unknown standard code '{code}'",
                            hint=did_you_mean(code.strip(), known_standards())
                            or "use a Common Core ELA code (RI, RH, WHST, SL, grades 6-12) such as RI.9-10.1, "
                            "or a C3 Framework code such as D2.Civ.10.9-12",
                            code="standard",
                        )
                    )


def _whole(value) -> int | None:
    """A whole number as the YAML reader gives it (text of digits), or ``None``: the model reports the rest."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _check_image(doc: SourceDocument, data: dict, image: dict, report: Callable[[Diagnostic], None]) -> None:
    """The pre-reading image must be in the lesson's asset folder (checked when the lesson is a file on disk)."""
    name, lesson_id = image.get("file"), data.get("id")
    lesson_file = Path(doc.file)
    if not isinstance(name, str) or not isinstance(lesson_id, str) or not lesson_file.is_file():
        return
    folders = [lesson_file.parent / lesson_id, lesson_file.parent / "assets" / lesson_id]
    if not any((folder / name).is_file() for folder in folders):
        report(
            doc.diagnostic(
                ("before_reading", "image", "file"),
                f"the image '{name}' is not in the lesson's asset folder",
                hint=f"put it in {folders[0]}/",
                code="reference",
            )
        )


def _check_timing(doc: SourceDocument, guide: dict, report: Callable[[Diagnostic], None]) -> None:
    lengths = guide.get("periods")
    if not isinstance(lengths, list):
        return
    periods = [_whole(length) for length in lengths]
    if any(length is None for length in periods):
        return
    used = [0] * len(periods)
    for index, phase in _listed(guide.get("sequence")):
        period, minutes = _whole(phase.get("period")), _whole(phase.get("minutes"))
        if period is None or period < 1:
            continue
        if period > len(periods):
            report(
                doc.diagnostic(
                    ("teacher_guide", "sequence", index, "period"),
                    f"period {period} does not exist: the guide has {len(periods)} "
                    f"period{'s' if len(periods) != 1 else ''}",
                    hint="add the period's length to `periods:` or move this phase to an earlier period",
                    code="timing",
                )
            )
            continue
        if minutes is None:
            continue
        before = used[period - 1]
        used[period - 1] += minutes
        length = periods[period - 1]
        if length is not None and before <= length < used[period - 1]:
            report(
                doc.diagnostic(
                    ("teacher_guide", "sequence", index, "minutes"),
                    f"period {period} is {periods[period - 1]} minutes, but its phases up to this one take "
                    f"{used[period - 1]} minutes",
                    hint="shorten the phases or move this one to another period",
                    code="timing",
                )
            )


def check_module_bank(
    doc: SourceDocument,
    lesson,
    bank: Sequence,
    discussion_ids: Sequence[str],
    *,
    recheck_days: int | None = None,
    today: datetime.date | None = None,
    with_warnings: bool = True,
) -> list[Diagnostic]:
    """Checks that need the item bank: ids in ``uses:`` and exit tickets, unassessed standards, the re-check date.

    ``with_warnings=False`` leaves out the checks that can only warn (unassessed standards, items that clash in
    every variant, the re-check date); the errors are the same.
    """
    problems: list[Diagnostic] = []
    item_ids = [item.id for item in bank]
    usable = [*ACTIVITIES, *discussion_ids, *item_ids]
    if lesson.teacher_guide is not None:
        for index, phase in enumerate(lesson.teacher_guide.sequence):
            for use_index, used in enumerate(phase.uses):
                if used not in usable:
                    problems.append(
                        doc.diagnostic(
                            ("teacher_guide", "sequence", index, "uses", use_index),
                            f"unknown activity or item id '{used}'",
                            hint=did_you_mean(used, usable)
                            or f"use an activity ({', '.join(ACTIVITIES)}), a discussion card id or an item id "
                            "(`quizgen stats` lists them)",
                            code="reference",
                        )
                    )
    if lesson.exit_ticket is not None:
        for index, item_id in enumerate(lesson.exit_ticket.items):
            if item_id not in item_ids:
                problems.append(
                    doc.diagnostic(
                        ("exit_ticket", "items", index),
                        f"unknown item id '{item_id}'",
                        hint=did_you_mean(item_id, item_ids) or "name a hand-written or generated item's id",
                        code="reference",
                    )
                )
    if not with_warnings:
        return problems
    assessed = {item.objective for item in bank if item.objective}
    for index, objective in enumerate(lesson.objectives):
        if objective.id in assessed:
            continue
        for code_index, code in enumerate(objective.standards):
            problems.append(
                doc.diagnostic(
                    ("objectives", index, "standards", code_index),
                    f"standard '{code}' has no item assessing it: no item has objective '{objective.id}'",
                    hint=f"set `objective: {objective.id}` on a question or a generator, or drop the standard",
                    severity="warning",
                    code="standard-unassessed",
                )
            )
    problems += _always_clashes(doc, lesson, bank)
    problems += _recheck(doc, lesson, recheck_days, today)
    return problems


def _always_clashes(doc: SourceDocument, lesson, bank: Sequence) -> list[Diagnostic]:
    """Items every variant must hold (``always``, or named in the plan) that test one fact or give each other's
    key away: every variant would then break the one-item-per-fact rule."""
    always = [item for item in bank if item.always]
    if len(always) < 2:
        return []
    rules = conflicts(bank)
    named: dict[str, tuple] = {}
    if lesson.teacher_guide is not None:
        for index, phase in enumerate(lesson.teacher_guide.sequence):
            for use_index, used in enumerate(phase.uses):
                named.setdefault(used, ("teacher_guide", "sequence", index, "uses", use_index))
    questions = {question.id: index for index, question in enumerate(lesson.questions)}
    problems = []
    for position, first in enumerate(always):
        for second in always[position + 1 :]:
            if second.id not in rules[first.id]:
                continue
            path = named.get(second.id) or (("questions", questions[second.id]) if second.id in questions else ())
            problems.append(
                doc.diagnostic(
                    path,
                    f"items '{first.id}' and '{second.id}' are both in every variant, but they test the same fact "
                    "or one shows the other's answer",
                    hint="name only one of them in the plan, or set `always` on only one",
                    severity="warning",
                    code="always-clash",
                )
            )
    return problems


def _recheck(doc: SourceDocument, lesson, recheck_days: int | None, today: datetime.date | None) -> list[Diagnostic]:
    days = recheck_days if recheck_days is not None else recheck_days_from_environment()
    today = today or datetime.date.today()
    dated = lesson.lateral_reading is not None or any(claim.updates for claim in lesson.claims)
    if lesson.checked is None:
        if not dated:
            return []
        return [
            doc.diagnostic(
                (),
                "the lesson's claims have updates or lateral-reading checks but no `checked:` date",
                hint="re-check the claims against their sources and add `checked: YYYY-MM-DD` at the top level",
                severity="warning",
                code="recheck",
            )
        ]
    age = (today - datetime.date.fromisoformat(lesson.checked)).days
    if age <= days:
        return []
    return [
        doc.diagnostic(
            ("checked",),
            f"the claims were last re-checked on {lesson.checked}, {age} days ago (more than {days})",
            hint="re-check each claim against its sources, add `updates:` for what changed, and update `checked:`",
            severity="warning",
            code="recheck",
        )
    ]
