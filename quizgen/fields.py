"""Field types shared by the lesson model and the question types.

They live apart from :mod:`quizgen.model` so that the question types
(:mod:`quizgen.items`) and the lesson model can both import them without
importing each other.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

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
