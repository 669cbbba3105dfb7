"""Field types shared by the lesson model and the question types.

They live apart from :mod:`quizgen.model` so that the question types
(:mod:`quizgen.items`) and the lesson model can both import them without
importing each other.
"""

# The model modules (this one, model.py, module_model.py, the question types without type-checking-only names) do
# not use `from __future__ import annotations`: pydantic evaluates every field's annotation when the class is made,
# and from a string it must compile and evaluate it first, a tenth of the models' cost at every start.
import unicodedata
from enum import Enum
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=80,
        description="Lower-case letters, digits and hyphens, e.g. `p3` or `kcna`.",
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=400)]

SAFE_URL_SCHEMES = frozenset({"http", "https"})
"""The only schemes a URL in a lesson may have (links in lesson Markdown too): nothing a browser would run."""


def check_safe_url(url: str) -> str:
    """The URL unchanged if it is an absolute ``http(s)://`` address; ValueError saying why not otherwise.

    Spaces and control characters are refused outright: browsers drop some
    of them inside a scheme (``java\tscript:``), so a URL that holds one
    could run as something other than what it looks like.
    """
    if any(character.isspace() or unicodedata.category(character).startswith("C") for character in url):
        raise ValueError("a URL cannot contain spaces or control characters; write it as the browser shows it")
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        hostname = None
        parts = None
    if parts is None or parts.scheme.lower() not in SAFE_URL_SCHEMES or not hostname:
        raise ValueError(f"'{url[:80]}' is not a web address; a URL must start with https:// or http://")
    return url


SafeUrl = Annotated[
    str,
    Field(min_length=1, max_length=2000, description="A web address starting with `https://` or `http://`."),
    AfterValidator(check_safe_url),
]
"""Every URL a lesson can carry (a source, an image, a reference) is of this type: http(s) only."""


class Strict(BaseModel):
    """Base for every lesson part: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Skill(str, Enum):
    """Source-evaluation moves: Civic Online Reasoning questions and SIFT moves."""

    who_is_behind_it = "who-is-behind-it"
    what_is_the_evidence = "what-is-the-evidence"
    what_do_other_sources_say = "what-do-other-sources-say"
    stop = "sift-stop"
    investigate_the_source = "sift-investigate-the-source"
    find_better_coverage = "sift-find-better-coverage"
    trace_claims = "sift-trace-claims"


class Trace(Strict):
    """Which generator rule built an item, and from which lesson facts."""

    rule: str
    facts: list[str]
