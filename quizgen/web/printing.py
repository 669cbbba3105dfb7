"""PDF downloads through :mod:`quizgen.pdf`: the student worksheet, the teacher's keys and the module's printouts.

Class sets are made in the background (:mod:`quizgen.jobs`, :mod:`quizgen.web.print_jobs`); the helpers here
give them their print options and file name, and serve the finished file.

Renders are cached by the app's :class:`quizgen.pdf.PdfCache` (a second
identical download is not rendered again; its disk folder and size bound
come from the settings) and throttled by :mod:`quizgen.web.limits`; a render
holds the PDF module's lock for a fraction of a second to a few seconds.
QR codes on worksheets point at ``QUIZGEN_BASE_URL`` when set.  Otherwise
they use the address the request came in on only when its host is trusted
(listed in ``QUIZGEN_TRUSTED_HOSTS``, which Flask enforces, or a loopback
address for a server on one's own machine): a forged ``Host`` header must
not print someone else's site on a class set.  Failing both, quizgen's
default address is printed.
"""

from __future__ import annotations

import re
import threading

from flask import Response, current_app, g, request

from ..library import LessonEntry
from ..quiz import QuizOptions
from .config import SETTINGS_KEY
from .limits import count_pdf_render

PAGE_SIZES = ("A4", "Letter")
CACHE_KEY = "quizgen.pdf_cache"
_cache_lock = threading.Lock()
# Renders waiting in this process beyond which a new one is refused with 503 (the PDF module renders one at
# a time, so this bounds the wait at roughly this many renders' time).  A cached PDF never waits.
MAX_WAITING_RENDERS = 24
RENDERED_FLAG = "quizgen_pdf_rendered"


class RenderQueueFull(Exception):
    """Too many PDFs are waiting to be rendered in this process: the client should retry shortly."""


class _RenderGate:
    """Counts the renders waiting or running in this process, and refuses past the bound."""

    def __init__(self, limit: int):
        self.limit = limit
        self.active = 0
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        with self._lock:
            if self.active >= self.limit:
                raise RenderQueueFull()
            self.active += 1

    def __exit__(self, *_exc) -> None:
        with self._lock:
            self.active -= 1


render_gate = _RenderGate(MAX_WAITING_RENDERS)


def rendered_this_request() -> bool:
    """Whether this request rendered a PDF (False when every PDF came from the cache): limits count only renders."""
    return bool(g.get(RENDERED_FLAG, False))


def _pdf():
    # Imported on first use: WeasyPrint is heavy and only downloads need it.
    from .. import pdf

    return pdf


def print_options(page_size: str = "A4"):
    """Layout options for a download: the paper size, and the site address for the QR code."""
    base_url = current_app.config.get("BASE_URL") or (request.url_root.rstrip("/") if _trusted_host() else None)
    return _pdf().PrintOptions(page_size=page_size if page_size in PAGE_SIZES else "A4", base_url=base_url)


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def _trusted_host() -> bool:
    # With TRUSTED_HOSTS set, Flask has already refused any other host (400) before the view ran.
    return bool(current_app.config.get("TRUSTED_HOSTS")) or request.host.rsplit(":", 1)[0] in LOOPBACK_HOSTS


def pdf_cache():
    """The app's PDF cache, made on first use from its settings (disk folder and size bound)."""
    extensions = current_app.extensions
    if CACHE_KEY not in extensions:
        with _cache_lock:
            if CACHE_KEY not in extensions:
                settings = extensions[SETTINGS_KEY]
                extensions[CACHE_KEY] = _web_cache_class()(
                    directory=settings.pdf_cache_dir, max_disk_bytes=settings.pdf_cache_max_bytes
                )
    return extensions[CACHE_KEY]


def _web_cache_class():
    """The PDF cache for web requests: a hit costs nothing; a render is counted and waits in the bounded queue."""

    class WebPdfCache(_pdf().PdfCache):  # type: ignore[misc]  # the base is imported on first use
        def get_or_render(self, key, render):
            data = self.get(key)
            if data is None:
                g.setdefault(RENDERED_FLAG, True)
                count_pdf_render()
                with render_gate:
                    data = render()
                self.put(key, data)
            return data

    return WebPdfCache


def safe_filename(*parts: str) -> str:
    """An ASCII file name built from slugs and codes, ending in ``.pdf``."""
    stem = "-".join(re.sub(r"[^A-Za-z0-9-]+", "-", part).strip("-") for part in parts if part)
    return (stem or "quizgen")[:120] + ".pdf"


def pdf_response(data: bytes, filename: str) -> Response:
    """The PDF as an attachment that browsers save rather than show inline, and do not keep in a shared cache."""
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def worksheet(
    entry: LessonEntry, seed: int, *, key: bool = False, quiz_options: QuizOptions | None = None, page_size: str = "A4"
) -> bytes:
    """One worksheet (or, with ``key``, its answer key and answer grid) for variant ``seed``."""
    return _pdf().worksheet_pdf(
        entry.lesson,
        entry.content_hash,
        seed,
        key=key,
        quiz_options=quiz_options,
        options=print_options(page_size),
        lesson_dir=entry.path.parent,
        cache=pdf_cache(),
    )


def module_kind(entry: LessonEntry, kind: str, *, page_size: str = "A4") -> bytes:
    """One printed kind of the teaching module (guide, before-reading, ...), cached like every PDF."""
    from ..module_print import render_module

    options = print_options(page_size)
    cache = pdf_cache()
    key = _pdf().PdfCache.key(entry.content_hash, kind, [], print=options.describe())
    return cache.get_or_render(
        key, lambda: render_module(entry.lesson, kind, options=options, lesson_dir=entry.path.parent, bank=entry.bank)
    )
