"""The print worker's queue: ``huey_consumer quizgen.worker.huey`` renders the class sets teachers ask for.

Run it with the same environment as the web app (``QUIZGEN_*``,
``DATABASE_URL``): it reads the lessons, writes the job states to the
database and the PDFs to the class-set folder.  ``scripts/serve`` starts
one beside gunicorn; ``deploy/quizgen-jobs.service`` runs one in production.
A bad setting stops it at start-up with a one-line message naming it.
"""

from __future__ import annotations

import sys

from .jobs import make_queue
from .settings import Settings, SettingsError

try:
    settings = Settings.from_environment()
except SettingsError as error:
    sys.stderr.write(f"quizgen print worker: {error}\n")
    sys.exit(4)  # as app.py: systemd does not restart a worker whose settings are wrong

huey = make_queue(settings)
"""The queue the consumer takes class-set jobs from."""
