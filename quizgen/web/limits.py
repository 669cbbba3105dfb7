"""Throttling: sign-ins, quiz starts and class-code guesses counted in the database; PDF downloads by Flask-Limiter.

**Counts in the database.**  Sign-in failures, quiz starts and wrong class
codes are counted in the ``throttle_count`` table (:func:`quizgen.storage.count_event`,
one atomic upsert on SQLite and PostgreSQL), so every gunicorn worker and
every app server shares one count, with nothing more to run.

**Signing in** (the rules the README states):

- each account *from each address* gets 5 tries per 15 minutes, then that
  pair waits out the 15 minutes (wrong tries from elsewhere never lock the
  teacher's own address out);
- a browser the teacher has signed in with before carries a signed
  *known-browser* cookie for that account: its tries are counted on their
  own (5 per 15 minutes) and no other limit applies to it, so nobody can
  lock a teacher out of the browser they normally use;
- from browsers without that cookie, an account takes at most 100 failed
  tries per 15 minutes from all addresses together (the ceiling against a
  distributed guesser), and one address at most 30 failures over every
  account (one machine spraying many accounts);
- a refused (throttled) try is not checked and does not count against the
  address or the account, and a successful sign-in clears its own count.

**Students**: 300 quiz starts per 5 minutes per address (a class behind one
school address starts well within that), and 30 wrong class codes per 10
minutes per address; a code that names no class and one whose class was not
given the lesson get the same answer.

**PDF renders** are counted in the database too (:data:`PDF_RENDERS_PER_ADDRESS`).
Flask-Limiter remains for a limit a view may need that the database cannot
count (attached to endpoints by name in :data:`THROTTLES`, so the views stay
plain functions); while that list is empty it is switched off and costs
requests nothing.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import click
from flask import Flask, abort, current_app, request
from flask.cli import with_appcontext
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from ..labels import N_, gettext
from ..storage import WindowCount, clear_all_counts, clear_count, count_event, current_count, new_public_id, utc_now
from .database import db_session
from .errors import render_error

EXTENSION_KEY = "quizgen.limiter"

ACCOUNT_LOCKED = N_(
    "Too many failed sign-in attempts for this account. To protect it, signing in to it is paused "
    "for 15 minutes. Wait, then try again with the right password."
)
ADDRESS_LOCKED = N_(
    "Too many failed sign-in attempts from your network. Signing in from here is paused for "
    "15 minutes. Wait, then try again."
)
TOO_MANY_STARTS = N_(
    "Too many quizzes were started from your network in the last few minutes. Wait a few minutes, "
    "then start the quiz again."
)
TOO_MANY_CODE_GUESSES = N_(
    "Too many wrong class codes were typed from your network. Wait 10 minutes, then type the code "
    "your teacher gave you."
)
TOO_MANY_PDFS = N_(
    "Too many PDFs were requested from your network in the last minute. Making a PDF takes the "
    "server a moment, so downloads are limited. Wait a minute, then try again."
)

WRONG_CODE_LOCKED = N_(
    "Too many wrong personal codes for this name. To protect this student's work, trying is paused for "
    "15 minutes. Ask your teacher for the code on your roster slip."
)


@dataclass(frozen=True)
class Throttle:
    """One limit on one endpoint."""

    endpoint: str
    limit: str
    message: str  # English message id: shown translated into the page's language when the limit is hit
    key: Callable[[], str] = get_remote_address
    methods: tuple[str, ...] | None = None
    deduct_when: Callable | None = None


THROTTLES: tuple[Throttle, ...] = ()  # every limit is now counted in the database (below)


def init_app(app: Flask) -> Limiter:
    """Create the app's limiter and wrap the throttled views (call after the blueprints are registered)."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    by_endpoint: dict[str, list[Throttle]] = {}
    for throttle in THROTTLES:
        by_endpoint.setdefault(throttle.endpoint, []).append(throttle)
    # With no throttle on a view, Flask-Limiter would only add work to every request (its checks before and after
    # each one cost more than a whole autosave's own code), so it is turned off until a view gets a throttle.
    limiter = Limiter(get_remote_address, default_limits=[], strategy="fixed-window", enabled=bool(by_endpoint))
    limiter.init_app(app)
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
    app.before_request(throttle_quiz_starts)
    app.cli.add_command(reset_throttling_command)
    return limiter


def limiter() -> Limiter:
    """The current app's limiter."""
    return current_app.extensions[EXTENSION_KEY]


def reset_throttling() -> None:
    """Forget every count, in the database and Flask-Limiter's (an operator's way out of a lockout; tests)."""
    if limiter().enabled:
        limiter().reset()
    clear_all_counts(db_session())


