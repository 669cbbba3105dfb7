"""The ``quizgen`` command: validate, new, preview, schema, stats.

It imports only the core (model, loader, generators, quiz, grading): no
Flask, SQLAlchemy or WeasyPrint, so ``quizgen validate`` starts fast.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Literal

import click

from .diagnostics import LessonError
from .labels import gettext as _
from .loader import check_lesson, check_unique_ids, load_lesson
from .model import SKILL_LABELS, Lesson
from .quiz import QuizOptions, QuizOptionsError, build_quiz, random_seed, seed_from_code
from .render_text import preview_text


def _lesson_files(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            files.append(path)
    return files


@click.group()
@click.version_option(package_name="quizgen")
def main() -> None:
    """Turn news articles into lessons: validate lesson files and build quizzes from them."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def validate(paths: tuple[str, ...], strict: bool, output_format: str) -> None:
    """Check lesson files (or folders of them); exit 1 if any has errors."""
    results = [check_lesson(path) for path in _lesson_files(paths)]
    check_unique_ids(results)
    failed = any(r.errors or (strict and r.warnings) for r in results)
    if output_format == "json":
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
            click.echo(f"{result.path}: {status} ({len(result.errors)} errors, {len(result.warnings)} warnings)")
    sys.exit(1 if failed else 0)


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
    starter = resources.files("quizgen").joinpath("starter.yaml").read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = re.sub(r"^id: starter$", f"id: {slug}", starter, count=1, flags=re.MULTILINE)
    target.write_text(text, encoding="utf-8")
    click.echo(_("wrote %(file)s; edit it, then run: quizgen validate %(file)s", file=target))


def _load_or_exit(path: str) -> Lesson:
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
    full_keys: bool,
    odd_pages: bool,
    page_size: Literal["A4", "Letter"],
    base_url: str | None,
    output: str | None,
) -> None:
    """Print a worksheet, its answer key, or a class set of variants as PDF."""
    from . import pdf  # WeasyPrint is imported only by this command
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
    try:
        if variants:
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


if __name__ == "__main__":  # pragma: no cover
    main()
