"""gunicorn settings for quizgen behind nginx (deploy/quizgen.service passes this file with --config).

The address and the number of workers come from the environment, in gunicorn's own variables:
``GUNICORN_CMD_ARGS="--bind=10.0.0.11:8000"`` for a server that nginx reaches over the network, and
``WEB_CONCURRENCY`` for the workers (default below: two per core and one, for sync workers waiting on the database).
The app's own settings (``DATABASE_URL``, ``QUIZGEN_*``) are read and checked by ``quizgen/settings.py``.
"""

import multiprocessing
import os

bind = ["127.0.0.1:8000"]
# Sync workers: nginx in front reads every request and answer whole, so a worker never waits on a slow client.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
# A class-set PDF is the slowest request; nginx's proxy_read_timeout is the same.
timeout = 120
graceful_timeout = 30
# Workers are replaced now and then, so a slow leak in any library never grows without bound.
max_requests = 5000
max_requests_jitter = 500
# Only nginx, on this machine or the private network, talks to gunicorn; the app reads X-Forwarded-* itself
# (QUIZGEN_TRUSTED_PROXIES=1), so gunicorn need not trust them.
forwarded_allow_ips = "127.0.0.1"
# No gunicornc control socket: systemd manages the server, and several servers on one machine would share its path.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
