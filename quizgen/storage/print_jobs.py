"""Class sets printed in the background: the rows a job's page reads."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import (
    select,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import (
    Session,
)

from .engine import writing
from .tables import PrintJob, utc_now

PRINT_JOBS_KEPT = timedelta(days=30)
"""How long a print job's row (its page) is kept."""


def print_job_key(teacher_id: int, request: dict[str, Any]) -> str:
    """The ``active_key`` of a request: a digest of the teacher and everything the request asks for."""
    raw = json.dumps({"teacher": teacher_id, **request}, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def active_print_job(session: Session, active_key: str) -> PrintJob | None:
    """The job queued or running for this request, or ``None``."""
    return session.scalar(select(PrintJob).where(PrintJob.active_key == active_key))


def create_print_job(
    session: Session,
    teacher_id: int,
    assignment_id: int | None,
    active_key: str,
    *,
    lesson_id: str,
    worksheets: int,
    filename: str,
) -> tuple[PrintJob, bool]:
    """A new queued job, or the one already queued or running for the same request: ``(job, created)``.

    Two identical requests at once (a double click, two app servers) meet at
    the unique ``active_key``: the second insert fails and finds the first.
    Committed.
    """
    for _try in range(3):
        existing = active_print_job(session, active_key)
        if existing is not None:
            return existing, False
        job = PrintJob(
            teacher_id=teacher_id,
            assignment_id=assignment_id,
            lesson_id=lesson_id,
            active_key=active_key,
            worksheets=worksheets,
            filename=filename,
        )
        try:
            with writing(session):
                session.add(job)
        except IntegrityError:
            continue  # the other request's job is there now (or has just ended: then try again)
        return job, True
    raise RuntimeError("could not create or find the print job")


def teacher_print_job(session: Session, teacher_id: int, public_id: str) -> PrintJob | None:
    """The job with this public id if this teacher asked for it, else ``None`` (another teacher's job is not found)."""
    return session.scalar(select(PrintJob).where(PrintJob.public_id == public_id, PrintJob.teacher_id == teacher_id))


def find_print_job(session: Session, job_id: int) -> PrintJob | None:
    """The job with this row id, or ``None`` (its assignment or teacher was deleted)."""
    return session.get(PrintJob, job_id)


def start_print_job(session: Session, job_id: int) -> bool:
    """Mark a queued job as running; False when it is not queued any more (deleted, or already taken). Committed."""
    with writing(session):
        result = session.execute(
            update(PrintJob)
            .where(PrintJob.id == job_id, PrintJob.status == "queued")
            .values(status="running", started_at=utc_now())
        )
    return cast(CursorResult[Any], result).rowcount == 1


def finish_print_job(session: Session, job_id: int, result_key: str) -> None:
    """Mark a job as done, its PDF stored under ``result_key``; an identical request now starts anew. Committed."""
    with writing(session):
        session.execute(
            update(PrintJob)
            .where(PrintJob.id == job_id)
            .values(status="done", result_key=result_key, active_key=None, finished_at=utc_now())
        )


def fail_print_job(session: Session, job_id: int, message: str) -> None:
    """Mark a job as failed with a message for the teacher; trying again starts a new job. Committed."""
    with writing(session):
        session.execute(
            update(PrintJob)
            .where(PrintJob.id == job_id)
            .values(status="failed", message=message, active_key=None, finished_at=utc_now())
        )
