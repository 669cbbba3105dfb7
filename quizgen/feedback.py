"""What students and teachers see after answering: the key in words, and an explanation quoting its evidence."""

from __future__ import annotations

from dataclasses import dataclass

from .items import question_type
from .labels import gettext
from .model import Lesson, Question


@dataclass(frozen=True)
class Feedback:
    """The explanation of an item, always quoting the evidence and citing its paragraph."""

    explanation: str | None
    evidence: str
    paragraph_id: str
    paragraph_number: int
    more: tuple[tuple[str, int], ...] = ()
    """Further quotes the key relies on, each with its paragraph number (e.g. the second event of a before/after)."""

    @property
    def citation(self) -> str:
        """E.g. ``¶3``."""
        return f"\u00b6{self.paragraph_number}"

    def as_text(self) -> str:
        """One line: explanation, then the quote and where it is."""
        quote = "; ".join(
            f"\u201c{evidence}\u201d (\u00b6{number})"
            for evidence, number in ((self.evidence, self.paragraph_number), *self.more)
        )
        evidence = gettext("Evidence: %(quote)s", quote=quote)
        return f"{self.explanation} {evidence}" if self.explanation else evidence


def feedback_for(lesson: Lesson, item: Question) -> Feedback:
    """The feedback shown for ``item`` once the quiz is submitted."""
    more = tuple((citation.evidence, lesson.paragraph_number(citation.paragraph)) for citation in item.also_cites)
    return Feedback(item.explanation, item.evidence, item.paragraph, lesson.paragraph_number(item.paragraph), more)


def key_lines(item: Question) -> list[str]:
    """The key in words, one line per part (for answer keys and result pages)."""
    return question_type(item).key_lines(item)
