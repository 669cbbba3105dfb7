"""Checks on a lesson's items, hand-written and generated together.

Errors make an item unusable (a key that is not among its options, an
invalid pattern).  Warnings are item-writing advice from the assessment
literature (the item-writing flaws themselves are found by
:mod:`quizgen.critic`); ``quizgen validate --strict`` treats them as errors.
A question silences a warning with ``lint_ignore`` and a reason.  Checks that
concern one question type live in its module (:mod:`quizgen.items`).
"""

from __future__ import annotations

import re

from .balance import fair_quiz_size, fits_fairly
from .critic import CHECKS, HINTS, critique
from .diagnostics import Diagnostic, Severity, did_you_mean
from .generators import NO_ITEMS, GeneratorNote, generate
from .items import question_type
from .model import Lesson, Question, Support
from .text import normalize_answer
from .yamlsource import SourceDocument

# Warnings a question may silence with lint_ignore: the critic's lints and these.
SILENCEABLE = (*CHECKS, "few-options", "true-distractor", "duplicate-stem", "no-explanation")


def check_items(
    lesson: Lesson,
    doc: SourceDocument,
    generated: tuple[list[Question], list[GeneratorNote]] | None = None,
    *,
    with_warnings: bool = True,
) -> list[Diagnostic]:
    """Errors and warnings for every item of the lesson, positioned in ``doc``.

    ``generated`` is :func:`~quizgen.generators.generate`'s result when the caller already has it.
    ``with_warnings=False`` skips the checks that can only warn (the fair quiz size, the critic's lints on
    hand-written items, TODO markers); the errors are the same.
    """
    generated_items, notes = generate(lesson) if generated is None else generated
    # Facts a rule could not use are listed by `quizgen stats`; a rule that made nothing at all is worth a warning.
    problems = [
        doc.diagnostic(
            ("generators", note.rule), f"{note.rule}: {note.message}", key=True, severity="warning", code="generator"
        )
        for note in notes
        if note.message == NO_ITEMS
    ]
    bank = [*lesson.questions, *generated_items]
    wanted = max(
        lesson.quiz_length or 0,
        sum(lesson.blueprint.topics.values()) if lesson.blueprint else 0,
        sum(lesson.blueprint.objectives.values()) if lesson.blueprint else 0,
    )
    # With neither a quiz_length nor a blueprint, a quiz takes the whole bank: that size must be fair too.
    size = wanted or len(bank)
    if with_warnings and size and not fits_fairly(bank, size):
        fair = fair_quiz_size(bank, size)
        what = f"a quiz of {size} items" if wanted else f"with no quiz_length, a quiz takes all {size} items: it"
        problems.append(
            doc.diagnostic(
                ("blueprint",) if lesson.blueprint and not lesson.quiz_length else ("quiz_length",),
                f"{what} would repeat a fact, show a key or overuse one kind "
                f"of question: the lesson's items make fair variants of {fair}",
                hint=f"set quiz_length to {fair}, or add facts",
                severity="warning",
                code="quiz-length",
            )
        )
    for attribute, counts in (
        ("topic", lesson.blueprint.topics if lesson.blueprint else {}),
        ("objective", lesson.blueprint.objectives if lesson.blueprint else {}),
    ):
        for value, count in counts.items():
            available = sum(1 for item in bank if getattr(item, attribute) == value)
            if available < count:
                problems.append(
                    doc.diagnostic(
                        ("blueprint", attribute + "s", value),
                        f"the blueprint asks for {count} items with {attribute} '{value}', the lesson has {available}",
                        hint="lower the count or write more items",
                        code="blueprint",
                    )
                )
    items: list[tuple[tuple[str | int, ...], Question]]
    items = [(("questions", index), item) for index, item in enumerate(lesson.questions)]
    # Every generated item has a trace (generators set it); the filter only tells the type checker so.
    items += [(("generators", trace.rule), item) for item in generated_items if (trace := item.trace)]
    true_statements = {normalize_answer(claim.text) for claim in lesson.claims if claim.support == Support.confirmed}
    true_statements |= {normalize_answer(event.text) for event in lesson.timeline}
    seen_ids: dict[str, tuple] = {}
    seen_stems: dict[str, Question] = {}
    for path, item in items:
        report = _ItemReport(doc, path, item, problems)
        if item.id in seen_ids:
            report(
                f"item id '{item.id}' is used twice", "id", "error", "rename the hand-written question", "duplicate-id"
            )
        seen_ids[item.id] = path
        kind = question_type(item)
        stem = normalize_answer(kind.prompt(item))
        earlier = seen_stems.get(stem)
        # A rule's own items may share a stem: items with the same stem never share a variant (quizgen.balance).
        same_rule = earlier is not None and item.trace and earlier.trace and item.trace.rule == earlier.trace.rule
        if earlier is not None and not same_rule:
            report(
                f"same stem as item '{earlier.id}'",
                "stem",
                hint="reword one of the two questions",
                code="duplicate-stem",
            )
        elif earlier is None:
            seen_stems[stem] = item
        if not item.explanation:
            report(
                "no explanation: students see only the evidence quote after answering",
                "explanation",
                hint="add explanation: saying why the key is right",
                code="no-explanation",
            )
        kind.lints(item, report, true_statements)
        if with_warnings and not item.trace:
            # Generated items are filtered with critic.keep_unflawed instead: students never see them flawed.
            for flaw in critique(item, lesson, honour_ignores=False):
                report(
                    flaw.message,
                    flaw.field,
                    code=flaw.lint,
                    hint=f"{HINTS[flaw.lint]}; if the question is right as written, add "
                    f"lint_ignore: [{{lint: {flaw.lint}, reason: ...}}]",
                )
        problems += _check_lint_ignore(item, path, doc, report.fired)
    return problems + todo_markers(doc) + dropped_hedges(lesson, doc) if with_warnings else problems


