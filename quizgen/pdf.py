"""Print-ready PDFs: student worksheets, answer keys and class sets.

A built :class:`~quizgen.quiz.Quiz` becomes HTML through the Jinja2 templates
in the package's ``templates/print/`` (autoescaped; lesson Markdown goes through
:mod:`quizgen.markup` first), then a PDF through WeasyPrint with

* one :class:`~weasyprint.text.fonts.FontConfiguration` and one parsed
  ``static/print.css`` shared by every document (created on first use);
* :class:`~quizgen.print_fetcher.SafeURLFetcher` on every ``HTML`` and
  ``CSS`` object, so only the package's ``static/`` folder and the lesson's
  own asset folder can be read, and no network request is ever made;
* embedded-file attachments (``<link rel=attachment>``, ``<a rel=attachment>``)
  dropped before the PDF is written.

A class set is one HTML document rendered in one WeasyPrint pass.
:class:`PdfCache` keeps rendered bytes by (lesson content hash, seeds, kind,
options) so an identical second request is not rendered again; its disk
folder, if any, has a size bound.

This module imports WeasyPrint; the core (CLI ``validate``/``preview``) does
not import it.  It does not import Flask either, and reads no environment
variable: its callers (the web app, the ``quizgen pdf`` command) pass what
:class:`~quizgen.settings.Settings` holds.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .feedback import feedback_for
from .fields import SAFE_URL_SCHEMES
from .generators import item_bank
from .items import question_type
from .labels import current_language, gettext, translations, use_language
from .markup import render_inline, render_markdown
from .model import Lesson
from .print_fetcher import SafeURLFetcher
from .quiz import Quiz, QuizItem, QuizOptions, build_quiz, derive_seed

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
STYLESHEET = STATIC_DIR / "print.css"
DEFAULT_BASE_URL = "http://127.0.0.1:5000"
DEFAULT_DISK_CACHE_BYTES = 200 * 1024 * 1024

PAGE_SIZES = {"A4": "A4", "Letter": "letter"}
KeyKind = Literal["none", "grids", "full"]


@dataclass(frozen=True)
class PrintOptions:
    """Layout choices that change the PDF (and so belong in the cache key)."""

    page_size: Literal["A4", "Letter"] = "A4"
    base_url: str | None = None
    """Web app address the QR code points to; ``None`` means the local dev server, :data:`DEFAULT_BASE_URL`."""

    def __post_init__(self):
        if self.page_size not in PAGE_SIZES:
            raise ValueError(gettext("page size must be one of %(sizes)s", sizes=", ".join(PAGE_SIZES)))

    @property
    def site(self) -> str:
        """The base URL actually used."""
        return (self.base_url or DEFAULT_BASE_URL).rstrip("/")

    def describe(self) -> dict:
        """The options as plain data (for cache keys)."""
        return {"page_size": self.page_size, "base_url": self.site}


# --- view models: what the templates see --------------------------------------------


@dataclass(frozen=True)
class ItemView:
    """One question as printed on a worksheet: nothing here reveals the key."""

    number: int
    id: str
    type: str
    fragment: str
    """The template that prints the answer space (the type's ``print_fragment``)."""
    label: str
    number_text: str
    """E.g. ``"\u20077.\u2002"``: padded with a figure space below 10 so stems line up on a hanging indent."""
    instruction: str
    points: int
    stem: Markup
    choices: tuple[tuple[str, Markup], ...] = ()
    """(letter, text) for choice items, ordering items and the left side of matching."""
    rights: tuple[tuple[str, Markup], ...] = ()
    """(letter, text) for the right side of matching."""
    cloze: tuple[Markup, ...] = ()
    """Text around the blanks (one more piece than blanks)."""
    word_bank: tuple[Markup, ...] = ()
    lines: int = 0
    """Write-on lines for short answer and open response."""


@dataclass(frozen=True)
class KeyView:
    """One question's key as printed on an answer key."""

    item: ItemView
    short: str
    """Compact key for the answer grid (letters and words)."""
    lines: tuple[Markup, ...]
    explanation: Markup | None
    evidence: Markup
    paragraph_number: int
    rubric: tuple[tuple[int, Markup], ...] = ()
    sample_answer: Markup | None = None
    more_evidence: tuple[tuple[Markup, int], ...] = ()
    """Further quotes with their paragraph numbers."""


@dataclass(frozen=True)
class Sheet:
    """One variant for one student (or none): what the worksheet and key templates need."""

    quiz: Quiz
    items: tuple[ItemView, ...]
    student: str | None
    quiz_url: str
    qr: str
    anchor: str
    """Unique id prefix, so per-variant page counts work inside a class set."""
    words: tuple = ()
    """The glossary entries the "Words to know" box shows: those no item of this variant asks about."""

    @property
    def variant(self) -> str:
        """The printed variant code."""
        return self.quiz.variant_code


def _inline(text: str) -> Markup:
    return Markup(render_inline(text))  # sanitised by quizgen.markup


def item_view(entry: QuizItem) -> ItemView:
    """The student-facing view of one quiz item."""
    item = entry.item
    kind = question_type(item)
    return ItemView(
        number=entry.number,
        id=item.id,
        type=item.type,
        fragment=kind.print_fragment,
        label=gettext(kind.label),
        number_text=f"{entry.number:\u2007>2}.\u2002",
        instruction=gettext(kind.print_instruction),
        points=item.points,
        stem=_inline(item.stem),
        lines=kind.write_on_lines(item),
        **kind.print_view(entry),
    )


def key_view(lesson: Lesson, entry: QuizItem, view: ItemView, *, in_words: bool = False) -> KeyView:
    """The teacher-facing key of one quiz item, in the variant's own letters (or only in words)."""
    item = entry.item
    kind = question_type(item)
    feedback = feedback_for(lesson, item)
    printed = kind.print_key(entry, in_words=in_words)
    return KeyView(
        view,
        "" if in_words else kind.short_key(entry),
        printed.lines,
        _inline(feedback.explanation) if feedback.explanation else None,
        _inline(feedback.evidence),
        feedback.paragraph_number,
        printed.rubric,
        printed.sample_answer,
        tuple((_inline(evidence), number) for evidence, number in feedback.more),
    )


def quiz_url(lesson: Lesson, quiz: Quiz, options: PrintOptions) -> str:
    """The web quiz for the same lesson and variant (what the QR code encodes)."""
    return f"{options.site}/lessons/{lesson.id}?variant={quiz.variant_code}"


def _qr_data_uri(url: str) -> str:
    # One pixel per module, scaled up by CSS with image-rendering: pixelated: a
    # 400-byte PNG draws far faster in WeasyPrint than the equivalent SVG path.
    # A fixed mask skips segno's scoring of all eight (a third of its time); any mask scans.
    return segno.make(url, error="m", micro=False, mask=0).png_data_uri(scale=1, border=0)


def make_sheet(
    lesson: Lesson, quiz: Quiz, *, student: str | None = None, options: PrintOptions | None = None, anchor: str = "v"
) -> Sheet:
    """Everything the worksheet and answer-key templates need for one variant."""
    options = options or PrintOptions()
    url = quiz_url(lesson, quiz, options)
    items = tuple(item_view(entry) for entry in quiz.items)
    # A vocabulary item's key is a definition: the box leaves out the terms this variant tests.
    tested = {fact for entry in quiz.items if entry.item.trace for fact in entry.item.trace.facts}
    words = tuple(entry for entry in lesson.glossary if f"glossary.{entry.id}" not in tested)
    return Sheet(quiz, items, student, url, _qr_data_uri(url), anchor, words)


def _keys(lesson: Lesson, sheet: Sheet) -> tuple[KeyView, ...]:
    return tuple(key_view(lesson, entry, view) for entry, view in zip(sheet.quiz.items, sheet.items, strict=False))


def _passage(lesson: Lesson) -> list[dict]:
    return [
        {"number": number, "heading": p.heading, "html": Markup(render_markdown(p.text))}
        for number, p in enumerate(lesson.paragraphs, start=1)
    ]


def _reference(lesson: Lesson, quizzes: Sequence[Quiz]) -> list[KeyView]:
    """Every item drawn by any of the quizzes, in lesson order, keyed by item id (class-set keys)."""
    used = {entry.item.id for quiz in quizzes for entry in quiz.items}
    entries = [QuizItem(0, item) for item in item_bank(lesson) if item.id in used]
    return [key_view(lesson, entry, item_view(entry), in_words=True) for entry in entries]


# --- templates -----------------------------------------------------------------------

_env: Environment | None = None
_env_lock = threading.Lock()


def template_environment() -> Environment:
    """The Jinja2 environment for ``templates/print/`` (autoescape on, strict undefined, labels translated)."""
    global _env
    with _env_lock:
        if _env is None:
            _env = Environment(
                loader=FileSystemLoader(TEMPLATES_DIR),
                autoescape=True,
                trim_blocks=True,
                lstrip_blocks=True,
                undefined=StrictUndefined,
                auto_reload=False,
                extensions=["jinja2.ext.i18n"],
            )
            # install_gettext_callables is added by the i18n extension, so the checker cannot see it.
            _env.install_gettext_callables(  # type: ignore[attr-defined]
                gettext=lambda message: translations(current_language()).gettext(message),
                ngettext=lambda singular, plural, n: translations(current_language()).ngettext(singular, plural, n),
                newstyle=True,
            )
            # The teaching module's print templates render lesson Markdown themselves (sanitised by quizgen.markup).
            _env.filters["markdown"] = lambda text: Markup(render_markdown(text or ""))
            _env.filters["markdown_inline"] = lambda text: Markup(render_inline(text or ""))
    return _env


def page_number_css() -> str:
    """The footer's "Page x of y" as a CSS ``content`` value, in the current language's word order."""
    marked = gettext("Page %(page)s of %(pages)s", page="\0page\0", pages="\0pages\0")
    pieces = re.split("\0(page|pages)\0", marked)
    values = []
    for index, piece in enumerate(pieces):
        if index % 2:
            values.append("counter(page)" if piece == "page" else "string(part-pages)")
        elif piece:
            values.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(values)


def _part(kind: str, *, first: bool = False, odd: bool = False, **data) -> dict:
    """One section of a printed document; ``kind`` names its template in ``templates/print/``."""
    return {"kind": kind, "first": first, "odd": odd, **data}


def _document_html(
    lesson: Lesson, parts: list[dict], *, options: PrintOptions, title: str, inline_css: bool = False
) -> str:
    env = template_environment()
    css = Markup(STYLESHEET.read_text(encoding="utf-8")) if inline_css else None
    return env.get_template("print/base.html").render(
        lesson=lesson,
        parts=parts,
        page_size=PAGE_SIZES[options.page_size],
        title=title,
        passage=_passage(lesson),
        objectives=[_inline(o.text) for o in lesson.objectives],
        inline_css=css,
        page_numbers=Markup(page_number_css()),
    )


def worksheet_html(
    lesson: Lesson,
    quiz: Quiz,
    *,
    key: bool = False,
    student: str | None = None,
    options: PrintOptions | None = None,
    inline_css: bool = False,
) -> str:
    """HTML of one worksheet, or of its answer key (with answer grid) when ``key`` is true.

    ``inline_css`` embeds ``static/print.css`` in a ``<style>`` so the HTML
    renders the same on its own (used by the benchmark's baseline).  Labels
    are in the lesson's language.
    """
    with use_language(lesson.language):
        return _worksheet_html(lesson, quiz, key=key, student=student, options=options, inline_css=inline_css)


def _worksheet_html(
    lesson: Lesson, quiz: Quiz, *, key: bool, student: str | None, options: PrintOptions | None, inline_css: bool
) -> str:
    options = options or PrintOptions()
    sheet = make_sheet(lesson, quiz, student=student, options=options)
    if key:
        keys = _keys(lesson, sheet)
        parts = [_part("answer_key", first=True, sheet=sheet, keys=keys), _part("answer_grid", sheet=sheet, keys=keys)]
        title = gettext("Answer key \u2014 %(title)s \u2014 %(variant)s", title=lesson.title, variant=quiz.variant_code)
    else:
        parts = [_part("worksheet", first=True, sheet=sheet)]
        title = f"{lesson.title} \u2014 {quiz.variant_code}"
    return _document_html(lesson, parts, options=options, title=title, inline_css=inline_css)


def class_set_quizzes(
    lesson: Lesson,
    class_seed: int,
    count: int,
    quiz_options: QuizOptions | None = None,
    *,
    shared: bool = False,
    seeds: Sequence[int] | None = None,
) -> list[Quiz]:
    """The ``count`` variants of a class set: student ``i`` gets seed ``derive_seed(class_seed, i)``,
    or, with ``shared``, every student gets the one variant of ``class_seed``; ``seeds`` gives each
    sheet's variant instead (the variants students used online)."""
    if seeds is not None:
        bank = item_bank(lesson)
        return [build_quiz(lesson, seed, quiz_options, bank=bank) for seed in seeds]
    if shared:
        return [build_quiz(lesson, class_seed, quiz_options)] * count
    bank = item_bank(lesson)
    return [build_quiz(lesson, derive_seed(class_seed, index), quiz_options, bank=bank) for index in range(count)]


def class_set_html(
    lesson: Lesson,
    quizzes: Sequence[Quiz],
    *,
    names: Sequence[str] | None = None,
    odd_page_starts: bool = False,
    keys: KeyKind = "grids",
    options: PrintOptions | None = None,
    inline_css: bool = False,
) -> str:
    """HTML of a class set: one worksheet per quiz, then (``keys``) the teacher's pages.

    ``keys="grids"`` adds a roster, one answer grid per variant and one
    reference of every drawn item (explanations, evidence, rubrics) by item
    id; ``"full"`` adds each variant's full answer key before its grid;
    ``"none"`` prints worksheets only.  Labels are in the lesson's language.
    """
    with use_language(lesson.language):
        return _class_set_html(
            lesson,
            quizzes,
            names=names,
            odd_page_starts=odd_page_starts,
            keys=keys,
            options=options,
            inline_css=inline_css,
        )


def _class_set_html(
    lesson: Lesson,
    quizzes: Sequence[Quiz],
    *,
    names: Sequence[str] | None,
    odd_page_starts: bool,
    keys: KeyKind,
    options: PrintOptions | None,
    inline_css: bool,
) -> str:
    options = options or PrintOptions()
    names = list(names or [])
    if len(names) > len(quizzes):
        raise ValueError(gettext("%(names)s names for %(count)s worksheets", names=len(names), count=len(quizzes)))
    sheets = [
        make_sheet(lesson, quiz, student=names[i] if i < len(names) else None, options=options, anchor=f"s{i}")
        for i, quiz in enumerate(quizzes)
    ]
    odd = odd_page_starts
    parts = [_part("worksheet", first=i == 0, odd=odd, sheet=sheet) for i, sheet in enumerate(sheets)]
    if keys != "none":
        # The teacher's pages start on a sheet of their own, then follow each other.
        parts.append(_part("class_set", odd=odd, sheets=sheets))
        for sheet in sheets:
            sheet_keys = _keys(lesson, sheet)
            if keys == "full":
                parts.append(_part("answer_key", sheet=sheet, keys=sheet_keys))
            parts.append(_part("answer_grid", sheet=sheet, keys=sheet_keys))
        if keys == "grids":
            parts.append(_part("item_reference", keys=_reference(lesson, quizzes)))
    return _document_html(
        lesson,
        parts,
        options=options,
        title=gettext("%(title)s \u2014 class set of %(count)s", title=lesson.title, count=len(quizzes)),
        inline_css=inline_css,
    )


# --- rendering -----------------------------------------------------------------------

_render_lock = threading.RLock()
_fonts: FontConfiguration | None = None
_stylesheet: CSS | None = None


def _shared_style() -> tuple[FontConfiguration, CSS]:
    """The one font configuration and parsed print stylesheet, created on first use."""
    global _fonts, _stylesheet
    if _stylesheet is None:
        _fonts = FontConfiguration()
        _stylesheet = CSS(filename=STYLESHEET, font_config=_fonts, url_fetcher=SafeURLFetcher([STATIC_DIR]))
    return _fonts, _stylesheet


def allowed_roots(lesson_id: str | None = None, lesson_dir: str | Path | None = None) -> list[Path]:
    """Folders the renderer may read: the package's ``static/`` and, when both are given, the lesson's asset folders
    ``<lesson_dir>/assets/<lesson_id>/`` and ``<lesson_dir>/<lesson_id>/``."""
    roots = [STATIC_DIR]
    if lesson_id and lesson_dir:
        roots.append(Path(lesson_dir) / "assets" / lesson_id)
        roots.append(Path(lesson_dir) / lesson_id)  # a teaching module's images (before_reading.image)
    return roots


def render_html(
    html: str,
    *,
    lesson_id: str | None = None,
    lesson_dir: str | Path | None = None,
    fetcher: SafeURLFetcher | None = None,
) -> bytes:
    """Render any HTML to PDF the way every worksheet is rendered (safe fetcher, shared style, no attachments).

    Relative URLs resolve against the package's ``static/``.  Pass ``fetcher`` to inspect
    what was refused afterwards.
    """
    fetcher = fetcher or SafeURLFetcher(allowed_roots(lesson_id, lesson_dir))
    with _render_lock, _gc_paused():  # the lock: WeasyPrint's shared font configuration is not thread-safe
        fonts, stylesheet = _shared_style()
        document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=[stylesheet]
        )
        _drop_attachments(document)
        data = document.write_pdf()
        del document
    gc.collect(0)  # the render's garbage is all still young: free it now, not in the next request
    return data


