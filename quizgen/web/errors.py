"""Error pages: every error is an HTML page that says what happened and what to do next."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from ..labels import N_
from ..labels import gettext as _
from ..storage import is_lock_timeout

log = logging.getLogger(__name__)

# A lock wait ends within the database's timeout (SQLite: 5 s), so a few seconds later the form usually goes through.
BUSY_RETRY_AFTER_SECONDS = 5

FRIENDLY_TITLES = {
    400: N_("Form not accepted"),
    404: N_("Page not found"),
    405: N_("Not allowed here"),
    413: N_("Form too large"),
    429: N_("Please wait a moment"),
}
FRIENDLY_DESCRIPTIONS = {
    404: N_(
        "We could not find that page. The lesson may have been removed, or the quiz was started in another browser."
    ),
    405: N_("That page cannot be used this way. Go back and use the buttons on the page."),
    413: N_("The form was too large to accept. Nothing was saved. Shorten your answers and try again."),
}


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    from .printing import RenderQueueFull  # here: printing imports limits, which imports this module

    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(SecurityError, untrusted_host)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(OperationalError, database_error)
    app.register_error_handler(InternalServerError, internal_error)
    app.register_error_handler(RenderQueueFull, render_queue_full)


def render_error(status: int, title: str, message: str, link: tuple[str, str] | None = None):
    """The error page with ``status``; ``link`` is an optional (url, label) for what to do next."""
    return render_template("error.html", status=status, title=title, message=message, link=link), status


def untrusted_host(_error: SecurityError):
    """A request for a host name not in ``QUIZGEN_TRUSTED_HOSTS``: a short plain 400 (no page links to build)."""
    return "400 Bad Request: this server does not answer to that host name.\n", 400, {"Content-Type": "text/plain"}


def http_error(error: HTTPException):
    """Any HTTP error raised with ``abort``: its description is the message."""
    description = error.description
    if error.code in FRIENDLY_DESCRIPTIONS and description == type(error).description:
        description = _(FRIENDLY_DESCRIPTIONS[error.code])
    title = _(FRIENDLY_TITLES[error.code]) if error.code in FRIENDLY_TITLES else error.name
    return render_error(error.code or 500, title, description or title)


def csrf_error(error: CSRFError):
    """A POST without a valid CSRF token: an old or foreign form."""
    return render_error(
        400,
        _("Form expired"),
        _(
            "This form could not be accepted because its security token is missing or no longer valid "
            "(for example, the browser was closed and reopened). Nothing was saved. "
            "Go back, reload the page and send the form again."
        ),
    )


def database_error(error: OperationalError):
    """A lock held too long by another request: 503, try again; any other database failure: a logged 500.

    Only a lock timeout is worth retrying.  A missing column after an
    upgrade, a lost connection or a full disk must show up in the log as the
    fault it is, not hide behind "server busy".
    """
    if not is_lock_timeout(error):
        log.error("database error on %s %s", request.method, request.path, exc_info=error)
        return internal_error(error)
    log.warning("database busy on %s %s: %s", request.method, request.path, error.orig)
    page, status = render_error(
        503,
        _("Please try again"),
        _(
            "The server is busy and could not save this. Nothing was saved. Wait a moment, then go back and send it again."
        ),
    )
    return page, status, {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)}


def render_queue_full(_error: Exception):
    """Many PDFs are being made at once: 503 with a short wait, rather than a request left hanging."""
    page, status = render_error(
        503,
        _("Please try again"),
        _("The server is busy making other PDFs. Wait a few seconds, then download again."),
    )
    return page, status, {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)}


def internal_error(_error: Exception):
    """An unexpected failure."""
    return render_error(
        500,
        _("Something went wrong"),
        _("The server hit an unexpected problem. Please go back and try again in a moment."),
    )