# Words that keep a claim from being certain; a claim's text must keep its quote's, or the question that shows the
# text makes a firmer claim than the article ("would expose" for "could jeopardize").  English only.
_HEDGES = re.compile(
    r"\b(could|may|might|possibly|perhaps|probably|likely|allegedly|reportedly|apparently|purportedly)\b",
    re.IGNORECASE,
)


def dropped_hedges(lesson: Lesson, doc: SourceDocument) -> list[Diagnostic]:
    """Warnings for claims whose text has none of the hedges its quoted evidence has."""
    if lesson.language.split("-")[0] != "en":
        return []
    problems = []
    for index, claim in enumerate(lesson.claims):
        hedge = _HEDGES.search(claim.evidence)
        if hedge and not _HEDGES.search(claim.text):
            problems.append(
                doc.diagnostic(
                    ("claims", index, "text"),
                    f"the claim's text drops the hedge \u201c{hedge.group(0)}\u201d of its quote: questions show the "
                    "text, so students would read a firmer claim than the article makes",
                    hint=f"keep \u201c{hedge.group(0)}\u201d (or another hedge) in text:",
                    severity="warning",
                    code="dropped-hedge",
                )
            )
    return problems


def todo_markers(doc: SourceDocument) -> list[Diagnostic]:
    """A warning for every value that still starts with ``TODO`` (what `quizgen draft` leaves to the author)."""
    found: list[Diagnostic] = []

    def walk(value: object, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str) and value.lstrip().startswith("TODO"):
            found.append(
                doc.diagnostic(
                    path,
                    f"still to write: {value.strip()}",
                    hint="replace the TODO with your own text (or delete the entry)",
                    severity="warning",
                    code="todo",
                )
            )
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, (*path, key))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, (*path, index))

    walk(doc.data, ())
    return found


class _ItemReport:
    """Adds one item's problems to ``problems``, leaving out the warnings its ``lint_ignore`` silences."""

    def __init__(self, doc: SourceDocument, path: tuple[str | int, ...], item: Question, problems: list[Diagnostic]):
        self.doc, self.path, self.item, self.problems = doc, path, item, problems
        self.generated_note = f" (generated item '{item.id}')" if item.trace else ""
        self.silenced = {entry.lint for entry in item.lint_ignore}
        self.fired: set[str] = set()
        """Warnings raised, silenced or not: an ignore that silences none of them is itself reported."""

    def __call__(
        self,
        message: str,
        field: str | None = None,
        severity: str = "warning",
        hint: str | None = None,
        code: str = "lint",
    ) -> None:
        """Report one problem, positioned at ``field`` of a hand-written question (at the rule for a generated one)."""
        if severity == "warning":
            self.fired.add(code)
            if code in self.silenced:
                return
        where = (*self.path, field) if field and not self.item.trace else self.path
        level: Severity = "error" if severity == "error" else "warning"
        self.problems.append(
            self.doc.diagnostic(
                where, message + self.generated_note, hint=hint, severity=level, key=bool(self.item.trace), code=code
            )
        )


def _check_lint_ignore(item: Question, path: tuple, doc: SourceDocument, fired: set[str]) -> list[Diagnostic]:
    """Unknown lint ids in ``lint_ignore`` are errors; an entry that silences nothing is a warning."""
    problems = []
    for index, entry in enumerate(item.lint_ignore):
        if entry.lint not in SILENCEABLE:
            problems.append(
                doc.diagnostic(
                    (*path, "lint_ignore", index, "lint"),
                    f"unknown lint '{entry.lint}'",
                    hint=did_you_mean(entry.lint, SILENCEABLE) or "see the list of lints in docs/authoring.md",
                    code="lint-ignore",
                )
            )
        elif entry.lint not in fired:
            problems.append(
                doc.diagnostic(
                    (*path, "lint_ignore", index),
                    f"lint_ignore: '{entry.lint}' finds nothing in this question",
                    hint="remove this entry",
                    severity="warning",
                    code="unused-lint-ignore",
                )
            )
    return problems