@contextmanager
def _gc_paused():
    # A render allocates hundreds of thousands of short-lived objects; cyclic GC passes
    # during it cost ~10% of the time and free little.  Everything is collected right after.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _drop_attachments(document) -> None:
    # <link rel=attachment> ends up in metadata, <a rel=attachment> in page links;
    # even files the fetcher allows must not be embedded in a worksheet.  A relative link resolves against
    # the package's static folder, so its annotation would print a server path (file:///srv/...): only web
    # addresses and links within the document are kept.
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if _printable_link(link[0], link[1])]


def _printable_link(kind: str, target: str) -> bool:
    if kind == "internal":
        return True
    return kind == "external" and urlsplit(target).scheme.lower() in SAFE_URL_SCHEMES


def render_worksheet(
    lesson: Lesson,
    quiz: Quiz,
    *,
    key: bool = False,
    student: str | None = None,
    options: PrintOptions | None = None,
    lesson_dir: str | Path | None = None,
) -> bytes:
    """PDF of one student worksheet, or of its answer key and answer grid when ``key`` is true."""
    html = worksheet_html(lesson, quiz, key=key, student=student, options=options)
    return render_html(html, lesson_id=lesson.id, lesson_dir=lesson_dir)


def render_answer_key(
    lesson: Lesson, quiz: Quiz, *, options: PrintOptions | None = None, lesson_dir: str | Path | None = None
) -> bytes:
    """PDF of the answer key of one variant, followed by its one-page answer grid."""
    return render_worksheet(lesson, quiz, key=True, options=options, lesson_dir=lesson_dir)


