"""Text normalisation shared by the answerability check, lints and grading."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_MARKUP = re.compile(r"[*_`]")
_SPACES = re.compile(r"\s+")
_BLANK = re.compile(r"\[\[([^\[\]]+?)\]\]")


@lru_cache(maxsize=8192)
def normalize_quote(text: str) -> str:
    """Form used to find an evidence quote in a paragraph.

    Whitespace runs, typographic quotes and dashes, and Markdown emphasis
    markers do not count as differences: an author types straight quotes
    where the article has curly ones.  Words and their case must match.
    """
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _SPACES.sub(" ", _MARKUP.sub("", text)).strip()


def quote_in(quote: str, passage: str) -> bool:
    """True when ``quote`` appears verbatim (in the sense of :func:`normalize_quote`) in ``passage``."""
    return normalize_quote(quote) in normalize_quote(passage)


@lru_cache(maxsize=8192)
def normalize_answer(text: str) -> str:
    """Form used to compare typed answers: no case, accents, outer punctuation or extra spaces."""
    text = text.translate(_QUOTES).casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = unicodedata.normalize("NFC", "".join(ch for ch in text if not unicodedata.combining(ch)))
    return _SPACES.sub(" ", text).strip(" .,;:!?'\"()[]")


def same_text(a: str, b: str) -> bool:
    """Whether two option or statement texts say the same thing up to case, accents and spacing."""
    return normalize_answer(a) == normalize_answer(b)


def cloze_blanks(text: str) -> list[list[str]]:
    """Accepted answers for each ``[[answer|alternative]]`` blank, in order."""
    return [[part.strip() for part in match.group(1).split("|") if part.strip()] for match in _BLANK.finditer(text)]


def cloze_plain(text: str) -> str:
    """The sentence with each blank replaced by its first answer, as the passage has it."""
    return _BLANK.sub(lambda match: match.group(1).split("|")[0].strip(), text)


def cloze_segments(text: str) -> list[str]:
    """The text around the blanks: ``len(cloze_blanks(text)) + 1`` pieces."""
    return _BLANK.split(text)[::2]


def _is_word_character(character: str) -> bool:
    # What a str pattern's \w matches.
    return character.isalnum() or character == "_"


def contains_whole(text: str, part: str) -> bool:
    """Whether ``part`` occurs in ``text`` with no word character (as regex ``\\w`` means it) right before or after.

    A plain search: a pattern compiled per pair of texts took a tenth of generating a bank.
    """
    start = text.find(part)
    while start >= 0:
        end = start + len(part)
        if (start == 0 or not _is_word_character(text[start - 1])) and (
            end == len(text) or not _is_word_character(text[end])
        ):
            return True
        start = text.find(part, start + 1)
    return False
