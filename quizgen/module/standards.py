"""The bundled list of standard codes (Common Core ELA RI/RH/WHST/SL grades 6-12, C3 Framework D1-D4)."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

# The C parser reads the 8 KB list in a millisecond; the pure-Python one took a quarter of `quizgen validate`'s checks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _families() -> dict[str, tuple[str, ...]]:
    text = Path(__file__).with_name("standards.yaml").read_text(encoding="utf-8")
    return {family: tuple(codes) for family, codes in yaml.load(text, Loader=_LOADER).items()}


@functools.cache
def known_standards() -> frozenset[str]:
    """Every standard code quizgen accepts."""
    return frozenset(code for codes in _families().values() for code in codes)


def is_known_standard(code: str) -> bool:
    """Whether ``code`` is in the bundled list (exact spelling, e.g. ``RI.9-10.1`` or ``D2.Civ.10.9-12``)."""
    return code.strip() in known_standards()


def framework(code: str) -> str:
    """The framework a known code belongs to, for the alignment matrix: ``Common Core ELA`` or ``C3 Framework``."""
    return "C3 Framework" if code.startswith("D") else "Common Core ELA"