def render_class_set(
    lesson: Lesson,
    class_seed: int,
    count: int,
    *,
    names: Sequence[str] | None = None,
    odd_page_starts: bool = False,
    keys: KeyKind = "grids",
    quiz_options: QuizOptions | None = None,
    options: PrintOptions | None = None,
    lesson_dir: str | Path | None = None,
    shared: bool = False,
    seeds: Sequence[int] | None = None,
) -> bytes:
    """PDF of ``count`` worksheets (seeds derived from ``class_seed``, or all on its one variant
    with ``shared``, or the given ``seeds``) and their keys, in one pass.

    Each worksheet starts on a new page (on an odd page with
    ``odd_page_starts``, for duplex printing); ``names`` prints a student's
    name on each worksheet, in order.  See :func:`class_set_html` for ``keys``.
    """
    if not 1 <= count <= 500:
        raise ValueError(gettext("a class set has 1 to 500 worksheets"))
    quizzes = class_set_quizzes(lesson, class_seed, count, quiz_options, shared=shared, seeds=seeds)
    html = class_set_html(lesson, quizzes, names=names, odd_page_starts=odd_page_starts, keys=keys, options=options)
    return render_html(html, lesson_id=lesson.id, lesson_dir=lesson_dir)


# --- cache ---------------------------------------------------------------------------


