"""Checks on a lesson's items, hand-written and generated together.

Errors make an item unusable (a key that is not among its options, an
invalid pattern).  Warnings are item-writing advice from the assessment
literature (the item-writing flaws themselves are found by
:mod:`quizgen.critic`); ``quizgen validate --strict`` treats them as errors.
A question silences a warning with ``lint_ignore`` and a reason.
"""

from __future__ import annotations

import re

from .balance import fair_quiz_size, fits_fairly
from .critic import CHECKS, HINTS, critique
from .diagnostics import Diagnostic, did_you_mean
from .generators import NO_ITEMS, generate
from .model import Lesson, Question, Support
from .text import cloze_blanks, normalize_answer, same_text
from .yamlsource import SourceDocument

# Warnings a question may silence with lint_ignore: the critic's lints and these.
SILENCEABLE = (*CHECKS, "few-options", "true-distractor", "duplicate-stem", "no-explanation")


def check_items(lesson: Lesson, doc: SourceDocument) -> list[Diagnostic]:
    """Errors and warnings for every item of the lesson, positioned in ``doc``."""
    generated, notes = generate(lesson)
    # Facts a rule could not use are listed by `quizgen stats`; a rule that made nothing at all is worth a warning.
    problems = [doc.diagnostic(("generators", note.rule), f"{note.rule}: {note.message}", key=True,
                               severity="warning", code="generator") for note in notes if note.message == NO_ITEMS]
    bank = [*lesson.questions, *generated]
    wanted = max(lesson.quiz_length or 0, sum(lesson.blueprint.topics.values()) if lesson.blueprint else 0,
                 sum(lesson.blueprint.objectives.values()) if lesson.blueprint else 0)
    if wanted and not fits_fairly(bank, wanted):
        fair = fair_quiz_size(bank, wanted)
        problems.append(doc.diagnostic(("quiz_length",) if lesson.quiz_length else ("blueprint",),
                                       f"a quiz of {wanted} items would repeat a fact, show a key or overuse one kind "
                                       f"of question: the lesson's items make fair variants of {fair}",
                                       hint=f"set quiz_length to {fair}, or add facts", severity="warning",
                                       code="quiz-length"))
    for attribute, counts in (("topic", lesson.blueprint.topics if lesson.blueprint else {}),
                              ("objective", lesson.blueprint.objectives if lesson.blueprint else {})):
        for value, count in counts.items():
            available = sum(1 for item in bank if getattr(item, attribute) == value)
            if available < count:
                problems.append(doc.diagnostic(("blueprint", attribute + "s", value),
                                               f"the blueprint asks for {count} items with {attribute} '{value}', "
                                               f"the lesson has {available}", hint="lower the count or write more items",
                                               code="blueprint"))
    items = [(("questions", index), item) for index, item in enumerate(lesson.questions)]
    items += [(("generators", item.trace.rule), item) for item in generated]
    true_statements = {normalize_answer(claim.text) for claim in lesson.claims if claim.support == Support.confirmed}
    true_statements |= {normalize_answer(event.text) for event in lesson.timeline}
    seen_ids: dict[str, tuple] = {}
    seen_stems: dict[str, Question] = {}
    for path, item in items:
        generated_note = f" (generated item '{item.id}')" if item.trace else ""
        silenced = {entry.lint for entry in item.lint_ignore}
        fired: set[str] = set()

        def report(message, field=None, severity="warning", hint=None, code="lint"):
            if severity == "warning":
                fired.add(code)
                if code in silenced:
                    return
            where = path + (field,) if field and not item.trace else path
            problems.append(doc.diagnostic(where, message + generated_note, hint=hint, severity=severity, key=bool(item.trace), code=code))

        if item.id in seen_ids:
            report(f"item id '{item.id}' is used twice", "id", "error", "rename the hand-written question", "duplicate-id")
        seen_ids[item.id] = path
        # A cloze item's prompt is its text: generated cloze items share the instruction line.
        stem = normalize_answer(item.stem + (" " + item.text if item.type == "cloze" else ""))
        earlier = seen_stems.get(stem)
        # A rule's own items may share a stem: items with the same stem never share a variant (quizgen.balance).
        same_rule = earlier is not None and item.trace and earlier.trace and item.trace.rule == earlier.trace.rule
        if earlier is not None and not same_rule:
            report(f"same stem as item '{earlier.id}'", "stem", hint="reword one of the two questions", code="duplicate-stem")
        elif earlier is None:
            seen_stems[stem] = item
        if not item.explanation:
            report("no explanation: students see only the evidence quote after answering", "explanation",
                   hint="add explanation: saying why the key is right", code="no-explanation")
        _check_type(item, report, true_statements)
        if not item.trace:
            # Generated items are filtered with critic.keep_unflawed instead: students never see them flawed.
            for flaw in critique(item, lesson, honour_ignores=False):
                report(flaw.message, flaw.field, code=flaw.lint,
                       hint=f"{HINTS[flaw.lint]}; if the question is right as written, add "
                            f"lint_ignore: [{{lint: {flaw.lint}, reason: ...}}]")
        problems += _check_lint_ignore(item, path, doc, fired)
    return problems


