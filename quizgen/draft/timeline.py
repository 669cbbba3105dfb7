"""Timeline candidates: date and time expressions with the clause that holds them.

Only expressions that fix a point in time (a year, a month with its year, a
full date) are put in order, by dateparser; weekdays, bare months and
"earlier this year" are listed for the author, who knows what they refer to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .sentences import sentence_spans, trim

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WHEN = re.compile(
    r"\b(?:"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?"  # May 17, 2023 / November 15
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?:19|20)\d\d)?"  # 16 Sep 2025
    rf"|{_MONTH}\s+(?:19|20)\d\d"  # August 2023
    r"|(?:early|mid|late)[- ](?:19|20)\d\d"
    r"|(?:in|since|by|until|from|of)\s+(?:19|20)\d\d(?:s)?"  # in 2022
    r"|(?:19|20)\d\d-\d\d-\d\d"
    r"|(?:last|this|next|on|early|late)?\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:in|since|by|until|from|of|early|late)\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?:earlier|later)\s+(?:this|that|in the)\s+(?:year|month|week)|(?:last|next)\s+(?:year|month|week)"
    r"|\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?"
    r")\b",
    re.IGNORECASE,
)
# A month name needs its capital: "may" is a verb.
_NEEDS_CAPITAL = re.compile(r"\bmay\b")


@dataclass
class EventCandidate:
    """A time expression, the clause around it and, when the expression fixes one, a date to order by."""

    paragraph: int
    start: int
    end: int
    when: str
    date: datetime | None


def _fixed_date(when: str) -> datetime | None:
    """A date when the expression names its year (dateparser reads the rest); None for "Thursday", "August"."""
    year = re.search(r"\b(?:19|20)\d\d\b", when)
    if not year:
        return None
    bare = re.sub(r"^(?:in|since|by|until|from|of|early|late|mid)[- ]", "", when.strip(), flags=re.IGNORECASE)
    if re.fullmatch(r"(?:19|20)\d\ds?", bare):
        return datetime(int(year.group(0)), 1, 1)
    import dateparser  # only articles with full dates pay for dateparser's start-up

    return dateparser.parse(
        bare, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]}
    )


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    left = max(sentence.rfind(", ", 0, start), sentence.rfind("; ", 0, start))
    right = [i for i in (sentence.find(", ", end), sentence.find("; ", end)) if i != -1]
    clause = ((left + 2) if left != -1 else 0, min(right) if right else len(sentence))
    if len(sentence[clause[0] : clause[1]].split()) < 5:  # "Previously, in 2022," says nothing on its own
        clause = (clause[0], len(sentence))
    return clause


def find_events(paragraphs: list[str], skip_first: int = 0) -> list[EventCandidate]:
    """Every time expression outside the dateline, with the clause that says what happened then."""
    events: list[EventCandidate] = []
    for index, paragraph in enumerate(paragraphs):
        for sentence_start, sentence_end in sentence_spans(paragraph):
            sentence = paragraph[sentence_start:sentence_end]
            for match in _WHEN.finditer(sentence):
                if index == 0 and sentence_start + match.start() < skip_first:
                    continue
                if _NEEDS_CAPITAL.fullmatch(match.group(0)):
                    continue
                when = match.group(0).strip()
                clause_start, clause_end = _clause(sentence, match.start(), match.end())
                if index == 0:  # never quote the dateline
                    clause_start = max(clause_start, skip_first - sentence_start)
                start, end = trim(sentence, clause_start, clause_end, leading_words=True)
                events.append(
                    EventCandidate(index, sentence_start + start, sentence_start + end, when, _fixed_date(when))
                )
    return events
