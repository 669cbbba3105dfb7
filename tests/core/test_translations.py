"""The shipped catalogs cover every marked string, and the core's labels follow the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from quizgen.labels import LANGUAGES, TRANSLATIONS_DIR, gettext, language_of, ngettext, translations, use_language
from quizgen.loader import load_lesson
from quizgen.quiz import build_quiz
from quizgen.render_text import preview_text

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def extracted_messages() -> dict[str, tuple[str, ...]]:
    """Every marked string of the package's code and templates (babel.cfg), by singular id: (singular, plural?)."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    messages = {}
    for _file, _line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map, KEYWORDS):
        forms = (message,) if isinstance(message, str) else tuple(m for m in message if m)
        messages[forms[0]] = forms
    return messages


def shipped_catalog(language: str):
    with (TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.fixture(scope="module")
def marked():
    messages = extracted_messages()
    assert len(messages) > 300  # the extraction itself works (templates and code)
    return messages


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_marked_string_is_translated_in_every_shipped_catalog(marked, language):
    catalog = shipped_catalog(language)
    missing, untranslated = [], []
    for singular, forms in marked.items():
        entry = catalog.get(singular)
        if entry is None:
            missing.append(singular)
            continue
        strings = (entry.string,) if isinstance(entry.string, str) else entry.string
        if entry.fuzzy or not all(strings):
            untranslated.append(singular)
            continue
        allowed = {name for form in forms for name in PLACEHOLDER.findall(form)} | (
            {"num"} if len(forms) > 1 else set()
        )
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= allowed, (singular, text)
    assert not missing, f"{language}: not in the catalog (run scripts/translations): {missing[:10]}"
    assert not untranslated, f"{language}: no translation yet: {untranslated[:10]}"


def test_the_korean_catalog_really_is_korean(marked):
    catalog = shipped_catalog("ko")
    hangul = [entry for entry in catalog if entry.id and re.search(r"[\uac00-\ud7a3]", str(entry.string))]
    assert len(hangul) > 0.8 * len(marked)


def test_catalogs_are_compiled_from_the_po_files_without_a_committed_binary():
    assert not list(TRANSLATIONS_DIR.rglob("*.mo")) or all(
        path.stat().st_mtime >= (path.with_suffix(".po")).stat().st_mtime for path in TRANSLATIONS_DIR.rglob("*.mo")
    )
    assert translations("ko").gettext("True") == "참"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzKOR-_0123456789", max_size=12))
def test_any_language_tag_gets_a_shipped_interface_language(tag):
    assert language_of(tag) in LANGUAGES
    assert language_of(tag) == ("ko" if tag.replace("_", "-").split("-")[0].lower() == "ko" else "en")


def test_labels_follow_the_language_in_use_and_fall_back_to_english():
    assert gettext("True") == "True"
    with use_language("ko-KR"):
        assert gettext("True") == "참"
        assert ngettext("%(num)s point", "%(num)s points", 3) == "3점"
        with use_language("fr"):
            assert gettext("True") == "True"
    assert gettext("Variant %(code)s", code="AB") == "Variant AB"


def test_the_preview_of_a_korean_lesson_has_korean_labels():
    lesson = load_lesson(ROOT / "lessons" / "nk-drones-ko.yaml")
    text = preview_text(lesson, build_quiz(lesson, 1))
    assert "정답: " in text and "Key: " not in text
    english = load_lesson(ROOT / "tests" / "fixtures" / "mini.yaml")
    assert "Key: " in preview_text(english, build_quiz(english, 1))
