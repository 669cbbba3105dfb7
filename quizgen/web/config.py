"""Configuration: environment variables with safe defaults, overridable by ``create_app(config)``.

=========================  ===============================================================
``QUIZGEN_LESSONS_DIR``    folder of lesson files (default: ``lessons/`` in the project)
``DATABASE_URL``           SQLAlchemy URL (default: SQLite file ``instance/quizgen.sqlite3``)
``SECRET_KEY``             signs sessions and CSRF tokens (default: a random key generated
                           once and kept in ``instance/secret_key``, readable by the owner only)
``QUIZGEN_SECURE_COOKIES`` ``1`` when the site is served over HTTPS: cookies get ``Secure``
``QUIZGEN_BASE_URL``       public address of the site, for the QR codes printed on worksheets
                           (default: the address the request came in on)
``QUIZGEN_TIMEZONE``       IANA time zone for dates teachers enter and see (default ``UTC``)
``QUIZGEN_RATELIMIT_STORAGE``  where sign-in and download throttling counts are kept (default
                           ``memory://``, per process; use ``redis://...`` or ``memcached://...``
                           so several gunicorn workers share one count)
``QUIZGEN_TRUSTED_PROXIES``  number of reverse proxies in front of the app (default ``0``): their
                           ``X-Forwarded-For``/``-Proto``/``-Host`` headers are then trusted, so
                           per-address throttling sees the student's address, not the proxy's
=========================  ===============================================================
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, Mapping

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Settings that are not a deployment choice.
FIXED_SETTINGS: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # The CSRF token lives as long as the browser session: a slow reader must not lose a finished quiz.
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 512 * 1024,
    "MAX_FORM_PARTS": 2000,
}


def settings_from_environment(instance_path: Path, environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The deployment settings read from environment variables (``SECRET_KEY`` may be missing)."""
    settings: dict[str, Any] = {
        "LESSONS_DIR": environ.get("QUIZGEN_LESSONS_DIR") or str(PROJECT_ROOT / "lessons"),
        "DATABASE_URL": environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'quizgen.sqlite3'}",
        "SESSION_COOKIE_SECURE": environ.get("QUIZGEN_SECURE_COOKIES", "").strip().lower() in ("1", "true", "yes"),
        "BASE_URL": (environ.get("QUIZGEN_BASE_URL") or "").strip().rstrip("/") or None,
        "TIMEZONE": (environ.get("QUIZGEN_TIMEZONE") or "").strip() or "UTC",
        "RATELIMIT_STORAGE_URI": (environ.get("QUIZGEN_RATELIMIT_STORAGE") or "").strip() or "memory://",
        "TRUSTED_PROXIES": _count(environ.get("QUIZGEN_TRUSTED_PROXIES"), "QUIZGEN_TRUSTED_PROXIES"),
    }
    if environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = environ["SECRET_KEY"]
    return settings


def _count(value: str | None, name: str) -> int:
    text = (value or "").strip() or "0"
    if not text.isdigit():
        raise RuntimeError(f"{name} must be a whole number (the number of proxies in front of the app), not {value!r}")
    return int(text)


def instance_secret_key(instance_path: Path) -> str:
    """The key kept in ``instance/secret_key``, created (mode 0600) on first use.

    The file is written under a temporary name and then linked into place,
    so two workers starting together agree on one key and never read a
    half-written file.
    """
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        temporary = instance_path / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process won the race; use its key
        finally:
            temporary.unlink()
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds a key shorter than 32 characters; delete it to generate a new one")
    return key