@click.command("reset-throttling")
@with_appcontext
def reset_throttling_command() -> None:
    """Forget every throttling count: sign-ins, quiz starts, class codes and this process's PDF downloads."""
    reset_throttling()
    click.echo("Throttling counts cleared.")


# --- counts in the database ------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """At most ``limit`` events per ``window`` under one key."""

    name: str
    limit: int
    window: timedelta

    def key(self, *parts: str) -> str:
        """The stored key: the rule's name and a hash of what it counts by (no e-mail address stored in clear)."""
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:40]
        return f"{self.name}:{digest}"


SIGN_IN_TRIES_PER_ACCOUNT_AND_ADDRESS = Rule("sign-in-pair", 5, timedelta(minutes=15))
SIGN_IN_TRIES_PER_KNOWN_BROWSER = Rule("sign-in-browser", 5, timedelta(minutes=15))
SIGN_IN_FAILURES_PER_ACCOUNT = Rule("sign-in-account", 100, timedelta(minutes=15))
SIGN_IN_FAILURES_PER_ADDRESS = Rule("sign-in-address", 30, timedelta(minutes=15))
QUIZ_STARTS_PER_ADDRESS = Rule("quiz-start", 300, timedelta(minutes=5))
CLASS_CODE_FAILURES_PER_ADDRESS = Rule("class-code", 30, timedelta(minutes=10))
# A personal code has about 20 bits: a few wrong guesses at one name per quarter hour make guessing hopeless.
PERSONAL_CODE_FAILURES_PER_STUDENT = Rule("personal-code", 8, timedelta(minutes=15))
# PDFs rendered (not served from the cache) per address, counted in the database like the other limits: a whole
# class behind one school address can each download their own variant, and a cached PDF costs nothing.
PDF_RENDERS_PER_ADDRESS = {
    "students.worksheet": Rule("pdf-worksheet", 60, timedelta(minutes=1)),
    "teachers.answer_key": Rule("pdf-teacher", 30, timedelta(minutes=1)),
    "teachers.class_set": Rule("pdf-teacher", 30, timedelta(minutes=1)),
}
LONGEST_WINDOW = max(
    rule.window
    for rule in (
        SIGN_IN_TRIES_PER_ACCOUNT_AND_ADDRESS,
        SIGN_IN_TRIES_PER_KNOWN_BROWSER,
        SIGN_IN_FAILURES_PER_ACCOUNT,
        SIGN_IN_FAILURES_PER_ADDRESS,
        QUIZ_STARTS_PER_ADDRESS,
        CLASS_CODE_FAILURES_PER_ADDRESS,
        PERSONAL_CODE_FAILURES_PER_STUDENT,
        *PDF_RENDERS_PER_ADDRESS.values(),
    )
)
"""Counts older than this are over and may be deleted (see ``flask purge-attempts``)."""

KNOWN_BROWSER_COOKIE = "quizgen_known_browser"
KNOWN_BROWSER_DAYS = 365


@dataclass(frozen=True)
class Refusal:
    """A request turned away by a limit: the message (translated) and how long to wait."""

    message: str
    retry_after: int

    def response(self, status: int = 429):
        """The error page, with ``Retry-After``."""
        page, code = render_error(status, gettext("Please wait a moment"), self.message)
        return page, code, {"Retry-After": str(self.retry_after)}


def _refusal(message: str, count: WindowCount) -> Refusal:
    wait = (count.window_end - utc_now()).total_seconds()
    return Refusal(gettext(message), max(1, math.ceil(wait)))


def _over(rule: Rule, key: str, *, counting: bool) -> WindowCount | None:
    """The count when it is past the rule's limit (after adding this event when ``counting``), else None."""
    session = db_session()
    count = count_event(session, key, rule.window) if counting else current_count(session, key, rule.window)
    limit_reached = count.count > rule.limit if counting else count.count >= rule.limit
    return count if limit_reached else None


def count_pdf_render() -> None:
    """Count one PDF render against this address's limit; a 429 with a clear message when it is used up."""
    rule = PDF_RENDERS_PER_ADDRESS.get(request.endpoint or "")
    if rule is not None and _over(rule, rule.key(client_address()), counting=True):
        abort(429, gettext(TOO_MANY_PDFS))


def client_address() -> str:
    """The client's address as the app sees it (behind trusted proxies: the forwarded one)."""
    return get_remote_address() or "unknown"