def _check_lint_ignore(item: Question, path: tuple, doc: SourceDocument, fired: set[str]) -> list[Diagnostic]:
    """Unknown lint ids in ``lint_ignore`` are errors; an entry that silences nothing is a warning."""
    problems = []
    for index, entry in enumerate(item.lint_ignore):
        if entry.lint not in SILENCEABLE:
            problems.append(doc.diagnostic(path + ("lint_ignore", index, "lint"), f"unknown lint '{entry.lint}'",
                                           hint=did_you_mean(entry.lint, SILENCEABLE) or "see the list of lints in docs/authoring.md",
                                           code="lint-ignore"))
        elif entry.lint not in fired:
            problems.append(doc.diagnostic(path + ("lint_ignore", index), f"lint_ignore: '{entry.lint}' finds nothing in this question",
                                           hint="remove this entry", severity="warning", code="unused-lint-ignore"))
    return problems


def _check_type(item: Question, report, true_statements: set[str]) -> None:
    if item.type in ("single_choice", "multiple_select"):
        keys = [item.answer] if item.type == "single_choice" else list(item.answers)
        field = "answer" if item.type == "single_choice" else "answers"
        for key in keys:
            if not any(same_text(key, option) for option in item.options):
                report(f"the answer '{key}' is not one of the options", field, "error",
                       "copy the answer exactly from the options list", "answer-not-in-options")
        if item.type == "single_choice" and len(item.options) < 3:
            report(f"only {len(item.options)} options: guessing is too easy", "options",
                   hint="add a plausible distractor, or use a true_false question", code="few-options")
        distractors = [option for option in item.options if not any(same_text(option, key) for key in keys)]
        for distractor in distractors:
            if normalize_answer(distractor) in true_statements:
                report(f"the distractor '{distractor}' is stated as true elsewhere in the lesson", "options",
                       hint="choose a distractor the lesson does not confirm", code="true-distractor")
    elif item.type == "true_false":
        if item.answer is False and normalize_answer(item.stem) in true_statements:
            report("the statement is keyed false but the lesson states it as true elsewhere", "answer", code="true-distractor")
    elif item.type == "ordering":
        if len({normalize_answer(text) for text in item.items}) != len(item.items):
            report("two items to order are the same", "items", "error", code="duplicate-options")
    elif item.type == "matching":
        lefts = [normalize_answer(pair.left) for pair in item.pairs]
        if len(set(lefts)) != len(lefts):
            report("two left-hand entries are the same", "pairs", "error", code="duplicate-options")
        rights = {normalize_answer(pair.right) for pair in item.pairs}
        if any(normalize_answer(extra) in rights for extra in item.extra_rights):
            report("an extra right-hand choice is also a real match", "extra_rights", "error", code="duplicate-options")
    elif item.type == "cloze":
        blanks = cloze_blanks(item.text)
        if not blanks:
            report("the text has no [[blank]]", "text", "error", "mark each blank as [[answer]]", "cloze")
        elif item.word_bank:
            bank = {normalize_answer(word) for word in item.word_bank}
            for answers in blanks:
                if not any(normalize_answer(answer) in bank for answer in answers):
                    report(f"the blank [[{answers[0]}]] has no answer in the word bank", "word_bank", "error", code="cloze")
    elif item.type == "short_answer" and item.pattern:
        try:
            re.compile(item.pattern)
        except re.error as exc:
            report(f"the pattern is not a valid regular expression: {exc}", "pattern", "error", code="pattern")
