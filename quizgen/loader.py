"""Load lesson files: every mistake at once, each with file:line:column and a fix.

The stages, each adding diagnostics rather than stopping at the first:

1. bytes: size cap, UTF-8;
2. YAML: syntax, duplicate keys, aliases (:mod:`quizgen.yamlsource`);
3. shape: the pydantic model (:mod:`quizgen.model`), errors translated to
   plain English with "did you mean" for misspelled keys and values;
4. references and answerability, checked on the raw data so they are
   reported even while other parts of the file are still broken;
5. items: generated items and hand-written ones checked together
   (:mod:`quizgen.lints`).
"""

from __future__ import annotations

import difflib
import os
import stat
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, LessonError, Severity, did_you_mean
from .model import QUESTION_TYPES, Lesson, Question
from .module.checks import check_module_references
from .salvage import data_path, usable_part
from .text import cloze_blanks, cloze_plain, quote_in
from .yamlsource import SourceDocument, parse_yaml

MAX_LESSON_BYTES = 2 * 1024 * 1024
MAX_DIAGNOSTICS = 200


@dataclass
class LoadResult:
    """A lesson (``None`` when it has errors) and everything found while loading it."""

    path: str
    lesson: Lesson | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    bank: list[Question] | None = None
    """The lesson's item bank (hand-written, then generated), built while checking; ``None`` with the lesson."""

    @property
    def errors(self) -> list[Diagnostic]:
        """Diagnostics that stop the lesson from being used."""
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Lint findings: the lesson works but could be better."""
        return [d for d in self.diagnostics if d.severity == "warning"]


def load_lesson(path: str | Path) -> Lesson:
    """Load and check a lesson file; raise :class:`LessonError` listing every error (those ``quizgen validate`` gives).

    Nobody reads the warnings of a lesson loaded for use, so the checks that can only warn are skipped; a lesson
    with errors is checked again in full, so that its list (capped at ``MAX_DIAGNOSTICS`` among warnings) is
    exactly the one validation gives.
    """
    result = check_lesson(path, with_warnings=False)
    if result.errors or result.lesson is None:
        raise LessonError(check_lesson(path).errors)
    return result.lesson


class LessonFileError(Exception):
    """A lesson file that cannot be read as one: not a regular file, or unreadable; carries the diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


