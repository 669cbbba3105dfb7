"""Deployment settings: one validated object built from environment variables, shared by the web app and the CLI.

==============================  ===============================================================
``QUIZGEN_LESSONS_DIR``         folder of lesson files (default: ``lessons`` in the current
                                directory)
``QUIZGEN_INSTANCE_PATH``       folder for what the app writes: the default SQLite database,
                                the generated secret key, the PDF cache (default: ``instance``
                                in the current directory)
``DATABASE_URL``                SQLAlchemy URL (default: SQLite file ``quizgen.sqlite3`` in
                                the instance folder)
``SECRET_KEY``                  signs sessions and CSRF tokens, at least 32 characters
                                (default: a random key generated once and kept in the instance
                                folder's ``secret_key``, readable by the owner only)
``QUIZGEN_SECURE_COOKIES``      ``1`` when the site is served over HTTPS: cookies get ``Secure``
``QUIZGEN_BASE_URL``            public ``http(s)://`` address of the site, for the QR codes
                                printed on worksheets (default: the address the request came in
                                on; ``http://127.0.0.1:5000`` for ``quizgen pdf``)
``QUIZGEN_TIMEZONE``            IANA time zone for dates teachers enter and see (default ``UTC``)
``QUIZGEN_RATELIMIT_STORAGE``   where PDF-download throttling counts are kept (default
                                ``memory://``, per process; ``redis://...`` or
                                ``memcached://...`` so several gunicorn workers share one count);
                                sign-in, start and class-code counts are always in the database
``QUIZGEN_TRUSTED_PROXIES``     number of reverse proxies in front of the app (default ``0``):
                                their ``X-Forwarded-For``/``-Proto``/``-Host`` headers are then
                                trusted, so throttling sees the student's address, not the proxy's
``QUIZGEN_PDF_CACHE``           folder where rendered PDFs are kept between restarts (default:
                                ``pdf-cache`` in the instance folder)
``QUIZGEN_PDF_CACHE_MAX_MB``    size bound of that folder in megabytes; the least recently used
                                PDFs are deleted beyond it (default ``200``; ``0`` keeps no PDF
                                on disk)
``QUIZGEN_JOBS_QUEUE``          where class sets wait to be rendered by the print worker
                                (``huey_consumer quizgen.worker.huey``): ``sqlite`` (default: a
                                file in the instance folder), ``redis://host:6379/0`` (default
                                when ``QUIZGEN_RATELIMIT_STORAGE`` is a Redis URL: several app
                                servers share one queue), or ``immediate`` (rendered in the
                                request, no worker: for tests)
``QUIZGEN_CLASS_SETS``          folder where finished class sets are kept for download (default:
                                ``class-sets`` in the instance folder; with several app servers,
                                a folder they and the worker share)
``QUIZGEN_CLASS_SETS_MAX_MB``   size bound of that folder; the least recently used class sets
                                are deleted beyond it (default ``500``)
``QUIZGEN_PURGE_UNSUBMITTED_    hours after which an attempt never submitted is deleted (default
HOURS``                         ``168``, a week; from 1 to 8760): at start-up, at most hourly
                                while students start quizzes, and by ``flask purge-attempts``
``QUIZGEN_TRUSTED_HOSTS``       comma-separated host names the site answers to (e.g.
                                ``quiz.school.example``); any other ``Host`` header gets a 400.
                                Without ``QUIZGEN_BASE_URL``, worksheet QR codes use the request's
                                host only when it is one of these (or a loopback address)
==============================  ===============================================================

Relative paths are taken from the current directory when the settings are
built, as for any command-line tool; an empty variable counts as unset.
A value quizgen cannot use raises :class:`SettingsError`, whose one-line
message names the variable and the value, so a typo stops the app at
start-up instead of breaking pages later.

This module imports neither Flask nor WeasyPrint: the ``quizgen`` command
and the web app build the same :class:`Settings`.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

PACKAGE_DIR = Path(__file__).resolve().parent
"""The installed ``quizgen`` package: read-only code, templates and static files."""

SECRET_KEY_MIN_LENGTH = 32
# A host name or address as a Host header carries it, without the port; a leading dot allows every subdomain.
_HOST_NAME = re.compile(r"\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\]")


JOBS_QUEUE_KINDS = ("sqlite", "immediate")
"""The job queues named by a word; any other is a Redis URL."""


class SettingsError(ValueError):
    """A setting has a value quizgen cannot use; the message names the setting and the value."""


class Settings(BaseModel):
    """Every deployment choice, validated; fields are set by name or by their environment variable (the alias)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True, validate_default=True)

    lessons_dir: Path = Field(default=Path("lessons"), alias="QUIZGEN_LESSONS_DIR")
    instance_path: Path = Field(default=Path("instance"), alias="QUIZGEN_INSTANCE_PATH")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    """``None`` only while validating: afterwards the SQLite file in the instance folder when unset."""
    secret_key: SecretStr | None = Field(default=None, alias="SECRET_KEY")
    secure_cookies: bool = Field(default=False, alias="QUIZGEN_SECURE_COOKIES")
    base_url: str | None = Field(default=None, alias="QUIZGEN_BASE_URL")
    timezone: str = Field(default="UTC", alias="QUIZGEN_TIMEZONE")
    ratelimit_storage: str = Field(default="memory://", alias="QUIZGEN_RATELIMIT_STORAGE")
    trusted_proxies: int = Field(default=0, ge=0, alias="QUIZGEN_TRUSTED_PROXIES")
    pdf_cache_dir: Path | None = Field(default=None, alias="QUIZGEN_PDF_CACHE")
    """``None`` only while validating: afterwards ``pdf-cache`` in the instance folder when unset."""
    pdf_cache_max_mb: int = Field(default=200, ge=0, alias="QUIZGEN_PDF_CACHE_MAX_MB")
    jobs_queue: str | None = Field(default=None, alias="QUIZGEN_JOBS_QUEUE")
    """``None`` only while validating: afterwards the Redis of the throttling counts, or ``sqlite``."""
    class_sets_dir: Path | None = Field(default=None, alias="QUIZGEN_CLASS_SETS")
    """``None`` only while validating: afterwards ``class-sets`` in the instance folder when unset."""
    class_sets_max_mb: int = Field(default=500, ge=1, alias="QUIZGEN_CLASS_SETS_MAX_MB")
    purge_unsubmitted_hours: int = Field(default=168, ge=1, le=8760, alias="QUIZGEN_PURGE_UNSUBMITTED_HOURS")
    trusted_hosts: tuple[str, ...] = Field(default=(), alias="QUIZGEN_TRUSTED_HOSTS")

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
    ) -> Settings:
        """The settings from environment variables, then ``overrides`` (by field name) on top.

        Raises :class:`SettingsError` naming the first bad variable and its value.
        """
        environ = os.environ if environ is None else environ
        given: dict[str, Any] = {}
        source: dict[str, str] = {}
        for name, field in cls.model_fields.items():
            variable = field.alias or name  # every field has its variable as alias
            value = environ.get(variable)
            if value is not None and value.strip():
                given[name] = value
                source[name] = variable
        for name, value in (overrides or {}).items():
            if name not in cls.model_fields:
                raise SettingsError(f"{name} is not a quizgen setting")
            given[name] = value
            source[name] = name
        try:
            return cls.model_validate(given)
        except ValidationError as error:
            raise _settings_error(error, given, source) from None

    @field_validator("lessons_dir", "instance_path", "pdf_cache_dir", "class_sets_dir")
    @classmethod
    def _absolute(cls, path: Path | None) -> Path | None:
        # Resolved once, now: a later chdir (gunicorn --chdir, a test) must not move the folders.
        return None if path is None else path.expanduser().resolve()

    @field_validator("instance_path")
    @classmethod
    def _outside_the_package(cls, path: Path) -> Path:
        if path.is_relative_to(PACKAGE_DIR):
            raise ValueError(
                f"the instance folder must be outside the installed quizgen package ({PACKAGE_DIR}); "
                "run from another directory or set QUIZGEN_INSTANCE_PATH"
            )
        return path

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, url: str | None) -> str | None:
        if url is None:
            return None
        # Imported here: SQLAlchemy is not needed by the settings of `quizgen pdf`.
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        from .storage import normalize_database_url

        try:
            make_url(normalize_database_url(url)).get_dialect()
        except (ArgumentError, NoSuchModuleError, ValueError):
            raise ValueError(
                "not a database URL quizgen can use; e.g. postgresql+psycopg://user@host/quizgen "
                "or sqlite:////srv/quizgen/quizgen.sqlite3"
            ) from None
        return url

    @field_validator("secret_key")
    @classmethod
    def _long_secret_key(cls, key: SecretStr | None) -> SecretStr | None:
        if key is not None and len(key.get_secret_value()) < SECRET_KEY_MIN_LENGTH:
            raise ValueError(
                f"must be at least {SECRET_KEY_MIN_LENGTH} characters; make one with "
                "python3 -c 'import secrets; print(secrets.token_hex(32))'"
            )
        return key

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, url: str | None) -> str | None:
        if url is None:
            return None
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ValueError("must be the site's public address, e.g. https://quiz.school.example")
        return url.rstrip("/")

    @field_validator("trusted_hosts", mode="before")
    @classmethod
    def _trusted_hosts(cls, value: Any) -> Any:
        names = [name.strip().lower() for name in value.split(",")] if isinstance(value, str) else value
        if isinstance(names, list | tuple):
            for name in names:
                if not isinstance(name, str) or not _HOST_NAME.fullmatch(name):
                    raise ValueError(
                        f"{name!r} is not a host name; list the names the site answers to, separated by commas, "
                        "e.g. quiz.school.example,www.quiz.school.example"
                    )
            return tuple(names)
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                "not a time zone; use an IANA name such as Europe/Berlin, America/New_York or UTC"
            ) from None
        return name

    @field_validator("ratelimit_storage")
    @classmethod
    def _ratelimit_storage(cls, url: str) -> str:
        from limits.storage import SCHEMES  # the storage schemes Flask-Limiter can use

        scheme = urlsplit(url).scheme
        if scheme not in SCHEMES or scheme.startswith("async+") or "://" not in url:
            raise ValueError("not a throttling storage; use memory://, redis://host:6379 or memcached://host:11211")
        if scheme.startswith("redis") and importlib.util.find_spec("redis") is None:
            # Otherwise the first sign-in would fail with a 500, long after start-up.
            raise ValueError("needs the redis package: pip install 'quizgen[redis]' (scripts/bootstrap adds it)")
        return url

    @field_validator("jobs_queue")
    @classmethod
    def _jobs_queue(cls, queue: str | None) -> str | None:
        if queue is None or queue in JOBS_QUEUE_KINDS:
            return queue
        scheme = urlsplit(queue).scheme
        if scheme not in ("redis", "rediss") or "://" not in queue:
            raise ValueError("not a job queue; use sqlite, redis://host:6379/0 or immediate")
        if importlib.util.find_spec("redis") is None:
            raise ValueError("needs the redis package: pip install 'quizgen[redis]' (scripts/bootstrap adds it)")
        return queue

    @model_validator(mode="after")
    def _defaults_in_the_instance_folder(self) -> Settings:
        if self.jobs_queue is None:
            # One Redis for everything shared: servers that share throttling counts share the print queue too.
            shared = urlsplit(self.ratelimit_storage).scheme in ("redis", "rediss")
            self.jobs_queue = self.ratelimit_storage if shared else "sqlite"
        if self.class_sets_dir is None:
            self.class_sets_dir = self.instance_path / "class-sets"
        if self.database_url is None:
            self.database_url = f"sqlite:///{self.instance_path / 'quizgen.sqlite3'}"
        if self.pdf_cache_dir is None:
            self.pdf_cache_dir = self.instance_path / "pdf-cache"
        return self

    @property
    def pdf_cache_max_bytes(self) -> int:
        """The PDF disk cache's size bound in bytes (0: no disk cache)."""
        return self.pdf_cache_max_mb * 1024 * 1024

    @property
    def class_sets_max_bytes(self) -> int:
        """The class-set folder's size bound in bytes."""
        return self.class_sets_max_mb * 1024 * 1024

    @property
    def jobs_database(self) -> Path:
        """The SQLite file of the embedded job queue (used when ``jobs_queue`` is ``sqlite``)."""
        return self.instance_path / "jobs.sqlite3"

    def check_lessons_dir(self) -> Path:
        """The lessons folder, or :class:`SettingsError` when there is no folder there (the web app needs one)."""
        if not self.lessons_dir.is_dir():
            raise SettingsError(
                f"QUIZGEN_LESSONS_DIR: there is no folder at {self.lessons_dir}; create it, or set "
                "QUIZGEN_LESSONS_DIR to the folder of your lesson files"
            )
        return self.lessons_dir

    def make_instance_path(self) -> Path:
        """The instance folder, created when missing, or :class:`SettingsError` when it cannot be."""
        try:
            # Owner only: it holds the secret key and, by default, the database and the PDF cache.
            self.instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise SettingsError(
                f"QUIZGEN_INSTANCE_PATH: cannot create the instance folder {self.instance_path} "
                f"({error.strerror or error}); choose a folder the server may write to"
            ) from None
        return self.instance_path


def _settings_error(error: ValidationError, given: Mapping[str, Any], source: Mapping[str, str]) -> SettingsError:
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    if field in source:
        name = source[field]
    else:
        name = (Settings.model_fields[field].alias or field) if field in Settings.model_fields else field
    if first["type"] == "value_error":
        reason = str(first["ctx"]["error"])
    else:
        reason = first["msg"][0].lower() + first["msg"][1:]
    shown = "(hidden)" if field == "secret_key" else repr(given.get(field))
    return SettingsError(f"{name}={shown} is not valid: {reason}")
