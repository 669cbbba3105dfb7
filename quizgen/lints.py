"""Checks on a lesson's items, hand-written and generated together.

Errors make an item unusable (a key that is not among its options, an
invalid pattern).  Warnings are item-writing advice from the assessment
literature; ``quizgen validate --strict`` treats them as errors.  Checks
that concern one question type live in its module (:mod:`quizgen.items`).
"""

from __future__ import annotations

from .diagnostics import Diagnostic
from .generators import GeneratorNote, generate
from .items import question_type
from .model import Lesson, Question, Support
from .text import normalize_answer
from .yamlsource import SourceDocument


def check_items(lesson: Lesson, doc: SourceDocument,
                generated: tuple[list[Question], list[GeneratorNote]] | None = None) -> list[Diagnostic]:
    """Errors and warnings for every item of the lesson, positioned in ``doc``.

    ``generated`` is :func:`~quizgen.generators.generate`'s result when the caller already has it.
    """
    generated, notes = generate(lesson) if generated is None else generated
    problems = [doc.diagnostic(("generators", note.rule), f"{note.rule}: {note.message}", key=True,
                               severity="warning", code="generator") for note in notes]
    items = [(("questions", index), item) for index, item in enumerate(lesson.questions)]
    items += [(("generators", item.trace.rule), item) for item in generated]
    true_statements = {normalize_answer(claim.text) for claim in lesson.claims if claim.support == Support.confirmed}
    true_statements |= {normalize_answer(event.text) for event in lesson.timeline}
    seen_ids: dict[str, tuple] = {}
    seen_stems: dict[str, str] = {}
    for path, item in items:
        generated_note = f" (generated item '{item.id}')" if item.trace else ""

        def report(message, field=None, severity="warning", hint=None, code="lint"):
            where = path + (field,) if field and not item.trace else path
            problems.append(doc.diagnostic(where, message + generated_note, hint=hint, severity=severity, key=bool(item.trace), code=code))

        if item.id in seen_ids:
            report(f"item id '{item.id}' is used twice", "id", "error", "rename the hand-written question", "duplicate-id")
        seen_ids[item.id] = path
        kind = question_type(item)
        stem = normalize_answer(kind.prompt(item))
        if stem in seen_stems:
            report(f"same stem as item '{seen_stems[stem]}'", "stem", hint="reword one of the two questions", code="duplicate-stem")
        else:
            seen_stems[stem] = item.id
        if not item.explanation:
            report("no explanation: students see only the evidence quote after answering", "explanation",
                   hint="add explanation: saying why the key is right", code="no-explanation")
        kind.lints(item, report, true_statements)
    return problems
