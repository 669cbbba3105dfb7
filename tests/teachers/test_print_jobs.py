"""Class sets made in the background: the job page at once, one job per request, a real print worker, failures."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from quizgen import pdf
from quizgen.jobs import LESSON_GONE, ClassSetJobs, ClassSetRequest
from quizgen.settings import Settings, SettingsError
from quizgen.storage import (
    PRINT_JOBS_KEPT,
    Assignment,
    PrintJob,
    Teacher,
    create_print_job,
    purge_stale_rows,
    utc_now,
)
from quizgen.web import create_app
from quizgen.web.print_jobs import job_view

from ..helpers.pdf import flat, page_texts
from ..helpers.print_worker import print_worker, wait_for, worker_environment
from ..web.conftest import TEST_SECRET
from .conftest import TeacherClient, make_teacher, stored

CLASS_SET = {"names": "Ana\nBen\nChloé", "copies": "", "keys": "grids", "page_size": "A4"}
# The page asks to be refreshed: a link without JavaScript, and its external script polling while the job runs.
REFRESH = re.compile(r'<script src="/static/js/print-job\.js" defer></script>')


@pytest.fixture
def queued_app(tmp_path, lessons_dir):
    """The app on the embedded SQLite queue, as deployed (no worker runs unless a test starts one)."""
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path / "instance",
            "LESSONS_DIR": str(lessons_dir),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'quizgen.sqlite3'}",
            "SECRET_KEY": TEST_SECRET,
        }
    )
    yield app
    app.extensions["quizgen.database"].engine.dispose()


@pytest.fixture
def queued_teacher(queued_app) -> TeacherClient:
    make_teacher(queued_app, "teacher@example.org")
    client = TeacherClient(queued_app, "teacher@example.org")
    assert client.sign_in().status_code == 303
    return client


def job_count(app) -> int:
    with app.extensions["quizgen.database"].session() as session:
        return session.query(PrintJob).count()


def test_the_teacher_gets_the_job_page_at_once_and_a_double_click_finds_the_same_job(queued_app, queued_teacher):
    assignment_url = queued_teacher.assign(queued_teacher.new_class())
    first = queued_teacher.post(assignment_url + "/class-set", CLASS_SET)
    second = queued_teacher.post(assignment_url + "/class-set", CLASS_SET)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert job_count(queued_app) == 1
    page = queued_teacher.get(first.headers["Location"]).get_data(as_text=True)
    assert "Waiting to be printed" in page and "Class set of 3 worksheets" in page
    assert REFRESH.search(page) and "Refresh this page" in page
    # Not ready: the download link leads back to the job page rather than to an empty file.
    early = queued_teacher.get(first.headers["Location"] + "/class-set.pdf")
    assert early.status_code == 303 and early.headers["Location"] == first.headers["Location"]
    # Another choice (Letter paper) is another job.
    letter = queued_teacher.post(assignment_url + "/class-set", {**CLASS_SET, "page_size": "Letter"})
    assert letter.headers["Location"] != first.headers["Location"] and job_count(queued_app) == 2


def test_a_real_print_worker_makes_the_class_set_for_download(queued_app, queued_teacher, tmp_path, lessons_dir):
    assignment_url = queued_teacher.assign(queued_teacher.new_class())
    job_url = queued_teacher.post(assignment_url + "/class-set", CLASS_SET).headers["Location"]
    settings = queued_app.extensions["quizgen.settings"]
    environment = worker_environment(settings.instance_path, lessons_dir, settings.database_url)
    with print_worker(environment, tmp_path / "worker.log"):
        page = wait_for(
            lambda: (html := queued_teacher.get(job_url).get_data(as_text=True)) and "is ready" in html and html
        )
    assert not REFRESH.search(page)  # a finished job stops refreshing
    download = queued_teacher.get(job_url + "/class-set.pdf")
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == 'attachment; filename="harbour-festival-class-set-3.pdf"'
    pages = [flat(text) for text in page_texts(download.get_data())]
    starts = [text for text in pages if "WORKSHEET" in text and "Page 1 of" in text]
    assert [name for name in ("Ana", "Ben", "Chloé") if any(name in text for text in starts)] == ["Ana", "Ben", "Chloé"]
    # Kept in the class-set folder of the instance, not in the worksheet cache.
    assert [path.suffix for path in (settings.instance_path / "class-sets").iterdir()] == [".pdf"]
    # Once finished, the same request makes a new job (the teacher may have changed the lesson since).
    again = queued_teacher.post(assignment_url + "/class-set", CLASS_SET)
    assert again.headers["Location"] != job_url


def test_a_failed_render_shows_a_clear_message_not_an_error_page(app, teacher, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pdf, "render_class_set", broken)
    assignment_url = teacher.assign(teacher.new_class())
    response = teacher.post(assignment_url + "/class-set", CLASS_SET)
    page = teacher.get(response.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "The class set could not be made" in html and "because of an error on the server" in html
    assert "disk full" not in html and not REFRESH.search(html)
    # Trying again is possible at once: a failed job does not hold the request.
    retry = teacher.post(assignment_url + "/class-set", CLASS_SET)
    assert retry.headers["Location"] != response.headers["Location"]


def test_a_job_whose_lesson_was_removed_says_so(app, teacher):
    assignment_url = teacher.assign(teacher.new_class())
    assignment = stored(app, Assignment, public_id=assignment_url.rsplit("/", 1)[-1])
    owner = stored(app, Teacher, email=teacher.email)
    database = app.extensions["quizgen.database"]
    with database.session() as session:
        job, _created = create_print_job(
            session, owner.id, assignment.id, "key", lesson_id="harbour-festival", worksheets=1, filename="x.pdf"
        )
    request = ClassSetRequest(
        lesson_id="no-such-lesson",
        class_seed=1,
        count=1,
        names=None,
        keys="none",
        odd_page_starts=False,
        quiz_options={},
        shared=False,
        page_size="A4",
        base_url=None,
    )
    ClassSetJobs(app.extensions["quizgen.settings"], database=database).run(job.id, request)
    failed = stored(app, PrintJob, id=job.id)
    assert failed.status == "failed" and failed.message == LESSON_GONE and failed.active_key is None
    page = teacher.get(f"/teacher/print-jobs/{failed.public_id}").get_data(as_text=True)
    assert "no longer in the lessons folder" in page


def test_the_page_tells_when_no_worker_takes_the_job_or_the_worker_stopped():
    now = utc_now()
    waiting = PrintJob(status="queued", worksheets=30, created_at=now - timedelta(minutes=5))
    assert "print worker may not be running" in job_view(waiting, available=False).message
    assert job_view(waiting, available=False).refresh
    fresh = PrintJob(status="queued", worksheets=30, created_at=now)
    assert job_view(fresh, available=False).message == ""
    stuck = PrintJob(status="running", worksheets=30, created_at=now, started_at=now - timedelta(minutes=30))
    assert job_view(stuck, available=False).state == "failed"
    assert not job_view(stuck, available=False).refresh
    trimmed = PrintJob(status="done", worksheets=30, created_at=now, finished_at=now)
    assert job_view(trimmed, available=False).state == "gone"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "sqlite"),
        ({"QUIZGEN_RATELIMIT_STORAGE": "redis://cache:6379/0"}, "redis://cache:6379/0"),
        ({"QUIZGEN_RATELIMIT_STORAGE": "redis://cache:6379/0", "QUIZGEN_JOBS_QUEUE": "sqlite"}, "sqlite"),
        ({"QUIZGEN_JOBS_QUEUE": "redis://queue:6379/1"}, "redis://queue:6379/1"),
    ],
)
def test_the_queue_is_embedded_unless_redis_is_configured(environment, expected, tmp_path):
    settings = Settings.from_environment({"QUIZGEN_INSTANCE_PATH": str(tmp_path), **environment})
    assert settings.jobs_queue == expected
    assert settings.class_sets_dir == tmp_path / "class-sets"


@pytest.mark.parametrize("value", ["rabbitmq://host", "sqlite:", "redis", "memory://"])
def test_a_queue_setting_quizgen_cannot_use_is_named(value, tmp_path):
    with pytest.raises(SettingsError, match=rf"^QUIZGEN_JOBS_QUEUE='{re.escape(value)}' is not valid: not a job queue"):
        Settings.from_environment({"QUIZGEN_INSTANCE_PATH": str(tmp_path), "QUIZGEN_JOBS_QUEUE": value})


def test_two_app_servers_share_one_redis_queue_and_one_worker(tmp_path, lessons_dir):
    from ..deploy.stack import Redis

    redis = Redis(tmp_path / "redis").start()
    shared = {
        "TESTING": True,
        "LESSONS_DIR": str(lessons_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "SECRET_KEY": TEST_SECRET,
        "RATELIMIT_STORAGE_URI": redis.url,  # the print queue follows the shared Redis
        "CLASS_SETS_DIR": tmp_path / "shared-class-sets",
    }
    servers = [create_app({**shared, "INSTANCE_PATH": tmp_path / name}) for name in ("server-a", "server-b")]
    try:
        make_teacher(servers[0], "teacher@example.org")
        teachers = [TeacherClient(server, "teacher@example.org") for server in servers]
        for teacher in teachers:
            assert teacher.sign_in().status_code == 303
        assignment_url = teachers[0].assign(teachers[0].new_class())
        # The same request reaching both servers (a double click balanced over two) is one job.
        jobs = [teacher.post(assignment_url + "/class-set", CLASS_SET).headers["Location"] for teacher in teachers]
        assert jobs[0] == jobs[1] and job_count(servers[0]) == 1
        settings = servers[0].extensions["quizgen.settings"]
        assert settings.jobs_queue == redis.url
        environment = {
            **worker_environment(tmp_path / "worker", lessons_dir, settings.database_url, queue=redis.url),
            "QUIZGEN_CLASS_SETS": str(tmp_path / "shared-class-sets"),
        }
        with print_worker(environment, tmp_path / "worker.log"):
            wait_for(lambda: "is ready" in teachers[1].get(jobs[0]).get_data(as_text=True))
        download = teachers[1].get(jobs[0] + "/class-set.pdf")
        assert download.status_code == 200 and download.get_data().startswith(b"%PDF-")
    finally:
        for server in servers:
            server.extensions["quizgen.database"].engine.dispose()
        redis.stop()


def test_print_jobs_older_than_a_month_are_purged(app, teacher):
    owner = stored(app, Teacher, email=teacher.email)
    with app.extensions["quizgen.database"].session() as session:
        old, _ = create_print_job(session, owner.id, None, "old", lesson_id="x", worksheets=1, filename="old.pdf")
        recent, _ = create_print_job(session, owner.id, None, "recent", lesson_id="x", worksheets=1, filename="new.pdf")
        old.created_at = utc_now() - PRINT_JOBS_KEPT - timedelta(minutes=1)
        session.commit()
        purged = purge_stale_rows(session, timedelta(hours=1), timedelta(hours=1))
    assert purged.print_jobs == 1
    assert teacher.get(f"/teacher/print-jobs/{old.public_id}").status_code == 404
    assert teacher.get(f"/teacher/print-jobs/{recent.public_id}").status_code == 200


def test_a_double_click_is_not_counted_against_the_render_limit(queued_app, queued_teacher, monkeypatch):
    from quizgen.web import limits

    monkeypatch.setitem(
        limits.PDF_RENDERS_PER_ADDRESS, "teachers.class_set", limits.Rule("pdf-test", 1, timedelta(minutes=1))
    )
    assignment_url = queued_teacher.assign(queued_teacher.new_class())
    first = queued_teacher.post(assignment_url + "/class-set", CLASS_SET)
    again = queued_teacher.post(assignment_url + "/class-set", CLASS_SET)  # the same job: no new work
    assert first.status_code == again.status_code == 303
    other = queued_teacher.post(assignment_url + "/class-set", {**CLASS_SET, "names": "Dara"})
    assert other.status_code == 429 and "Too many PDFs were requested" in other.get_data(as_text=True)
    assert job_count(queued_app) == 1


def test_an_unreachable_queue_is_a_message_on_the_job_page(tmp_path, lessons_dir):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path / "instance",
            "LESSONS_DIR": str(lessons_dir),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'quizgen.sqlite3'}",
            "SECRET_KEY": TEST_SECRET,
            "JOBS_QUEUE": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        }
    )
    try:
        make_teacher(app, "teacher@example.org")
        teacher = TeacherClient(app, "teacher@example.org")
        teacher.sign_in()
        assignment_url = teacher.assign(teacher.new_class())
        response = teacher.post(assignment_url + "/class-set", CLASS_SET)
        assert response.status_code == 303
        page = teacher.get(response.headers["Location"])
        assert page.status_code == 200
        assert "the print queue cannot be reached" in page.get_data(as_text=True)
    finally:
        app.extensions["quizgen.database"].engine.dispose()


def test_a_job_whose_worker_died_does_not_block_printing_the_same_set_again(queued_app, queued_teacher):
    assignment_url = queued_teacher.assign(queued_teacher.new_class())
    stuck_url = queued_teacher.post(assignment_url + "/class-set", CLASS_SET).headers["Location"]
    with queued_app.extensions["quizgen.database"].session() as session:
        job = session.query(PrintJob).one()
        job.status, job.started_at = "running", utc_now() - timedelta(hours=1)  # a worker killed mid-render
        session.commit()
    page = queued_teacher.get(stuck_url).get_data(as_text=True)
    assert "The print worker stopped while making this class set" in page
    again = queued_teacher.post(assignment_url + "/class-set", CLASS_SET).headers["Location"]
    assert again != stuck_url and "Waiting to be printed" in queued_teacher.get(again).get_data(as_text=True)
