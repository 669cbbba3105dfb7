"""A real print worker for tests: ``huey_consumer quizgen.worker.huey`` as a subprocess, with the app's settings."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HUEY_CONSUMER = Path(sys.executable).parent / "huey_consumer"


def worker_environment(instance: Path, lessons: Path, database_url: str, queue: str = "sqlite") -> dict[str, str]:
    """The environment a worker needs to share the app's queue, database, lessons and class-set folder."""
    return {
        **os.environ,
        "QUIZGEN_INSTANCE_PATH": str(instance),
        "QUIZGEN_LESSONS_DIR": str(lessons),
        "DATABASE_URL": database_url,
        "QUIZGEN_JOBS_QUEUE": queue,
    }


@contextmanager
def print_worker(environment: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Run a consumer until the block ends (stopped as systemd would: SIGINT lets a running job finish)."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(HUEY_CONSUMER), "quizgen.worker.huey", "--workers", "1", "--max-delay", "0.5"],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(condition, timeout: float = 60.0, what: str = "the print worker"):
    """Poll ``condition()`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"{what} did not finish within {timeout} s")