def read_lesson_file(path: str | Path) -> bytes:
    """The file's bytes, at most ``MAX_LESSON_BYTES + 1`` of them (enough to tell it is too large).

    Every reader of lesson files (the CLI and the web library) goes through
    here.  The file is opened without blocking and checked to be a regular
    file on the open descriptor, so a FIFO, a device or a folder named
    ``*.yaml`` is refused at once (no wait, no race between a check and the
    open) and a huge file costs at most the cap.  Raises
    :class:`LessonFileError`.
    """
    name = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise LessonFileError(
            Diagnostic(name, 1, 1, f"cannot read the file: {exc.strerror or exc}", code="io")
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise LessonFileError(
                Diagnostic(
                    name,
                    1,
                    1,
                    "not a regular file (a folder, pipe or device is named like a lesson)",
                    hint="rename or remove it: lessons are plain files",
                    code="io",
                )
            )
        chunks = []
        remaining = MAX_LESSON_BYTES + 1
        while remaining > 0:
            chunk = os.read(descriptor, remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise LessonFileError(
            Diagnostic(name, 1, 1, f"cannot read the file: {exc.strerror or exc}", code="io")
        ) from None
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def check_lesson(path: str | Path, *, recheck_days: int | None = None, with_warnings: bool = True) -> LoadResult:
    """Load a lesson file and return the lesson (if usable) with all errors and warnings.

    ``recheck_days``: warn when the lesson's claims were re-checked longer ago than this (default
    ``QUIZGEN_RECHECK_DAYS`` or 365).  ``with_warnings=False`` skips the checks that can only warn (item-writing
    lints, fair quiz size, items that clash in every variant, TODO markers): the errors are the same.
    """
    name = str(path)
    try:
        raw = read_lesson_file(path)
    except LessonFileError as exc:
        return LoadResult(name, None, [exc.diagnostic])
    return check_lesson_bytes(raw, name, recheck_days=recheck_days, with_warnings=with_warnings)


def check_unique_ids(results: list[LoadResult]) -> None:
    """Add an error to every result whose lesson id another file has too, naming the other file.

    Two files with one id would make the web library's choice between them
    depend on which it read first; ``quizgen validate`` refuses that outright.
    """
    first_by_id: dict[str, LoadResult] = {}
    for result in results:
        if result.lesson is None:
            continue
        first = first_by_id.setdefault(result.lesson.id, result)
        if first is result:
            continue
        for mine, other in ((result, first), (first, result)):
            mine.diagnostics.append(duplicate_lesson_id(mine.path, result.lesson.id, other.path))


def duplicate_lesson_id(path: str, lesson_id: str, other: str) -> Diagnostic:
    """The error for a file whose lesson id ``other`` has too."""
    return Diagnostic(
        path,
        1,
        1,
        f"lesson id '{lesson_id}' is also the id of {other}",
        hint="give each lesson file its own id (a lesson's id is its address and keeps its results)",
        code="duplicate-lesson-id",
    )


def check_lesson_bytes(
    raw: bytes, name: str, *, recheck_days: int | None = None, with_warnings: bool = True
) -> LoadResult:
    """Check a lesson given as bytes (``name`` is used in messages; ``with_warnings`` as in :func:`check_lesson`)."""
    if len(raw) > MAX_LESSON_BYTES:
        return LoadResult(
            name,
            None,
            [
                Diagnostic(
                    name,
                    1,
                    1,
                    f"the file is larger than {MAX_LESSON_BYTES // (1024 * 1024)} MB; a lesson is a few kilobytes",
                    hint="split the passage into several lessons, or check that this is the right file",
                    code="size",
                )
            ],
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return LoadResult(
            name,
            None,
            [
                Diagnostic(
                    name,
                    line,
                    column,
                    f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                    hint="save the file as UTF-8 in your editor",
                    code="encoding",
                )
            ],
        )
    return check_lesson_text(text, name, recheck_days=recheck_days, with_warnings=with_warnings)


def check_lesson_text(
    text: str, name: str = "<lesson>", *, recheck_days: int | None = None, with_warnings: bool = True
) -> LoadResult:
    """Check lesson YAML given as text (``with_warnings`` as in :func:`check_lesson`)."""
    doc, problems = parse_yaml(text, name)
    if doc.data is None and problems:
        return LoadResult(name, None, sorted({*problems, *_check_before_syntax_error(text, name, problems)}))
    if not isinstance(doc.data, dict):
        problems.append(
            doc.diagnostic(
                (),
                "a lesson must be a mapping of keys such as id:, title:, paragraphs:",
                hint="start from `quizgen new SLUG`",
                code="shape",
            )
        )
        return LoadResult(name, None, problems)
    problems += check_references(doc)
    lesson = None
    shape_errors: list[tuple] = []
    try:
        lesson = Lesson.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems += _translate_all(errors, doc)
        shape_errors = [data_path(doc.data, error["loc"]) for error in errors]
    except RecursionError:
        problems.append(doc.diagnostic((), "values are nested too deeply", code="depth"))
        return LoadResult(name, None, _capped(sorted(set(problems)), name))
    from .generators import generate, item_bank  # after the shape is right; lints need a whole lesson
    from .lints import check_items

    bank = None
    if lesson is not None and not any(p.severity == "error" for p in problems):
        from .module.checks import check_module_bank
        from .module.discussion import discussion_ids

        generated = generate(lesson)
        problems += check_items(lesson, doc, generated, with_warnings=with_warnings)
        bank = item_bank(lesson, generated[0])
        problems += check_module_bank(
            doc, lesson, bank, discussion_ids(lesson), recheck_days=recheck_days, with_warnings=with_warnings
        )
    else:
        # The rest of the file still gets its item checks, so one pass finds everything.
        partial = usable_part(doc, shape_errors)
        if partial is not None:
            problems += [problem for problem in check_items(*partial) if problem.code not in _WHOLE_LESSON_CHECKS]
    if any(p.severity == "error" for p in problems):
        lesson = bank = None
    return LoadResult(name, lesson, _capped(sorted(set(problems)), name), bank)


# Findings about the lesson as a whole, which a lesson missing its broken parts would get wrong.
_WHOLE_LESSON_CHECKS = frozenset({"quiz-length", "blueprint", "generator"})


def _check_before_syntax_error(text: str, name: str, problems: list[Diagnostic]) -> list[Diagnostic]:
    """Check the lines before a YAML syntax error, so its mistakes come in the same run.

    Only what the lines themselves get wrong is kept: a key or an id that is missing may be further down.
    """
    syntax = [problem for problem in problems if problem.code == "syntax"]
    if not syntax or syntax[0].line <= 1:
        return []
    cut = syntax[0].line
    before = "\n".join(text.splitlines()[: cut - 1])
    doc, parse_problems = parse_yaml(before, name)
    if parse_problems or not isinstance(doc.data, dict):
        return []
    found = [*check_references(doc)]
    shape_errors: list[tuple] = []
    try:
        Lesson.model_validate(doc.data)
    except ValidationError as exc:
        found += _translate_all(exc.errors(include_url=False), doc)
        shape_errors = [data_path(doc.data, error["loc"]) for error in exc.errors(include_url=False)]
    except RecursionError:
        return []
    partial = usable_part(doc, shape_errors)
    if partial is not None:
        from .lints import check_items

        found += [problem for problem in check_items(*partial) if problem.code not in _WHOLE_LESSON_CHECKS]
    return [
        problem
        for problem in found
        if problem.line < cut and problem.code != "reference" and not problem.message.startswith("missing required")
    ]


def _capped(problems: list[Diagnostic], name: str) -> list[Diagnostic]:
    """At most MAX_DIAGNOSTICS, then one line saying how many more: nobody reads 30,000 errors."""
    if len(problems) <= MAX_DIAGNOSTICS:
        return problems
    hidden = problems[MAX_DIAGNOSTICS:]
    last = problems[MAX_DIAGNOSTICS - 1]
    severity: Severity = "error" if any(p.severity == "error" for p in hidden) else "warning"
    return [
        *problems[:MAX_DIAGNOSTICS],
        Diagnostic(
            name,
            last.line,
            last.column,
            f"... and {len(hidden)} more problems not shown",
            severity=severity,
            hint="fix the ones above and validate again",
            code="more",
        ),
    ]


# --- references and answerability, on the raw data ---------------------------------

# section -> what its entries' keys must refer to
_ID_SECTIONS = (
    "paragraphs",
    "objectives",
    "glossary",
    "actors",
    "claims",
    "timeline",
    "blanks",
    "questions",
    "references",
    "discussion",
)
_EVIDENCE_SECTIONS = ("glossary", "claims", "timeline", "questions")


def check_references(doc: SourceDocument) -> list[Diagnostic]:
    """Unique ids, references to existing ids, and evidence quotes found in their paragraphs."""
    data = doc.data
    if not isinstance(data, dict):
        return []  # a lesson that is not a mapping is reported as such, and refers to nothing
    problems: list[Diagnostic] = []
    ids: dict[str, dict[str, int]] = {}
    for section in _ID_SECTIONS:
        ids[section] = {}
        for index, entry in _entries(data, section):
            entry_id = entry.get("id")
            if not isinstance(entry_id, str):
                continue
            if entry_id in ids[section]:
                problems.append(
                    doc.diagnostic(
                        (section, index, "id"),
                        f"duplicate id '{entry_id}' in {section} (also {section}[{ids[section][entry_id]}])",
                        hint="give each entry its own id",
                        code="duplicate-id",
                    )
                )
            else:
                ids[section][entry_id] = index
    paragraphs = {
        entry["id"]: text
        for _, entry in _entries(data, "paragraphs")
        if isinstance(entry.get("id"), str) and (text := _cited_text(entry)) is not None
    }

    def refer(path: tuple, value, section: str, what: str, quote: object = None):
        if value is None or not isinstance(value, str):
            return
        if value not in ids[section]:
            hint = None
            if section == "paragraphs" and isinstance(quote, str):
                # The quote knows better than the spelling which paragraph was meant.
                from .quote_hints import paragraphs_with  # error hints only: a valid lesson never imports them

                holders = paragraphs_with(quote, paragraphs)
                if holders:
                    hint = f"the quote is in paragraph '{holders[0]}': write paragraph: {holders[0]}"
            hint = (
                hint
                or did_you_mean(value, ids[section])
                or (
                    f"known {what} ids: {', '.join(list(ids[section])[:12])}"
                    if ids[section]
                    else f"add it under {section}:"
                )
            )
            problems.append(doc.diagnostic(path, f"unknown {what} '{value}'", hint=hint, code="reference"))

    def evidence(path: tuple, entry: dict, quote_key: str = "evidence", strip_blanks: bool = False):
        quote, paragraph_id = entry.get(quote_key), entry.get("paragraph")
        passage = paragraphs.get(paragraph_id)
        if not isinstance(quote, str) or not isinstance(passage, str):
            return
        shown = cloze_plain(quote) if strip_blanks else quote
        if not quote_in(shown, passage):
            problems.append(_missing_quote(doc, (*path, quote_key), shown, str(paragraph_id), paragraphs))

    for section in (*_EVIDENCE_SECTIONS, "blanks"):
        for index, entry in _entries(data, section):
            quote = entry.get("sentence") if section == "blanks" else entry.get("evidence")
            quote = cloze_plain(quote) if section == "blanks" and isinstance(quote, str) else quote
            refer((section, index, "paragraph"), entry.get("paragraph"), "paragraphs", "paragraph", quote)
            if section == "blanks":
                evidence((section, index), entry, "sentence", strip_blanks=True)
                if isinstance(entry.get("sentence"), str) and not cloze_blanks(entry["sentence"]):
                    problems.append(
                        doc.diagnostic(
                            (section, index, "sentence"),
                            "the sentence has no [[blank]]",
                            hint="mark the words to blank out as [[words]]",
                            code="cloze",
                        )
                    )
            else:
                evidence((section, index), entry)
    for index, entry in _entries(data, "actors"):
        for action_index, action in enumerate(entry.get("actions") or []):
            if isinstance(action, dict):
                path = ("actors", index, "actions", action_index)
                refer((*path, "paragraph"), action.get("paragraph"), "paragraphs", "paragraph", action.get("evidence"))
                evidence(path, action)
    for index, entry in _entries(data, "claims"):
        refer(("claims", index, "asserted_by"), entry.get("asserted_by"), "actors", "actor")
        if entry.get("signal") is not None:
            evidence(("claims", index), entry, "signal")
    for index, entry in _entries(data, "actors"):
        refer(("actors", index, "part_of"), entry.get("part_of"), "actors", "actor")
    for index, entry in _entries(data, "questions"):
        refer(("questions", index, "objective"), entry.get("objective"), "objectives", "objective")
        for cite_index, citation in enumerate(entry.get("also_cites") or []):
            if isinstance(citation, dict):
                path = ("questions", index, "also_cites", cite_index)
                refer(
                    (*path, "paragraph"), citation.get("paragraph"), "paragraphs", "paragraph", citation.get("evidence")
                )
                evidence(path, citation)
    check_module_references(doc, refer, evidence, problems.append)
    blueprint = data.get("blueprint")
    if isinstance(blueprint, dict) and isinstance(blueprint.get("objectives"), dict):
        for objective in blueprint["objectives"]:
            refer(("blueprint", "objectives", objective), objective, "objectives", "objective")
    generators = data.get("generators")
    if isinstance(generators, dict):
        for rule, settings in generators.items():
            if isinstance(settings, dict):
                refer(("generators", rule, "objective"), settings.get("objective"), "objectives", "objective")
    return problems


def _cited_text(paragraph: dict) -> str | None:
    """What a quote may come from: the paragraph's text and its section heading ("What is alleged")."""
    text, heading = paragraph.get("text"), paragraph.get("heading")
    if not isinstance(text, str):
        return None
    return f"{heading}\n{text}" if isinstance(heading, str) and heading.strip() else text


def _missing_quote(doc: SourceDocument, path: tuple, quote: str, cited: str, usable: dict[str, str]) -> Diagnostic:
    """The quote is not in the cited paragraph: say where it is, or what it nearly matches."""
    from .quote_hints import closest_text, paragraphs_with  # error hints only: a valid lesson never imports them

    message = f"the quote is not in paragraph '{cited}': \"{_clip(quote)}\""
    holders = paragraphs_with(quote, usable)
    if holders:
        return doc.diagnostic(
            path,
            f"{message}; it is in paragraph '{holders[0]}'",
            hint=f"write paragraph: {holders[0]}",
            code="answerability",
        )
    near = closest_text(quote, usable, prefer=cited)
    if near is None:
        hint = "copy the words exactly from that paragraph, or cite the paragraph that has them"
    else:
        where = "" if near.paragraph == cited else f" (in paragraph '{near.paragraph}')"
        hint = f'closest text{where}: "{near.text}"; {near.difference}; copy the words exactly'
    return doc.diagnostic(path, message, hint=hint, code="answerability")


def _entries(data: dict, section: str):
    entries = data.get(section)
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                yield index, entry


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# --- pydantic errors in plain English -------------------------------------------


def _translate_all(errors: list[ErrorDetails], doc: SourceDocument) -> list[Diagnostic]:
    """Every pydantic error in plain English; a misspelled required key is one error at the typo, not two."""
    unknown: dict[tuple, list[str]] = {}
    for error in errors:
        if error["type"] == "extra_forbidden":
            path = data_path(doc.data, error["loc"])
            unknown.setdefault(path[:-1], []).append(str(path[-1]))
    diagnostics, misspelled = [], {}
    for error in errors:
        path = data_path(doc.data, error["loc"])
        if error["type"] == "missing" and path:
            typo = _typo_of(str(path[-1]), unknown.get(path[:-1], []))
            if typo is not None:
                misspelled[(*path[:-1], typo)] = path[-1]
                continue
        diagnostics.append(error)
    result = []
    for error in diagnostics:
        path = data_path(doc.data, error["loc"])
        if error["type"] == "extra_forbidden" and path in misspelled:
            result.append(
                doc.diagnostic(
                    path,
                    f"unknown key '{path[-1]}'; the required key '{misspelled[path]}' is missing",
                    hint=f"did you mean '{misspelled[path]}'?",
                    key=True,
                    code="shape",
                )
            )
        else:
            result.append(_translate(error, doc))
    return result


def _typo_of(required: str, unknown_keys: list[str]) -> str | None:
    """The unknown key that is a misspelling of ``required``, if one is."""
    close = difflib.get_close_matches(required, unknown_keys, n=1, cutoff=0.6)
    return close[0] if close else None


def _translate(error: ErrorDetails, doc: SourceDocument) -> Diagnostic:
    path = data_path(doc.data, error["loc"])
    kind, given = error["type"], error.get("input")
    where = path[-1] if path else "lesson"
    hint = None
    on_key = False
    if kind == "extra_forbidden":
        allowed = _allowed_keys(doc.data, path[:-1])
        message = f"unknown key '{where}'"
        hint = did_you_mean(where, allowed) or (f"allowed keys here: {', '.join(allowed)}" if allowed else None)
        on_key = True
    elif kind == "missing":
        message = f"missing required key '{where}'"
        path = path[:-1]
    elif kind == "union_tag_invalid" or (kind == "literal_error" and where == "type"):
        tag = error.get("ctx", {}).get("tag", given)
        message = f"unknown question type '{tag}'"
        hint = did_you_mean(tag, QUESTION_TYPES) or f"use one of: {', '.join(QUESTION_TYPES)}"
        path = (*path, "type") if path[-1:] != ("type",) else path
    elif kind == "union_tag_not_found":
        message = "a question needs a 'type'"
        hint = f"one of: {', '.join(QUESTION_TYPES)}"
    elif kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]
        message = f"'{given}' is not an allowed value for {where}"
        hint = did_you_mean(given, choices) or f"use one of: {expected}"
    elif given is None and kind.endswith("_type"):
        message = f"'{where}' is empty"
        hint = "write a value after the colon, or remove the key if it is optional"
    elif kind in ("string_type",):
        message = f"expected text for '{where}', found {_describe(given)}"
        hint = "if the value is text that YAML reads otherwise, put it in quotes"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = f"expected a whole number for '{where}', found {_describe(given)}"
        hint = "write digits only, e.g. 30"
    elif kind in ("bool_parsing", "bool_type"):
        message = f"expected true or false for '{where}', found {_describe(given)}"
    elif kind in ("list_type",):
        message = f"expected a list for '{where}', found {_describe(given)}"
        hint = "write each entry on its own line starting with '- '"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"expected a mapping (key: value lines) for '{where}', found {_describe(given)}"
    elif kind == "string_pattern_mismatch":
        message = f"'{given}' is not a valid {where}"
        hint = (
            "use lower-case letters, digits and hyphens, e.g. 'p3' or 'kcna'"
            if "a-z0-9" in error.get("ctx", {}).get("pattern", "")
            else "use a language tag such as 'en' or 'ko'"
        )
    elif kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        message = f"'{where}': {_lower_first(error['msg'])}"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        message = f"'{where}' {_lower_first(error['msg'])}, found {given}"
    elif kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
    else:
        message = f"'{where}': {_lower_first(error['msg'])}"
    return doc.diagnostic(path, message, hint=hint, key=on_key, code="shape")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{_clip(str(value), 40)}'"


def _allowed_keys(data, path: tuple) -> list[str]:
    """Field names of the model that describes the mapping at ``path``."""
    model: object = Lesson
    current = data
    for part in path:
        current = (
            current.get(part)
            if isinstance(current, dict)
            else current[part]
            if isinstance(current, list) and isinstance(part, int) and part < len(current)
            else None
        )
        if isinstance(part, int):
            model = _item_type(model)
        elif isinstance(model, type) and issubclass(model, BaseModel) and part in model.model_fields:
            model = model.model_fields[part].annotation
        else:
            return []
        model = _concrete(model, current)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _item_type(annotation):
    args = typing.get_args(annotation)
    return args[0] if typing.get_origin(annotation) is list and args else annotation


def _concrete(annotation, value):
    """Resolve Optional / Annotated / discriminated unions to one class, using the data's 'type'."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            wanted = value.get("type") if isinstance(value, dict) else None
            match = [
                a
                for a in options
                if isinstance(a, type)
                and issubclass(a, BaseModel)
                and "type" in a.model_fields
                and wanted in typing.get_args(a.model_fields["type"].annotation)
            ]
            annotation = match[0] if match else options[0] if len(options) == 1 else annotation
            if not match and len(options) != 1:
                return annotation
        else:
            return annotation