class PdfCache:
    """Rendered PDFs by key: an in-memory LRU, optionally backed by a folder on disk.

    Keys are built by :meth:`key` from the lesson's content hash, the seed(s),
    the kind and every option that changes the output, so an edited lesson
    never gets a stale PDF.  The folder holds at most ``max_disk_bytes`` of
    PDFs: after each write the least recently used files (oldest modification
    time; a disk hit renews it) are deleted until it fits, whichever process
    wrote them.  ``max_disk_bytes=0`` keeps nothing on disk.
    """

    def __init__(
        self,
        max_items: int = 64,
        max_bytes: int = 256 * 1024 * 1024,
        directory: str | Path | None = None,
        max_disk_bytes: int = DEFAULT_DISK_CACHE_BYTES,
    ):
        self.max_items = max_items
        self.max_bytes = max_bytes
        self.directory = Path(directory) if directory and max_disk_bytes > 0 else None
        self.max_disk_bytes = max_disk_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(content_hash: str, kind: str, seeds: Sequence[int], **options) -> str:
        """A stable digest of everything that determines a PDF."""
        raw = json.dumps(
            {"lesson": content_hash, "kind": kind, "seeds": list(seeds), **options},
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        return hashlib.sha256(raw.encode()).hexdigest()

    def get(self, key: str) -> bytes | None:
        """Cached bytes for ``key`` (memory first, then disk), or ``None``."""
        with self._lock:
            data = self._items.get(key)
            if data is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return data
        if self.directory is not None:
            try:
                data = (self.directory / f"{key}.pdf").read_bytes()
            except OSError:
                data = None
            if data is not None:
                self._touch(key)
                self._remember(key, data)
                with self._lock:
                    self.hits += 1
                return data
        with self._lock:
            self.misses += 1
        return None

    def put(self, key: str, data: bytes) -> None:
        """Store rendered bytes (in memory, and on disk when a folder is set and they fit in its bound)."""
        self._remember(key, data)
        if self.directory is not None and len(data) <= self.max_disk_bytes:
            self.directory.mkdir(parents=True, exist_ok=True)
            temporary = self.directory / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
            temporary.write_bytes(data)
            temporary.replace(self.directory / f"{key}.pdf")  # atomic: readers never see half a file
            self._trim_disk()

    def get_or_render(self, key: str, render: Callable[[], bytes]) -> bytes:
        """Cached bytes for ``key``, or ``render()``'s result, stored."""
        data = self.get(key)
        if data is None:
            data = render()
            self.put(key, data)
        return data

    def clear(self) -> None:
        """Forget everything held in memory (the disk folder is left alone)."""
        with self._lock:
            self._items.clear()
            self._size = 0

    def disk_usage(self) -> int:
        """Bytes of PDFs in the disk folder (0 without one)."""
        return sum(size for _, size, _ in self._disk_files())

    def _disk_files(self) -> list[tuple[int, int, Path]]:
        # (modification time, size, path) of every cached PDF, oldest first.
        files: list[tuple[int, int, Path]] = []
        if self.directory is None:
            return files
        try:
            entries = list(os.scandir(self.directory))
        except OSError:
            return files
        for entry in entries:
            if not entry.name.endswith(".pdf") or entry.name.startswith("."):
                continue
            try:
                stat = entry.stat()
            except OSError:  # deleted by another process meanwhile
                continue
            files.append((stat.st_mtime_ns, stat.st_size, Path(entry.path)))
        return sorted(files)

    def _trim_disk(self) -> None:
        files = self._disk_files()
        total = sum(size for _, size, _ in files)
        for _, size, path in files:
            if total <= self.max_disk_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size

    def _touch(self, key: str) -> None:
        if self.directory is None:
            return
        with contextlib.suppress(OSError):  # evicted meanwhile: it is in memory now anyway
            os.utime(self.directory / f"{key}.pdf")

    def _remember(self, key: str, data: bytes) -> None:
        with self._lock:
            if key in self._items:
                self._size -= len(self._items.pop(key))
            self._items[key] = data
            self._size += len(data)
            while self._items and (len(self._items) > self.max_items or self._size > self.max_bytes):
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)


