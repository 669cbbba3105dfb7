"""Class sets as background jobs: the teacher's job page and download (routes on the teachers blueprint).

Routes (under ``/teacher``, behind the blueprint's sign-in check)
    GET  /print-jobs/<job_id>                 the job's state; refreshes itself (meta refresh) until it ends
    GET  /print-jobs/<job_id>/class-set.pdf   the finished class set

``POST /assignments/<id>/class-set`` (:func:`quizgen.web.teachers.class_set`)
starts a job through :func:`start_class_set`.  A job is looked up together
with the teacher who asked for it: anyone else gets the same 404 as for an
id that does not exist.  The rendering itself is :mod:`quizgen.jobs`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..jobs import ClassSetJobs, ClassSetRequest, enqueue_class_set, make_queue
from ..labels import N_, gettext
from ..storage import (
    Assignment,
    PrintJob,
    active_print_job,
    create_print_job,
    fail_print_job,
    print_job_key,
    teacher_print_job,
    utc_now,
)
from . import printing
from .config import SETTINGS_KEY
from .database import database, db_session
from .lessons import library
from .limits import count_pdf_render
from .teachers import bp

QUEUE_KEY = "quizgen.jobs"
_queue_lock = threading.Lock()
REFRESH_SECONDS = 2
# A job that waits this long has no worker taking it; one that runs this long had its worker stop under it.
WAITING_TOO_LONG = timedelta(minutes=2)
RUNNING_TOO_LONG = timedelta(minutes=10)
SECONDS_PER_WORKSHEET = 0.3

QUEUE_UNREACHABLE = N_(
    "The class set could not be queued for printing: the print queue cannot be reached. Try again in a "
    "minute; if it keeps failing, tell the site's administrator."
)
WORKER_STOPPED = N_(
    "The print worker stopped while making this class set. Print it again; if it fails again, tell the "
    "site's administrator."
)


def queue():
    """The app's job queue (see :func:`quizgen.jobs.make_queue`), made on first use with the app's database."""
    extensions = current_app.extensions
    if QUEUE_KEY not in extensions:
        with _queue_lock:
            if QUEUE_KEY not in extensions:
                settings = extensions[SETTINGS_KEY]
                jobs = ClassSetJobs(settings, database=database(), library=library())
                extensions[QUEUE_KEY] = make_queue(settings, jobs)
    return extensions[QUEUE_KEY]


def start_class_set(
    assignment: Assignment | None, request: ClassSetRequest, filename: str, identity: dict | None = None
) -> Response:
    """Queue a class set (or find the same one already queued or running) and send the teacher to its page.

    Two requests are the same when their ``identity`` is (by default, everything the request asks for).
    """
    session = db_session()
    key = print_job_key(current_user.id, identity if identity is not None else request.as_dict())
    active = active_print_job(session, key)
    if active is not None and job_view(active, available=False).state == "failed":
        fail_print_job(session, active.id, WORKER_STOPPED)  # its worker died: free the request for a new job
        active = None
    if active is None:
        count_pdf_render()  # only work that will be done counts against the limit
    job, created = create_print_job(
        session,
        current_user.id,
        assignment.id if assignment else None,
        key,
        lesson_id=request.lesson_id,
        worksheets=request.count,
        filename=filename,
    )
    if created:
        try:
            enqueue_class_set(queue(), job.id, request)
        except Exception:
            current_app.logger.exception("could not queue class-set job %s", job.id)
            fail_print_job(session, job.id, QUEUE_UNREACHABLE)
    return redirect(url_for("teachers.print_job", job_id=job.public_id), 303)


@dataclass(frozen=True)
class JobView:
    """What the job page says: the state, in words, and whether to refresh."""

    state: str  # queued, running, done, failed, gone (done, but the file was since deleted)
    message: str
    refresh: bool
    estimate_seconds: int
    elapsed_seconds: int


def job_view(job: PrintJob, available: bool) -> JobView:
    """The page's view of a job, as the teacher should read it now."""
    now = utc_now()
    estimate = max(1, round(job.worksheets * SECONDS_PER_WORKSHEET))
    state, message = job.status, ""
    elapsed = int((now - (job.started_at or job.created_at)).total_seconds())
    if job.status == "failed":
        message = gettext(job.message or QUEUE_UNREACHABLE)
    elif job.status == "running" and job.started_at and now - job.started_at > RUNNING_TOO_LONG:
        state, message = "failed", gettext(WORKER_STOPPED)
    elif job.status == "queued" and now - job.created_at > WAITING_TOO_LONG:
        message = _(
            "Still waiting for the print worker. If this lasts, the print worker may not be running: "
            "tell the site's administrator."
        )
    elif job.status == "done" and not available:
        state = "gone"
        message = _("This class set is no longer kept on the server. Print it again from the assignment page.")
    return JobView(state, message, state in ("queued", "running"), estimate, max(0, elapsed))


@bp.get("/print-jobs/<job_id>")
def print_job(job_id: str):
    """The job's state: waiting, being made (refreshing itself every few seconds), ready to download, or failed."""
    job = _job_or_404(job_id)
    available = job.status == "done" and _stored_pdf(job) is not None
    view = job_view(job, available)
    assignment = job.assignment
    return render_template(
        "teacher/print_job.html",
        job=job,
        view=view,
        assignment=assignment,
        school_class=assignment.school_class if assignment else None,
        lesson_title=_lesson_title(job.lesson_id),
        refresh_seconds=REFRESH_SECONDS,
    )


@bp.get("/print-jobs/<job_id>/class-set.pdf")
def print_job_download(job_id: str):
    """The finished class set, for the teacher who asked for it."""
    job = _job_or_404(job_id)
    data = _stored_pdf(job) if job.status == "done" else None
    if data is None:
        return redirect(url_for("teachers.print_job", job_id=job.public_id), 303)
    return printing.pdf_response(data, job.filename)


def _stored_pdf(job: PrintJob) -> bytes | None:
    if not job.result_key:
        return None
    store = _store()
    return store.get(job.result_key)


_store_lock = threading.Lock()
STORE_KEY = "quizgen.class_set_store"


def _store():
    extensions = current_app.extensions
    if STORE_KEY not in extensions:
        with _store_lock:
            if STORE_KEY not in extensions:
                from ..jobs import class_set_store

                extensions[STORE_KEY] = class_set_store(extensions[SETTINGS_KEY])
    return extensions[STORE_KEY]


def _job_or_404(public_id: str) -> PrintJob:
    job = teacher_print_job(db_session(), current_user.id, public_id)
    if job is None:
        abort(404, _("There is no print job with this address among yours."))
    return job


def _lesson_title(lesson_id: str) -> str:
    entry = library().get(lesson_id)
    return entry.lesson.title if entry else lesson_id
