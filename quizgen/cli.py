"""The ``quizgen`` command: validate, new, preview, schema, stats, pdf, export.

It imports only the core (model, loader, generators, quiz, grading): no
Flask, SQLAlchemy or WeasyPrint, so ``quizgen validate`` starts fast.
"""

from __future__ import annotations

import gc
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

if TYPE_CHECKING:
    from .model import Lesson

# Each command imports the core modules it needs when it runs: `quizgen draft` and `quizgen --help` do not pay for
# the lesson model, and `quizgen validate` does not pay for quiz building.


def _(message: str, **values: object) -> str:
    from .labels import gettext

    return gettext(message, **values)


def _lesson_files(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            files.append(path)
    return files


class _Process(click.Group):
    """The ``quizgen`` group, with the garbage collector set for one short command when it runs as a process."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line (the console script calls the group; click's test runner calls ``main`` instead)."""
        # Start-up builds 40,000-50,000 tracked objects that live until the end (models, schemas, patterns), and the
        # default collector scanned them about a hundred times for nothing: a tenth of `quizgen export`. A higher
        # threshold still collects what a long `quizgen pdf` run leaves behind.
        gc.set_threshold(100_000, 20, 20)
        try:
            return super().__call__(*args, **kwargs)
        finally:
            # Interpreter shutdown collects every generation once more; frozen objects are simply released with the
            # process. Files are written and closed by then (nothing quizgen writes waits for a finaliser).
            gc.freeze()


@click.group(cls=_Process)
@click.version_option(package_name="quizgen")
def main() -> None:
    """Turn news articles into lessons: validate lesson files and build quizzes from them."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option(
    "--recheck-days",
    type=click.IntRange(1),
    help="Warn when a lesson's claims were last re-checked longer ago than this "
    "(default: $QUIZGEN_RECHECK_DAYS or 365).",
)
def validate(paths: tuple[str, ...], strict: bool, output_format: str, recheck_days: int | None) -> None:
    """Check lesson files (or folders of them); exit 1 if any has errors."""
    from .loader import check_lesson, check_unique_ids
    from .module.checks import recheck_days_from_environment

    if recheck_days is None:
        try:
            recheck_days = recheck_days_from_environment(strict=True)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    results = [check_lesson(path, recheck_days=recheck_days) for path in _lesson_files(paths)]
    check_unique_ids(results)
    failed = any(r.errors or (strict and r.warnings) for r in results)
    if output_format == "json":
        import json  # only the JSON output needs it: `quizgen export` starts without it

        click.echo(
            json.dumps(
                {
                    "ok": not failed,
                    "files": [
                        {
                            "file": r.path,
                            "ok": not (r.errors or (strict and r.warnings)),
                            "diagnostics": [d.as_dict() for d in r.diagnostics],
                        }
                        for r in results
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for result in results:
            for diagnostic in result.diagnostics:
                click.echo(diagnostic.format())
            status = "error" if result.errors else ("warnings" if result.warnings else "ok")
            click.echo(
                f"{result.path}: {status} ({_count(len(result.errors), 'error')}, "
                f"{_count(len(result.warnings), 'warning')})"
            )
    sys.exit(1 if failed else 0)


def _count(number: int, noun: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


@main.command()
@click.argument("slug")
@click.option(
    "--dir", "directory", default="lessons", type=click.Path(file_okay=False), help="Folder for the new lesson."
)
def new(slug: str, directory: str) -> None:
    """Write a commented starter lesson to DIR/SLUG.yaml."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise click.BadParameter(_("use lower-case letters, digits and hyphens, e.g. drones-week-1"), param_hint="SLUG")
    target = Path(directory) / f"{slug}.yaml"
    if target.exists():
        raise click.ClickException(_("%(file)s already exists; choose another slug or edit that file", file=target))
    from importlib import resources

    starter = resources.files("quizgen").joinpath("starter.yaml").read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = re.sub(r"^id: starter$", f"id: {slug}", starter, count=1, flags=re.MULTILINE)
    target.write_text(text, encoding="utf-8")
    click.echo(_("wrote %(file)s; edit it, then run: quizgen validate %(file)s", file=target))


def _load_or_exit(path: str) -> Lesson:
    from .diagnostics import LessonError
    from .loader import load_lesson

    try:
        return load_lesson(path)
    except LessonError as exc:
        for diagnostic in exc.diagnostics:
            click.echo(diagnostic.format(), err=True)
        sys.exit(1)


@main.command()
@click.argument("lesson_path", metavar="LESSON", type=click.Path(exists=True, dir_okay=False))
@click.option("--seed", type=click.IntRange(0), help="Build the quiz for this seed (default: a random one).")
@click.option("--variant", help="Rebuild the quiz of this variant code.")
@click.option("--count", type=click.IntRange(1), help="Draw this many items.")
@click.option("--trace", is_flag=True, help="Show which rule and facts produced each generated item.")
def preview(lesson_path: str, seed: int | None, variant: str | None, count: int | None, trace: bool) -> None:
    """Show the quiz exactly as generated, with answers and explanations."""
    from .quiz import QuizOptions, QuizOptionsError, build_quiz, random_seed, seed_from_code
    from .render_text import preview_text

    lesson = _load_or_exit(lesson_path)
    if variant:
        try:
            seed = seed_from_code(variant)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--variant") from None
    try:
        quiz = build_quiz(lesson, random_seed() if seed is None else seed, QuizOptions(count=count))
    except (QuizOptionsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(preview_text(lesson, quiz, trace=trace))


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of standard output.")
def schema(output: str | None) -> None:
    """Print the JSON Schema of lesson files (for editors)."""
    text = lesson_schema_json()
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def lesson_schema_json() -> str:
    """The lesson JSON Schema, as committed in docs/lesson.schema.json."""
    import json  # only the JSON outputs need it: `quizgen export` starts without it

    from .model import Lesson

    schema = Lesson.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://quizgen.example/lesson.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@main.command()
@click.argument("lesson_path", metavar="LESSON", type=click.Path(exists=True, dir_okay=False))
def stats(lesson_path: str) -> None:
    """Count the lesson's items per type, topic, skill and objective, and say why a rule made fewer items."""
    from .generators import generate, item_bank
    from .model import SKILL_LABELS

    lesson = _load_or_exit(lesson_path)
    items = item_bank(lesson)
    click.echo(
        f"{lesson.title} ({lesson.id}): {len(items)} items, "
        f"{len(lesson.questions)} hand-written, {len(items) - len(lesson.questions)} generated, "
        f"{sum(i.points for i in items)} points"
    )
    tables: dict[str, Counter[str]] = {
        "type": Counter(i.type for i in items),
        "topic": Counter(i.topic for i in items),
        "skill": Counter(SKILL_LABELS[i.skill] if i.skill else "(none)" for i in items),
        "objective": Counter(i.objective or "(none)" for i in items),
        "rule": Counter(i.trace.rule if i.trace else "hand-written" for i in items),
    }
    for title, counts in tables.items():
        click.echo(f"\nby {title}:")
        width = max(len(str(k)) for k in counts)
        for key, value in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            click.echo(f"  {key!s:<{width}}  {value:>3}")
    notes = generate(lesson)[1]
    if notes:
        click.echo("\nfacts that made no item, and why:")
        for note in notes:
            click.echo(f"  {note.rule}: {note.message}")


CLASS_SET_SIZE = 30
"""Worksheets in a ``--kind class-set`` printed without ``--variants`` or ``--names``."""


@main.command("pdf")
@click.argument("lesson_path", metavar="LESSON", type=click.Path(exists=True, dir_okay=False))
@click.option("--seed", type=click.IntRange(0), help="Worksheet for this seed (default: a random one).")
@click.option("--variant", help="Worksheet for this variant code.")
@click.option("--variants", type=click.IntRange(1, 500), help="A class set of this many worksheets, in one PDF.")
@click.option(
    "--class-seed", type=click.IntRange(0), help="Seed the class set's variants derive from (default: random)."
)
@click.option(
    "--names",
    "names_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Text file with one student name per line, printed on the class set's worksheets.",
)
@click.option("--count", type=click.IntRange(1), help="Draw this many items per worksheet.")
@click.option(
    "--key",
    is_flag=True,
    help="The answer key (single variant), or add answer grids and an item reference (class set).",
)
@click.option(
    "--kind",
    type=click.Choice(
        [
            "worksheet",
            "key",
            "class-set",
            "guide",
            "before-reading",
            "lateral-reading",
            "discussion",
            "annotation",
            "exit-ticket",
        ]
    ),
    default="worksheet",
    show_default=True,
    help="What to print: a worksheet, its key, a class set (30 unless --variants), or a teaching-module part (teacher guide, pre-reading "
    "sheet, lateral-reading organiser, discussion cards, annotation key, exit tickets).",
)
@click.option("--full-keys", is_flag=True, help="Class set: add each variant's full answer key too.")
@click.option("--odd-pages", is_flag=True, help="Start each worksheet on an odd page, for duplex printing.")
@click.option("--page-size", type=click.Choice(["A4", "Letter"]), default="A4", show_default=True)
@click.option(
    "--base-url", help="Web app address for the QR code (default: $QUIZGEN_BASE_URL or http://127.0.0.1:5000)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="PDF file to write ('-' for standard output).",
)
def pdf_command(
    lesson_path: str,
    seed: int | None,
    variant: str | None,
    variants: int | None,
    class_seed: int | None,
    names_file: str | None,
    count: int | None,
    key: bool,
    kind: str,
    full_keys: bool,
    odd_pages: bool,
    page_size: Literal["A4", "Letter"],
    base_url: str | None,
    output: str | None,
) -> None:
    """Print a worksheet, its answer key, a class set of variants, or a part of the teaching module as PDF."""
    from . import pdf  # WeasyPrint is imported only by this command
    from .module_print import MODULE_KINDS, render_module
    from .quiz import QuizOptions, QuizOptionsError, build_quiz, random_seed, seed_from_code
    from .settings import Settings, SettingsError

    try:
        settings = Settings.from_environment()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    lesson = _load_or_exit(lesson_path)
    names = None
    if names_file:
        names = [line.strip() for line in Path(names_file).read_text(encoding="utf-8").splitlines() if line.strip()]
        variants = variants or len(names)
    if variants and (seed is not None or variant):
        raise click.UsageError(_("use --seed/--variant for one worksheet or --variants for a class set, not both"))
    if variant:
        try:
            seed = seed_from_code(variant)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--variant") from None
    options = pdf.PrintOptions(page_size=page_size, base_url=base_url or settings.base_url)
    quiz_options = QuizOptions(count=count)
    if kind in MODULE_KINDS and (variants or seed is not None or variant or key):
        raise click.UsageError(
            _("--kind %(kind)s prints the whole lesson: it takes no --seed, --variant, --variants or --key", kind=kind)
        )
    if kind == "key":
        key = True
    if kind == "class-set" and not variants:
        variants = CLASS_SET_SIZE
    try:
        if kind in MODULE_KINDS:
            data = render_module(lesson, kind, options=options, lesson_dir=Path(lesson_path).parent)
            default_name = f"{lesson.id}-{kind}.pdf"
        elif variants:
            class_seed = random_seed() if class_seed is None else class_seed
            keys: Literal["none", "grids", "full"] = "full" if full_keys else "grids" if key else "none"
            data = pdf.render_class_set(
                lesson,
                class_seed,
                variants,
                names=names,
                odd_page_starts=odd_pages,
                keys=keys,
                quiz_options=quiz_options,
                options=options,
                lesson_dir=Path(lesson_path).parent,
            )
            default_name = f"{lesson.id}-class-set-{class_seed}.pdf"
            click.echo(_("class set of %(count)s from class seed %(seed)s", count=variants, seed=class_seed), err=True)
        else:
            quiz = build_quiz(lesson, random_seed() if seed is None else seed, quiz_options)
            data = pdf.render_worksheet(lesson, quiz, key=key, options=options, lesson_dir=Path(lesson_path).parent)
            default_name = f"{lesson.id}-{'key-' if key else ''}{quiz.variant_code}.pdf"
    except (QuizOptionsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    if output == "-":
        sys.stdout.buffer.write(data)
        return
    target = Path(output or default_name)
    target.write_bytes(data)
    click.echo(_("wrote %(file)s (%(size)s KB)", file=target, size=len(data) // 1024), err=True)


@main.command("export")
@click.argument("lesson_path", metavar="LESSON", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["qti", "moodle", "gift", "kahoot", "quizizz"]),
    required=True,
    help="qti (Canvas, Blackboard, D2L, Schoology), moodle (Moodle XML), gift, kahoot or quizizz (spreadsheets).",
)
@click.option("--seed", type=click.IntRange(0), help="Export the quiz of this seed.")
@click.option("--variant", help="Export the quiz of this variant code.")
@click.option("--variants", type=click.IntRange(1, 200), help="Export this many drawn variants.")
@click.option("--class-seed", type=click.IntRange(0), help="Seed the variants derive from (default: random).")
@click.option("--bank", is_flag=True, help="Export every item of the lesson's bank (the default).")
@click.option("--count", type=click.IntRange(1), help="Draw this many items per quiz.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="File to write ('-' for standard output)."
)
def export_command(
    lesson_path: str,
    output_format: str,
    seed: int | None,
    variant: str | None,
    variants: int | None,
    class_seed: int | None,
    bank: bool,
    count: int | None,
    output: str | None,
) -> None:
    """Export a lesson's bank, or drawn quizzes, for a learning platform or a game quiz tool."""
    from .exports import export
    from .quiz import QuizOptions, QuizOptionsError, build_quiz, derive_seed, random_seed, seed_from_code

    chosen = [
        name
        for name, given in (
            ("--bank", bank),
            ("--seed/--variant", seed is not None or variant),
            ("--variants", variants),
        )
        if given
    ]
    if len(chosen) > 1:
        raise click.UsageError(_("choose one of --bank, --seed/--variant and --variants"))
    if seed is not None and variant:
        raise click.UsageError(_("use --seed or --variant, not both"))
    if count and not (seed is not None or variant or variants):
        raise click.UsageError(_("--count draws quizzes: use it with --seed, --variant or --variants"))
    lesson = _load_or_exit(lesson_path)
    if variant:
        try:
            seed = seed_from_code(variant)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--variant") from None
    try:
        options = QuizOptions(count=count)
        if variants:
            class_seed = random_seed() if class_seed is None else class_seed
            quizzes = [build_quiz(lesson, derive_seed(class_seed, index), options) for index in range(variants)]
        elif seed is not None:
            quizzes = [build_quiz(lesson, seed, options)]
        else:
            quizzes = []
        exported = export(lesson, output_format, quizzes=quizzes or None)
    except (QuizOptionsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    for note in exported.notes:
        click.echo(_("warning: %(note)s", note=note), err=True)
    if output == "-":
        sys.stdout.buffer.write(exported.data)
        return
    target = Path(output or exported.filename)
    target.write_bytes(exported.data)
    click.echo(_("wrote %(file)s (%(size)s KB)", file=target, size=len(exported.data) // 1024), err=True)


@main.command()
@click.argument("article", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--dir", "directory", default="lessons", type=click.Path(file_okay=False), help="Folder for the drafted lesson."
)
@click.option("--slug", help="The lesson's id and file name (default: from the headline).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here instead ('-' for standard output).",
)
@click.option("--force", is_flag=True, help="Overwrite the lesson file if it exists.")
def draft(article: str, directory: str, slug: str | None, output: str | None, force: bool) -> None:
    """Draft a lesson from a raw article (.txt, .md, a saved .html page, or - for standard input).

    Every paragraph is copied verbatim, with claim, actor, timeline and glossary candidates quoted from it;
    what only you can write is marked TODO, and `quizgen validate` lists each one.
    """
    from .draft import DraftError, draft_lesson
    from .draft.article import MAX_ARTICLE_BYTES

    if slug is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise click.BadParameter("use lower-case letters, digits and hyphens, e.g. drones-week-1", param_hint="--slug")
    try:
        if article == "-":
            raw = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
        else:
            with open(article, "rb") as handle:
                raw = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise click.ClickException(f"cannot read {article}: {exc.strerror or exc}") from None
    try:
        result = draft_lesson(raw, article, slug_override=slug)
    except DraftError as exc:
        raise click.ClickException(f"{article}: {exc}") from None
    if output == "-":
        click.echo(result.yaml, nl=False)
        return
    target = Path(output) if output else Path(directory) / f"{result.slug}.yaml"
    if target.exists() and not force:
        raise click.ClickException(
            f"{target} already exists; use --force to overwrite it, or --slug to pick another name"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.yaml, encoding="utf-8")
    click.echo(
        f"wrote {target}: {len(result.claims)} claim candidates, {result.actors} actors, "
        f"{len(result.events)} time expressions, {len(result.terms)} glossary terms\n"
        f"next: edit the TODOs, then run: quizgen validate {target}",
        err=True,
    )


if __name__ == "__main__":  # pragma: no cover
    main()
