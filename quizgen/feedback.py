"""What students and teachers see after answering: the key in words, and an explanation quoting its evidence."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Lesson, Question
from .text import cloze_blanks


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
        quote = "; ".join(f"\u201c{evidence}\u201d (\u00b6{number})"
                          for evidence, number in ((self.evidence, self.paragraph_number), *self.more))
        return f"{self.explanation} Evidence: {quote}" if self.explanation else f"Evidence: {quote}"


def feedback_for(lesson: Lesson, item: Question) -> Feedback:
    """The feedback shown for ``item`` once the quiz is submitted."""
    more = tuple((citation.evidence, lesson.paragraph_number(citation.paragraph)) for citation in item.also_cites)
    return Feedback(item.explanation, item.evidence, item.paragraph, lesson.paragraph_number(item.paragraph), more)


def key_lines(item: Question) -> list[str]:
    """The key in words, one line per part (for answer keys and result pages)."""
    match item.type:
        case "single_choice":
            return [item.answer]
        case "multiple_select":
            return list(item.answers)
        case "true_false":
            return ["True" if item.answer else "False"]
        case "short_answer":
            return [" / ".join(item.accepted)]
        case "ordering":
            return [f"{n}. {text}" for n, text in enumerate(item.items, start=1)]
        case "matching":
            return [f"{pair.left} \u2192 {pair.right}" for pair in item.pairs]
        case "cloze":
            return [f"({n}) {' / '.join(answers)}" for n, answers in enumerate(cloze_blanks(item.text), start=1)]
        case "open_response":
            return [f"{level.points} pt: {level.description}" for level in sorted(item.rubric, key=lambda l: -l.points)]
    return []
