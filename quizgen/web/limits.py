"""Throttling with Flask-Limiter: failed sign-ins per account and per address, and PDF downloads.

Each app gets its own :class:`~flask_limiter.Limiter` (kept in
``app.extensions["quizgen.limiter"]``), so apps built side by side (tests)
never share counts; ``limiter().reset()`` clears them.  Counts live in
``RATELIMIT_STORAGE_URI`` (``memory://`` by default: per process, so with
several gunicorn workers each keeps its own count; point it at Redis or
Memcached to share one).

Limits are attached to endpoints here, by name, rather than with decorators
in the view modules: the views stay plain functions and this table is the
one place that says what is throttled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from ..labels import N_, gettext

EXTENSION_KEY = "quizgen.limiter"

SIGN_IN_ATTEMPTS_PER_ACCOUNT = "5 per 15 minutes"
SIGN_IN_ATTEMPTS_PER_ADDRESS = "20 per 15 minutes"
STUDENT_WORKSHEETS_PER_ADDRESS = "20 per minute"
TEACHER_PDFS_PER_ADDRESS = "20 per minute"
# A personal code has about 20 bits: a few wrong guesses at one name per quarter hour make guessing hopeless.
PERSONAL_CODE_GUESSES_PER_STUDENT = "8 per 15 minutes"

ACCOUNT_LOCKED = N_(
    "Too many failed sign-in attempts for this account. To protect it, signing in to it is paused "
    "for 15 minutes. Wait, then try again with the right password."
)
ADDRESS_LOCKED = N_(
    "Too many failed sign-in attempts from your network. Signing in from here is paused for "
    "15 minutes. Wait, then try again."
)
TOO_MANY_PDFS = N_(
    "Too many PDFs were requested from your network in the last minute. Making a PDF takes the "
    "server a moment, so downloads are limited. Wait a minute, then try again."
)

WRONG_CODE_LOCKED = N_(
    "Too many wrong personal codes for this name. To protect this student's work, trying is paused for "
    "15 minutes. Ask your teacher for the code on your roster slip."
)


def sign_in_account_key() -> str:
    """The e-mail address being signed in to (empty when none was sent: the limit is then skipped)."""
    email = request.form.get("email", "").strip().lower()[:254]
    return f"account:{email}" if email else ""


def personal_code_key() -> str:
    """The class and the name a personal code is tried for (name spacing and case aside)."""
    name = " ".join(request.form.get("name", "").split()).casefold()[:80]
    return f"student:{request.path}:{name}"


def _failed_sign_in(response) -> bool:
    # A successful sign-in redirects; everything else (wrong password, bad form) counts as a failure.
    return response.status_code != 303


@dataclass(frozen=True)
class Throttle:
    """One limit on one endpoint."""

    endpoint: str
    limit: str
    message: str  # English message id: shown translated into the page's language when the limit is hit
    key: Callable[[], str] = get_remote_address
    methods: tuple[str, ...] | None = None
    deduct_when: Callable | None = None


THROTTLES = (
    # Order matters: the account limit is checked first, so its message wins when both apply.
    Throttle(
        "teachers.sign_in",
        SIGN_IN_ATTEMPTS_PER_ACCOUNT,
        ACCOUNT_LOCKED,
        sign_in_account_key,
        ("POST",),
        _failed_sign_in,
    ),
    Throttle(
        "teachers.sign_in", SIGN_IN_ATTEMPTS_PER_ADDRESS, ADDRESS_LOCKED, get_remote_address, ("POST",), _failed_sign_in
    ),
    Throttle(
        "join.prove",
        PERSONAL_CODE_GUESSES_PER_STUDENT,
        WRONG_CODE_LOCKED,
        personal_code_key,
        ("POST",),
        _failed_sign_in,
    ),
    Throttle("students.worksheet", STUDENT_WORKSHEETS_PER_ADDRESS, TOO_MANY_PDFS),
    Throttle("teachers.answer_key", TEACHER_PDFS_PER_ADDRESS, TOO_MANY_PDFS),
    Throttle("teachers.class_set", TEACHER_PDFS_PER_ADDRESS, TOO_MANY_PDFS, methods=("POST",)),
)


def init_app(app: Flask) -> Limiter:
    """Create the app's limiter and wrap the throttled views (call after the blueprints are registered)."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter = Limiter(get_remote_address, app=app, default_limits=[], strategy="fixed-window")
    by_endpoint: dict[str, list[Throttle]] = {}
    for throttle in THROTTLES:
        by_endpoint.setdefault(throttle.endpoint, []).append(throttle)
    for endpoint, throttles in by_endpoint.items():
        view: Any = app.view_functions[endpoint]
        # The decorator applied last runs first: apply in reverse so THROTTLES' order is the checking order.
        for throttle in reversed(throttles):
            view = limiter.limit(
                throttle.limit,
                key_func=throttle.key,
                methods=list(throttle.methods or ()) or None,
                error_message=partial(gettext, throttle.message),
                deduct_when=throttle.deduct_when,
            )(view)
        app.view_functions[endpoint] = view
    # Every limit here is on a view (checked by the wrappers above); there are no default or application-wide
    # limits, so Flask-Limiter's check before every request has nothing to find elsewhere.  Exempting the other
    # endpoints up front spares it resolving limits for them (~60 us of ~80 us on every student page).
    limiter.request_filter(lambda: request.endpoint not in by_endpoint)
    app.extensions[EXTENSION_KEY] = limiter
    return limiter


def limiter() -> Limiter:
    """The current app's limiter."""
    return current_app.extensions[EXTENSION_KEY]
