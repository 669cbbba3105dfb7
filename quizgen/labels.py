"""Every person-facing label, and the gettext that puts them in the reader's language.

The interface speaks the lesson's language on student pages, worksheets and
the ``quizgen preview`` text, and the teacher's choice on teacher pages.
Strings are English message ids marked for extraction (``pybabel extract``
with ``babel.cfg``); the catalogs are ``translations/<lang>/LC_MESSAGES/messages.po``.

The ``.po`` files are the only thing kept in git: the first lookup in a
language compiles its catalog in memory with :mod:`babel.messages.mofile`
(or loads a ``messages.mo`` next to it when one at least as new is there), so
an editable install and a wheel behave the same and no binary is committed.

Plain Python only (no Flask): the core, the PDF code and the CLI translate
through :func:`gettext` here.  The language is, in order, the one set with
:func:`use_language`, then the one the web layer's provider reports (see
:func:`set_language_provider`; the web app plugs Flask-Babel's locale in),
then English.  Generated question wording has its own tables in
:mod:`quizgen.phrases`.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from .fields import Skill

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
"""The interface languages shipped, each named in its own language (the teacher's language menu)."""


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (tables translated where they are shown)."""
    return message


def language_of(tag: str | None) -> str:
    """The interface language for a BCP 47 tag: its primary subtag when shipped (``ko-KR`` → ``ko``), else English."""
    primary = (tag or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


class English(stdlib_gettext.NullTranslations):
    """The interface in English: the message ids are the English text, so nothing is looked up (and Babel, slow to
    import, is not needed by a CLI run on an English lesson).  Babel's ``u``-names are kept for Flask-Babel."""

    def ugettext(self, message: str) -> str:
        """``message`` itself."""
        return self.gettext(message)

    def ungettext(self, singular: str, plural: str, number: int) -> str:
        """The English singular or plural."""
        return self.ngettext(singular, plural, number)

    def upgettext(self, context: str, message: str) -> str:
        """``message`` itself, whatever its context."""
        return self.pgettext(context, message)

    def unpgettext(self, context: str, singular: str, plural: str, number: int) -> str:
        """The English singular or plural, whatever the context."""
        return self.npgettext(context, singular, plural, number)


@cache
def translations(language: str) -> stdlib_gettext.NullTranslations:
    """The compiled catalog of a shipped language (English's own for anything else)."""
    language = language_of(language)
    folder = TRANSLATIONS_DIR / language / "LC_MESSAGES"
    source, compiled = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if language == DEFAULT_LANGUAGE or not source.exists():
        return English()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
        with compiled.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


_chosen: ContextVar[str | None] = ContextVar("quizgen_language", default=None)
_provider: Callable[[], str | None] | None = None


def set_language_provider(provider: Callable[[], str | None] | None) -> None:
    """Where the language comes from when no :func:`use_language` block sets one (the web app's locale selector)."""
    global _provider
    _provider = provider


def current_language() -> str:
    """The language labels are shown in now."""
    chosen = _chosen.get()
    if chosen is None and _provider is not None:
        chosen = _provider()
    return language_of(chosen)


@contextmanager
def use_language(tag: str | None) -> Iterator[str]:
    """Show labels in ``tag``'s language inside the block (a lesson's ``language``, for its worksheet or preview)."""
    language = language_of(tag)
    token = _chosen.set(language)
    try:
        yield language
    finally:
        _chosen.reset(token)


def gettext(message: str, **variables: object) -> str:
    """``message`` in the current language, with ``%(name)s`` placeholders filled from ``variables``."""
    text = translations(current_language()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, number: int | float, **variables: object) -> str:
    """The singular or plural form for ``number`` in the current language; ``%(num)s`` is the number."""
    variables.setdefault("num", number)
    return translations(current_language()).ngettext(singular, plural, int(number)) % variables


def lazy_gettext(message: str, **variables: object) -> object:
    """:func:`gettext` deferred until the text is used, so a module-level label follows the reader's language."""
    from babel.support import LazyProxy

    return LazyProxy(gettext, message, enable_cache=False, **variables)


def plural_count(value: int | float) -> int:
    """A whole number that picks the right plural form for ``value`` (2.5 points are "points", like 2)."""
    return int(value) if float(value).is_integer() else 2


def points_text(points: int | float) -> str:
    """``1 point``, ``3 points``, ``2.5 points`` in the current language."""
    shown = str(int(points)) if float(points).is_integer() else f"{points:.1f}"
    return ngettext("%(num)s point", "%(num)s points", plural_count(points), num=shown)


# --- label tables: English message ids, translated where shown ----------------------------

SKILL_LABELS: dict[Skill, str] = {
    Skill.who_is_behind_it: N_("Who is behind it?"),
    Skill.what_is_the_evidence: N_("What is the evidence?"),
    Skill.what_do_other_sources_say: N_("What do other sources say?"),
    Skill.stop: N_("SIFT: Stop"),
    Skill.investigate_the_source: N_("SIFT: Investigate the source"),
    Skill.find_better_coverage: N_("SIFT: Find better coverage"),
    Skill.trace_claims: N_("SIFT: Trace claims to the original"),
}
"""Source-evaluation skills by tag, in teaching order (English; :func:`skill_label` translates)."""

STATUS_LABELS: dict[str, str] = {
    "correct": N_("Right"),
    "partial": N_("Partly right"),
    "wrong": N_("Wrong"),
    "unanswered": N_("Not answered"),
    "pending": N_("Awaiting teacher marking"),
}
"""How a marked answer is described on result and marking pages (English; :func:`status_label` translates)."""


def skill_label(skill: Skill | str) -> str:
    """A skill's name in the current language."""
    return gettext(SKILL_LABELS[Skill(skill)])


def status_label(status: str) -> str:
    """An answer status (``correct``, ``pending``...) in words in the current language."""
    return gettext(STATUS_LABELS[status]) if status in STATUS_LABELS else status
