"""The web app's language: Flask-Babel with quizgen's own catalogs.

Student pages speak the lesson's language (its primary subtag when
quizgen ships it, English otherwise): a view calls :func:`set_page_language`
once it knows the lesson.  Teacher pages speak the language the teacher
chose in the layout's menu, kept in the session; English until then.  Other
pages (the catalog, errors before a lesson is known) are English.

Flask-Babel's templates, forms and messages and the core's
:func:`quizgen.labels.gettext` all read the same catalogs
(:func:`quizgen.labels.translations`) in the same language.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, g, has_request_context, redirect, request, session, url_for
from flask_babel import Babel, Domain, get_locale, gettext, refresh

from ..labels import DEFAULT_LANGUAGE, LANGUAGES, language_of, set_language_provider, translations

SESSION_KEY = "language"
TEACHER_BLUEPRINT = "teachers"


class CatalogDomain(Domain):
    """Flask-Babel's message domain, reading quizgen's catalogs (compiled on first use) instead of ``.mo`` folders."""

    def get_translations(self):
        """The catalog of the request's language (asked once per request: a results page translates ~1,000 strings)."""
        return translations(_request_language() or DEFAULT_LANGUAGE)


def select_language() -> str:
    """The request's language: the page's lesson, else the teacher's choice on teacher pages, else English."""
    chosen = g.get("page_language")
    if chosen:
        return chosen
    if request.blueprint == TEACHER_BLUEPRINT:
        return language_of(session.get(SESSION_KEY))
    return DEFAULT_LANGUAGE


def set_page_language(tag: str | None) -> None:
    """Show this page in ``tag``'s language (a lesson's ``language``), even if some text was already translated."""
    g.page_language = language_of(tag)
    _forget_language()


def choose_teacher_language(tag: str) -> bool:
    """Remember a teacher's language choice in the session; False for a language quizgen does not ship."""
    if tag not in LANGUAGES:
        return False
    session[SESSION_KEY] = tag
    _forget_language()
    return True


bp = Blueprint("language", __name__)


@bp.post("/language")
def choose_language():
    """The teacher layout's language menu: remember the choice, then show the same teacher page again."""
    if not choose_teacher_language(request.form.get("language", "")):
        abort(400, gettext("Choose one of the languages in the menu."))
    target = request.form.get("next", "")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or not parts.path.startswith("/teacher/"):
        target = url_for("teachers.sign_in")  # never an open redirect; the sign-in page sends teachers on
    return redirect(target, 303)


def _request_language() -> str | None:
    if not has_request_context():
        return None  # outside a request
    # Every label the core translates asks for the language: a quiz page asks hundreds of times, so the answer
    # is kept for the request (and forgotten when the page's language is set).
    known = g.get("label_language", _UNKNOWN)
    if known is _UNKNOWN:
        if "babel" not in current_app.extensions:
            return None  # a bare Flask app (tests of single pieces)
        locale = get_locale()
        known = g.label_language = locale.language if locale is not None else None
    return known


_UNKNOWN = object()


def _forget_language() -> None:
    g.pop("label_language", None)
    refresh()


def init_app(app: Flask) -> None:
    """Install Flask-Babel (templates get ``_``, ``gettext``, ``ngettext``) and point the core's labels at it."""
    babel = Babel(app, locale_selector=select_language)
    babel.domain_instance = CatalogDomain()
    set_language_provider(_request_language)
    app.register_blueprint(bp)
    app.context_processor(
        lambda: {"interface_languages": LANGUAGES, "page_language": _request_language() or DEFAULT_LANGUAGE}
    )