_default_cache: PdfCache | None = None


def default_cache() -> PdfCache:
    """The process-wide memory-only cache, for callers that pass none (the web app passes its own)."""
    global _default_cache
    if _default_cache is None:
        _default_cache = PdfCache()
    return _default_cache


def _names_digest(names: Sequence[str] | None) -> str | None:
    # Student names stay out of cache file names and keys in clear.
    return hashlib.sha256("\0".join(names).encode()).hexdigest() if names else None


def worksheet_pdf(
    lesson: Lesson,
    content_hash: str,
    seed: int,
    *,
    key: bool = False,
    quiz_options: QuizOptions | None = None,
    options: PrintOptions | None = None,
    lesson_dir: str | Path | None = None,
    cache: PdfCache | None = None,
) -> bytes:
    """Cached PDF of the worksheet (or answer key) for ``seed``: what a download route calls.

    ``content_hash`` is :attr:`quizgen.library.LessonEntry.content_hash`.
    """
    options = options or PrintOptions()
    quiz_options = quiz_options or QuizOptions()
    cache = cache or default_cache()
    cache_key = PdfCache.key(
        content_hash, "key" if key else "worksheet", [seed], quiz=quiz_options.describe(), print=options.describe()
    )
    return cache.get_or_render(
        cache_key,
        lambda: render_worksheet(
            lesson, build_quiz(lesson, seed, quiz_options), key=key, options=options, lesson_dir=lesson_dir
        ),
    )


