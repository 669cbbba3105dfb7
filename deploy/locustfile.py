"""Students sitting an exam, for locust: each opens the lesson, starts with a name and the class code, answers
every question and submits once, then reads the result.

Run it against a deployment before an exam window, as the tests and ``benchmarks/school.py`` do::

    .venv/bin/locust -f deploy/locustfile.py --headless --host https://quiz.school.example \\
        --users 300 --spawn-rate 5 --run-time 5m --lesson harbour-festival --class-code K7Q-M2X

Each simulated student runs the exam once and stops; the run ends when all have finished (or at
``--run-time``).  ``--acknowledged FILE`` appends one JSON line per submit the server acknowledged
(name and attempt id), so a test can check every one of them was stored.  ``--think-time`` is the
pause in seconds between a student's steps.

The steps are the methods of :class:`ExamSteps`, in order: open the lesson, start, open the quiz, autosave
the answers part-way (as the page's script does), submit, read the result.
"""

from __future__ import annotations

import json
import secrets
from html.parser import HTMLParser
from threading import Lock
from typing import ClassVar

from locust import SequentialTaskSet, between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser


@events.init_command_line_parser.add_listener
def _arguments(parser) -> None:
    parser.add_argument("--lesson", default="harbour-festival", help="id of the lesson the students take")
    parser.add_argument("--class-code", default="", help="join code of the class the lesson is assigned to")
    parser.add_argument("--acknowledged", default="", help="file to append one JSON line per acknowledged submit")
    parser.add_argument("--think-time", type=float, default=0.0, help="seconds between a student's steps")
    parser.add_argument("--name-prefix", default="Student", help="students are named PREFIX-<random>")


class FormReader(HTMLParser):
    """The fields of the first POST form of a page, answered as a student who picks the first option would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._done = False
        self._select: str | None = None
        self._options: dict[str, list[str]] = {}
        self._parts: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Collect inputs of the first form with method POST."""
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and not self._done and values.get("method", "").lower() == "post":
            self._in_form, self.action = True, values.get("action", "")
        if not self._in_form:
            return
        name = values.get("name")
        if tag == "input" and name:
            kind = values.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                self.fields.setdefault(name, values.get("value", "on"))
            elif kind not in ("submit", "button"):
                self.fields.setdefault(name, values.get("value") or "answer")
        elif tag == "select" and name:
            self._select = name
            self._options[name] = []
        elif tag == "option" and self._select and values.get("value"):
            self._options[self._select].append(values["value"])
        elif tag == "textarea" and name:
            self.fields.setdefault(name, "An answer in the student's own words.")

    def handle_endtag(self, tag: str) -> None:
        """Stop at the end of the first POST form."""
        if tag == "select" and self._select:
            # The parts of one question (q3_1, q3_2...) take different options, as an ordering question needs.
            question = self._select.split("_")[0]
            part = self._parts.get(question, 0)
            self._parts[question] = part + 1
            options = self._options[self._select]
            if options:
                self.fields.setdefault(self._select, options[part % len(options)])
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def first_post_form(html: str) -> tuple[str | None, dict[str, str]]:
    """The action and the answered fields of the page's first POST form."""
    reader = FormReader()
    reader.feed(html)
    return reader.action, reader.fields


_write_lock = Lock()


