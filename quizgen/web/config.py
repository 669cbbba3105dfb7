"""Flask configuration from the validated :class:`~quizgen.settings.Settings`, and the generated secret key.

The deployment settings and their environment variables are listed in
:mod:`quizgen.settings`.  ``create_app(config)`` also takes them by their
Flask configuration keys (the left column of :data:`CONFIG_FIELDS`), which
tests use; they are validated the same way.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..settings import Settings, SettingsError

SETTINGS_KEY = "quizgen.settings"
"""Where ``create_app`` keeps the app's :class:`~quizgen.settings.Settings` (``app.extensions``)."""

# Settings that are not a deployment choice.
FIXED_SETTINGS: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # The CSRF token lives as long as the browser session: a slow reader must not lose a finished quiz.
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 512 * 1024,
    "MAX_FORM_PARTS": 2000,
}

CONFIG_FIELDS: dict[str, str] = {
    "INSTANCE_PATH": "instance_path",
    "LESSONS_DIR": "lessons_dir",
    "DATABASE_URL": "database_url",
    "SECRET_KEY": "secret_key",
    "SESSION_COOKIE_SECURE": "secure_cookies",
    "BASE_URL": "base_url",
    "TIMEZONE": "timezone",
    "RATELIMIT_STORAGE_URI": "ratelimit_storage",
    "TRUSTED_PROXIES": "trusted_proxies",
    "PDF_CACHE_DIR": "pdf_cache_dir",
    "PDF_CACHE_MAX_MB": "pdf_cache_max_mb",
    "PURGE_UNSUBMITTED_HOURS": "purge_unsubmitted_hours",
    "TRUSTED_HOSTS": "trusted_hosts",
    "JOBS_QUEUE": "jobs_queue",
    "CLASS_SETS_DIR": "class_sets_dir",
    "CLASS_SETS_MAX_MB": "class_sets_max_mb",
}
"""Flask configuration key -> :class:`~quizgen.settings.Settings` field."""


def split_config(config: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``config`` as (settings overrides by field name, other Flask configuration)."""
    overrides = {CONFIG_FIELDS[key]: value for key, value in config.items() if key in CONFIG_FIELDS}
    rest = {key: value for key, value in config.items() if key not in CONFIG_FIELDS}
    return overrides, rest


def flask_config(settings: Settings) -> dict[str, Any]:
    """The Flask configuration keys the app's modules read, from the settings (``SECRET_KEY`` may be missing)."""
    config: dict[str, Any] = {
        "LESSONS_DIR": str(settings.lessons_dir),
        "DATABASE_URL": settings.database_url,
        "SESSION_COOKIE_SECURE": settings.secure_cookies,
        "BASE_URL": settings.base_url,
        "TIMEZONE": settings.timezone,
        "RATELIMIT_STORAGE_URI": settings.ratelimit_storage,
        "TRUSTED_PROXIES": settings.trusted_proxies,
        "PURGE_UNSUBMITTED_HOURS": settings.purge_unsubmitted_hours,
        # Flask answers 400 to any other Host header (None: every host, as before).
        "TRUSTED_HOSTS": list(settings.trusted_hosts) or None,
    }
    if settings.secret_key is not None:
        config["SECRET_KEY"] = settings.secret_key.get_secret_value()
    return config


def instance_secret_key(instance_path: Path) -> str:
    """The key kept in the instance folder's ``secret_key`` file, created (mode 0600) on first use.

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
        raise SettingsError(f"{path} holds a key shorter than 32 characters; delete it to generate a new one")
    return key