class SignInThrottle:
    """The sign-in rules of this module's docstring, for one try at one account from this request."""

    def __init__(self, email: str):
        self.email = email.strip().lower()[:254]
        self.address = client_address()
        self.browser = _known_browser(self.email)

    def refusal(self) -> Refusal | None:
        """Why this try is refused before the password is checked, or None; a try let through is counted."""
        if self.browser is not None:
            over = _over(SIGN_IN_TRIES_PER_KNOWN_BROWSER, self._browser_key(), counting=True)
            return _refusal(ACCOUNT_LOCKED, over) if over else None
        over = _over(SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_FAILURES_PER_ACCOUNT.key(self.email), counting=False)
        if over:
            return _refusal(ACCOUNT_LOCKED, over)
        over = _over(SIGN_IN_FAILURES_PER_ADDRESS, SIGN_IN_FAILURES_PER_ADDRESS.key(self.address), counting=False)
        if over:
            return _refusal(ADDRESS_LOCKED, over)
        over = _over(SIGN_IN_TRIES_PER_ACCOUNT_AND_ADDRESS, self._pair_key(), counting=True)
        return _refusal(ACCOUNT_LOCKED, over) if over else None

    def failed(self) -> None:
        """Count a wrong password against the account and the address (not from a known browser)."""
        if self.browser is None:
            session = db_session()
            count_event(session, SIGN_IN_FAILURES_PER_ACCOUNT.key(self.email), SIGN_IN_FAILURES_PER_ACCOUNT.window)
            count_event(session, SIGN_IN_FAILURES_PER_ADDRESS.key(self.address), SIGN_IN_FAILURES_PER_ADDRESS.window)

    def succeeded(self, response: Response) -> Response:
        """Clear this try's count and mark the browser as known for the account (a signed cookie)."""
        clear_count(db_session(), self._browser_key() if self.browser is not None else self._pair_key())
        browser = self.browser or new_public_id()
        response.set_cookie(
            KNOWN_BROWSER_COOKIE,
            _browser_cookies().dumps([self.email, browser]),
            max_age=KNOWN_BROWSER_DAYS * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            path="/teacher/",
        )
        return response

    def _pair_key(self) -> str:
        return SIGN_IN_TRIES_PER_ACCOUNT_AND_ADDRESS.key(self.email, self.address)

    def _browser_key(self) -> str:
        return SIGN_IN_TRIES_PER_KNOWN_BROWSER.key(self.email, self.browser or "")


def _browser_cookies() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key or "", salt="quizgen.known-browser")


def _known_browser(email: str) -> str | None:
    """The id of this browser if it signed in to this account before (its signed cookie says so), else None."""
    cookie = request.cookies.get(KNOWN_BROWSER_COOKIE)
    if not cookie:
        return None
    try:
        signed_email, browser = _browser_cookies().loads(cookie)
    except (BadSignature, ValueError, TypeError):
        return None
    return str(browser) if signed_email == email else None


def throttle_quiz_starts():
    """Count every quiz start from the client's address; past the limit, a 429 page instead of a new attempt."""
    if request.method != "POST" or request.endpoint not in ("students.start", "students.another_variant"):
        return None
    over = _over(QUIZ_STARTS_PER_ADDRESS, QUIZ_STARTS_PER_ADDRESS.key(client_address()), counting=True)
    return _refusal(TOO_MANY_STARTS, over).response() if over else None


def class_code_refusal() -> Refusal | None:
    """Why this address may not try another class code for now, or None."""
    over = _over(CLASS_CODE_FAILURES_PER_ADDRESS, CLASS_CODE_FAILURES_PER_ADDRESS.key(client_address()), counting=False)
    return _refusal(TOO_MANY_CODE_GUESSES, over) if over else None


def count_wrong_class_code() -> None:
    """Count a class code that led nowhere (no such class, or a class without this lesson) against the address."""
    count_event(
        db_session(),
        CLASS_CODE_FAILURES_PER_ADDRESS.key(client_address()),
        CLASS_CODE_FAILURES_PER_ADDRESS.window,
    )


def _personal_code_key(class_id: int, name: str) -> str:
    # By class and name (spacing and case aside), not by address: a whole class shares one school address.
    return PERSONAL_CODE_FAILURES_PER_STUDENT.key(str(class_id), " ".join(name.split()).casefold()[:80])


def personal_code_refusal(class_id: int, name: str) -> Refusal | None:
    """Why this name may not try another personal code in this class for now, or None."""
    over = _over(PERSONAL_CODE_FAILURES_PER_STUDENT, _personal_code_key(class_id, name), counting=False)
    return _refusal(WRONG_CODE_LOCKED, over) if over else None


def count_wrong_personal_code(class_id: int, name: str) -> None:
    """Count a personal code that did not match this name in this class."""
    count_event(db_session(), _personal_code_key(class_id, name), PERSONAL_CODE_FAILURES_PER_STUDENT.window)