class ExamSteps(SequentialTaskSet):
    """One student's exam, step by step; any step that fails ends this student's run (it is counted by locust)."""

    def on_start(self) -> None:
        """Name the student and read the run's options."""
        if not self.user.counted:
            raise StopUser
        options = self.user.environment.parsed_options
        self.lesson = options.lesson
        self.class_code = options.class_code
        self.name = f"{options.name_prefix}-{secrets.token_hex(5)}"
        self.quiz_url = ""
        self.quiz_page = ""
        self.fields: dict[str, str] = {}

    def _think(self) -> None:
        pause = self.user.environment.parsed_options.think_time
        if pause:
            self.wait_seconds(pause)

    def wait_seconds(self, seconds: float) -> None:
        """Pause between steps, as a student reading the page would."""
        import gevent

        gevent.sleep(seconds)

    @task
    def open_lesson(self) -> None:
        """The lesson page with its start form."""
        with self.client.get(f"/lessons/{self.lesson}", name="lesson page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"lesson page answered {response.status_code}")
                raise StopUser
            self.lesson_page = response.text

    @task
    def start(self) -> None:
        """Type the name and the class code, and start."""
        self._think()
        _action, fields = first_post_form(self.lesson_page)
        fields.update(student_name=self.name, class_code=self.class_code)
        fields.pop("variant_code", None)
        with self.client.post(
            f"/lessons/{self.lesson}/start", data=fields, name="start", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 303:
                response.failure(f"start answered {response.status_code}")
                raise StopUser
            self.quiz_url = _path(response.headers["Location"])

    @task
    def open_quiz(self) -> None:
        """The quiz page."""
        with self.client.get(self.quiz_url, name="quiz page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"quiz page answered {response.status_code}")
                raise StopUser
            self.quiz_page = response.text

    @task
    def autosave(self) -> None:
        """Save the answers part-way, as the page's script does after a change: a draft, never graded."""
        self._think()
        _action, self.fields = first_post_form(self.quiz_page)
        attempt_id = self.quiz_url.rstrip("/").rsplit("/", 1)[-1]
        with self.client.post(
            f"/attempts/{attempt_id}/save",
            data=self.fields,
            headers={"X-Requested-With": "fetch"},
            name="autosave",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"autosave answered {response.status_code}")
                raise StopUser
            # The saved draft has a new sequence number: the submit must carry it, as the page's script does.
            self.fields["seq"] = str(response.json()["seq"])

    @task
    def submit(self) -> None:
        """Answer every question (the first option, or a few words) and submit once."""
        self._think()
        fields = self.fields
        with self.client.post(
            self.quiz_url, data=fields, name="submit", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 303:
                response.failure(f"submit answered {response.status_code}")
                raise StopUser
            self._acknowledged()
            self.result_url = _path(response.headers["Location"])

    @task
    def read_result(self) -> None:
        """The score and feedback; then this student is done."""
        with self.client.get(self.result_url, name="result page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"result page answered {response.status_code}")
        raise StopUser

    def _acknowledged(self) -> None:
        path = self.user.environment.parsed_options.acknowledged
        if not path:
            return
        line = json.dumps({"name": self.name, "attempt": self.quiz_url.rsplit("/", 1)[-1]})
        with _write_lock, open(path, "a", encoding="utf-8") as file:
            file.write(line + "\n")


def _path(location: str) -> str:
    """The path of a redirect's Location (absolute or not)."""
    if "://" in location:
        location = "/" + location.split("://", 1)[1].split("/", 1)[1]
    return location


class Student(FastHttpUser):
    """A student; the run's --users is the number of students, --spawn-rate how many arrive per second."""

    tasks: ClassVar = [ExamSteps]
    wait_time = between(0, 0)

    def on_start(self) -> None:
        """Count this student, unless --users have started already (locust replaces users that finished early)."""
        self.counted = _run["started"] < (self.environment.parsed_options.num_users or 0)
        if self.counted:
            _run["started"] += 1

    def on_stop(self) -> None:
        """Count this student as done."""
        if self.counted:
            _run["finished"] += 1


_run = {"started": 0, "finished": 0}


@events.test_start.add_listener
def _quit_when_every_student_is_done(environment, **_kwargs) -> None:
    """End the run once every student has finished (locust alone would go on to --run-time)."""
    import gevent

    runner = environment.runner
    if runner is None:
        return
    _run.update(started=0, finished=0)
    wanted = environment.parsed_options.num_users or 0

    def watch() -> None:
        while _run["finished"] < wanted:
            gevent.sleep(0.2)
        runner.quit()

    gevent.spawn(watch)
