"""Class sets rendered in the background: a Huey queue, the job that renders through :mod:`quizgen.pdf`, its store.

A teacher's "Print class set" stores a :class:`~quizgen.storage.PrintJob`
row (its state, shared by every app server through the database) and puts
the job's id and :class:`ClassSetRequest` on the queue.  A consumer process
(``huey_consumer quizgen.worker.huey``; ``scripts/serve`` starts one, and
``deploy/quizgen-jobs.service`` in production) takes it, renders the PDF and
keeps it in the class-set store, a folder bounded like the PDF cache, where
the teacher's download finds it.

The queue (:func:`make_queue`, from ``QUIZGEN_JOBS_QUEUE``) is a SQLite file
in the instance folder by default, so one machine needs nothing more, or
Redis, which several app servers share with one consumer or more.  The
``immediate`` queue runs each job inside the request (tests of the web flow).

This module imports neither Flask nor WeasyPrint (the PDF module is
imported when a job runs).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

from .labels import N_
from .library import LessonLibrary
from .quiz import QuizOptions
from .settings import Settings
from .storage import Database, fail_print_job, find_print_job, finish_print_job, start_print_job

log = logging.getLogger(__name__)

QUEUE_NAME = "quizgen"
TASK_NAME = "render_class_set"

LESSON_GONE = N_(
    "The lesson of this assignment is no longer in the lessons folder, so its class set cannot be printed."
)
RENDER_FAILED = N_(
    "The class set could not be printed because of an error on the server. Try again; if it fails again, "
    "tell the site's administrator (the print worker's log has the details)."
)


@dataclass(frozen=True)
class ClassSetRequest:
    """Everything a class-set job needs, as plain data (it travels through the queue as JSON-like values)."""

    lesson_id: str
    class_seed: int
    count: int
    names: list[str] | None
    keys: str
    odd_page_starts: bool
    quiz_options: dict[str, Any]
    shared: bool
    page_size: str
    base_url: str | None
    seeds: list[int] | None = None
    assignment: str = field(default="")
    """The assignment's public id: part of what makes two requests the same."""

    def as_dict(self) -> dict[str, Any]:
        """The request as plain data: what goes on the queue, and what identifies identical requests."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClassSetRequest:
        """The request back from :meth:`as_dict`'s data."""
        return cls(**data)


class ClassSetJobs:
    """Runs class-set jobs: the settings, a database and the lessons, made on first use unless given."""

    def __init__(self, settings: Settings, database: Database | None = None, library: LessonLibrary | None = None):
        self.settings = settings
        self._database = database
        self._library = library
        self._lock = threading.Lock()
        self._store: Any = None

    def database(self) -> Database:
        """The database the job states are written to."""
        with self._lock:
            if self._database is None:
                self._database = Database(str(self.settings.database_url))
            return self._database

    def library(self) -> LessonLibrary:
        """The lessons folder, read as the web app reads it."""
        with self._lock:
            if self._library is None:
                self._library = LessonLibrary(self.settings.lessons_dir)
            return self._library

    def store(self):
        """Where finished class sets are kept: see :func:`class_set_store`."""
        with self._lock:
            if self._store is None:
                self._store = class_set_store(self.settings)
            return self._store

    def run(self, job_id: int, request: ClassSetRequest) -> None:
        """Render the job's class set and record the outcome; a failure is recorded for the teacher, never raised."""
        with self.database().session() as session:
            if not start_print_job(session, job_id):
                return  # deleted with its assignment, or already taken by another consumer
            try:
                result_key = self._render(request)
            except LessonGone:
                fail_print_job(session, job_id, LESSON_GONE)
            except Exception:
                log.exception("class-set job %s failed", job_id)
                fail_print_job(session, job_id, RENDER_FAILED)
            else:
                if find_print_job(session, job_id) is not None:
                    finish_print_job(session, job_id, result_key)

    def _render(self, request: ClassSetRequest) -> str:
        from . import pdf  # WeasyPrint is heavy: imported when the first job runs

        entry = self.library().get(request.lesson_id)
        if entry is None:
            raise LessonGone(request.lesson_id)
        options = pdf.PrintOptions(page_size=request.page_size, base_url=request.base_url)  # type: ignore[arg-type]
        store = self.store()
        key = pdf.PdfCache.key(entry.content_hash, "class-set-job", [request.class_seed], request=request.as_dict())
        if store.get(key) is None:
            store.put(
                key,
                pdf.render_class_set(
                    entry.lesson,
                    request.class_seed,
                    request.count,
                    names=request.names,
                    odd_page_starts=request.odd_page_starts,
                    keys=request.keys,  # type: ignore[arg-type]
                    quiz_options=quiz_options_from(request.quiz_options),
                    options=options,
                    lesson_dir=entry.path.parent,
                    shared=request.shared,
                    seeds=request.seeds,
                ),
            )
        return key


class LessonGone(LookupError):
    """The job's lesson is no longer in the lessons folder."""


def quiz_options_from(stored: dict[str, Any]) -> QuizOptions:
    """Quiz options from their plain form (``QuizOptions.describe()``)."""
    return QuizOptions(
        count=stored.get("count"),
        topics=dict(stored.get("topics") or {}),
        objectives=dict(stored.get("objectives") or {}),
        shuffle_items=stored.get("shuffle_items", True),
    )


def class_set_store(settings: Settings):
    """The folder of finished class sets, bounded by ``QUIZGEN_CLASS_SETS_MAX_MB`` (least recently used go first).

    It is a :class:`quizgen.pdf.PdfCache` of its own, so worksheets
    downloaded in between never push a class set out of the PDF cache.
    """
    from .pdf import PdfCache

    # Few in memory: the files are large and a download reads the disk anyway.
    return PdfCache(max_items=2, directory=settings.class_sets_dir, max_disk_bytes=settings.class_sets_max_bytes)


def make_queue(settings: Settings, jobs: ClassSetJobs | None = None) -> Huey:
    """The Huey queue of ``settings.jobs_queue`` with the class-set task registered (the same in app and consumer)."""
    jobs = jobs or ClassSetJobs(settings)
    kind = settings.jobs_queue
    huey: Huey
    if kind == "immediate":
        huey = MemoryHuey(QUEUE_NAME, results=False, immediate=True)
    elif kind == "sqlite":
        settings.make_instance_path()
        huey = SqliteHuey(QUEUE_NAME, results=False, filename=str(settings.jobs_database))
    else:
        huey = RedisHuey(QUEUE_NAME, results=False, url=kind)

    @huey.task(name=TASK_NAME)
    def render_class_set(job_id: int, request: dict[str, Any]) -> None:
        jobs.run(job_id, ClassSetRequest.from_dict(request))

    huey.render_class_set = render_class_set
    return huey


def enqueue_class_set(huey: Huey, job_id: int, request: ClassSetRequest) -> None:
    """Put a class-set job on the queue (in ``immediate`` mode: render it now)."""
    huey.render_class_set(job_id, request.as_dict())
