"""The writing task: a claim-evidence-reasoning item in every variant, with its analytic rubric.

The author writes the prompt and the paragraphs to draw on; the rubric (claim, evidence, reasoning, sourcing)
is generated unless the author gives one.  The item is an ordinary open-response question with the id
``writing-task`` and ``always`` set, so every variant, worksheet and key has it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..fields import Skill
from ..labels import N_, gettext, use_language
from ..model import Citation, Lesson, OpenResponse, RubricLevel
from ..module_model import WRITING_TASK_ID, Criterion
from ..text import normalize_quote

CRITERIA: tuple[Criterion, ...] = ("claim", "evidence", "reasoning", "sourcing")
CRITERION_LABELS = {
    "claim": N_("Claim"),
    "evidence": N_("Evidence"),
    "reasoning": N_("Reasoning"),
    "sourcing": N_("Sourcing"),
}
_DEFAULT_LEVELS = {
    "claim": (
        N_("0: no claim, or one that does not answer the question"),
        N_("1: a claim that answers the question only in part or vaguely"),
        N_("2: a clear claim that answers the question"),
    ),
    "evidence": (
        N_("0: no words from the article"),
        N_("1: one quotation or paraphrase, loosely tied to the claim"),
        N_("2: two or more accurate quotations that support the claim, with their paragraphs"),
    ),
    "reasoning": (
        N_("0: the evidence is not explained"),
        N_("1: says the evidence supports the claim without saying how"),
        N_("2: explains how each piece of evidence supports the claim"),
    ),
    "sourcing": (
        N_("0: does not say who the information comes from"),
        N_("1: names a source without weighing it"),
        N_("2: names who says each thing and how far that source can be trusted"),
    ),
}


@dataclass(frozen=True)
class RubricRow:
    """One criterion of the analytic rubric with its levels, lowest first."""

    criterion: str
    label: str
    levels: tuple[str, ...]


def analytic_rubric(lesson: Lesson) -> list[RubricRow]:
    """The writing task's rubric: the author's rows, then the generated rows for criteria the author left out."""
    task = lesson.writing_task
    authored = {row.criterion: row for row in task.rubric} if task is not None else {}
    rows = []
    for criterion in CRITERIA:
        row = authored.get(criterion)
        levels = tuple(row.levels) if row is not None else tuple(gettext(level) for level in _DEFAULT_LEVELS[criterion])
        rows.append(RubricRow(criterion, gettext(CRITERION_LABELS[criterion]), levels))
    return rows


def _first_sentence(text: str) -> str:
    plain = normalize_quote(text)
    match = re.match(r"(.+?[.!?])(\s|$)", plain)
    return (match.group(1) if match else plain)[:300]


def writing_item(lesson: Lesson) -> OpenResponse | None:
    """The writing task as an open-response item worth ``points``, drawn in every variant (``None`` without one)."""
    task = lesson.writing_task
    if task is None:
        return None
    with use_language(lesson.language):
        numbers = ", ".join(f"\u00b6{lesson.paragraph_number(p)}" for p in task.paragraphs)
        stem = gettext(
            "%(prompt)s Write a claim, support it with evidence from the article (%(paragraphs)s), explain your "
            "reasoning and say where each piece of information comes from.",
            prompt=task.prompt,
            paragraphs=numbers,
        )
        points = task.points
        rubric = [
            RubricLevel(points=points, description=gettext("Claim, evidence, reasoning and sourcing all fully met.")),
            RubricLevel(
                points=points * 3 // 4,
                description=gettext("A clear claim with evidence; reasoning or sourcing only partly met."),
            ),
            RubricLevel(
                points=points // 2, description=gettext("A claim with some evidence, but little reasoning or sourcing.")
            ),
            RubricLevel(points=points // 4, description=gettext("A claim without evidence from the article.")),
            RubricLevel(points=0, description=gettext("No claim that answers the question.")),
        ]
        # Every item explains its key. A written answer has none, so the feedback says what the teacher marks,
        # not the full-marks level (which every student would read as if it were about their own answer).
        explanation = gettext(
            "Your teacher marks this with the rubric: a clear claim, evidence quoted from the article, reasoning "
            "that links the evidence to the claim, and where each piece of information comes from."
        )
    first, *others = task.paragraphs
    return OpenResponse(
        type="open_response",
        id=WRITING_TASK_ID,
        stem=stem,
        paragraph=first,
        evidence=_first_sentence(lesson.paragraph(first).text),
        also_cites=[
            Citation(paragraph=other, evidence=_first_sentence(lesson.paragraph(other).text))
            for other in dict.fromkeys(others)
            if other != first
        ],
        topic="argument-writing",
        skill=Skill.what_is_the_evidence,
        objective=task.objective,
        points=points,
        always=True,
        rubric=rubric,
        sample_answer=task.sample_answer,
        explanation=explanation,
    )