def class_set_pdf(
    lesson: Lesson,
    content_hash: str,
    class_seed: int,
    count: int,
    *,
    names: Sequence[str] | None = None,
    odd_page_starts: bool = False,
    keys: KeyKind = "grids",
    quiz_options: QuizOptions | None = None,
    options: PrintOptions | None = None,
    lesson_dir: str | Path | None = None,
    cache: PdfCache | None = None,
    shared: bool = False,
    seeds: Sequence[int] | None = None,
) -> bytes:
    """Cached PDF of a class set (see :func:`render_class_set`)."""
    options = options or PrintOptions()
    quiz_options = quiz_options or QuizOptions()
    cache = cache or default_cache()
    cache_key = PdfCache.key(
        content_hash,
        "class-set",
        [class_seed, count],
        names=_names_digest(names),
        odd=odd_page_starts,
        keys=keys,
        quiz=quiz_options.describe(),
        print=options.describe(),
        shared=shared,
        variants=list(seeds) if seeds is not None else None,
    )
    return cache.get_or_render(
        cache_key,
        lambda: render_class_set(
            lesson,
            class_seed,
            count,
            names=names,
            odd_page_starts=odd_page_starts,
            keys=keys,
            quiz_options=quiz_options,
            options=options,
            lesson_dir=lesson_dir,
            shared=shared,
            seeds=seeds,
        ),
    )
