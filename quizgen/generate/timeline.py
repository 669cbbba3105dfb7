"""Items about the order of events: put them in order, and did A happen before B?

Only events with a time marker of their own in their quote take part (the
article's dateline is not an event), and events that share a time are never
compared with each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from ..model import Citation, Event, GeneratorSettings, Lesson, Ordering, Question, Trace, TrueFalse
from ..phrases import Phrases
from ..text import normalize_answer, normalize_quote
from .common import GeneratorNote, capitalised, chunks, common_fields, content_words, quote


def dated_events(lesson: Lesson) -> tuple[list[Event], list[GeneratorNote]]:
    """Events that can be ordered: each quotes its own time marker, is not the dateline, and has a time of its own."""
    notes, events, seen = [], [], set()
    dateline = normalize_answer(" ".join(filter(None, [lesson.source.dateline, lesson.source.date])))
    for event in lesson.timeline:
        when = normalize_answer(event.when)
        if normalize_quote(event.when).casefold() not in normalize_quote(event.evidence).casefold():
            notes.append(
                GeneratorNote(
                    "timeline",
                    f"event '{event.id}': its quote does not give its time "
                    f"('{event.when}'), so students could not place it from the text",
                )
            )
            continue
        published = lesson.source.date and when == normalize_answer(lesson.source.date)
        if published or (dateline and normalize_answer(event.evidence).startswith(dateline)):
            notes.append(
                GeneratorNote(
                    "timeline",
                    f"event '{event.id}': quotes the article's dateline, which is "
                    "when the article was written, not an event",
                )
            )
            continue
        if when in seen:
            continue  # same occasion as an earlier event: never compared with it
        seen.add(when)
        events.append(event)
    return events, notes


def timeline_order(lesson: Lesson, settings) -> Iterator[Question | GeneratorNote]:
    """Put events in order, earliest first; events dated by weekday alone are ordered only among themselves."""
    say = Phrases(lesson.language)
    events, notes = dated_events(lesson)
    yield from (GeneratorNote("timeline_order", note.message) for note in notes)
    runs = [run for run in (_absolute(events), _relative(events)) if len(run) >= 3]
    if not runs:
        yield GeneratorNote(
            "timeline_order",
            "needs at least three events with their own time in their quotes (dates and years, or weekdays, not mixed)",
        )
        return
    groups = [group for run in runs for group in chunks(run, settings.size)]
    for index, group in enumerate(groups):
        yield Ordering(
            id=f"timeline-order-{index + 1}",
            type="ordering",
            stem=say("timeline_order.stem"),
            items=[e.text for e in group],
            paragraph=group[0].paragraph,
            evidence=group[0].evidence,
            also_cites=[Citation(paragraph=e.paragraph, evidence=e.evidence) for e in group[1:]],
            explanation=say(
                "timeline_order.explanation",
                list=say.join(
                    f"{capitalised(e.when)}: {e.text} (\u00b6{lesson.paragraph_number(e.paragraph)}, {quote(e.evidence)})"
                    for e in group
                ),
            ),
            trace=Trace(rule="timeline_order", facts=[f"timeline.{e.id}" for e in group]),
            **common_fields(settings, "chronology"),
        )


# Times placed by a weekday or by another event ("two days later"): their place against a date needs the dateline.
_WEEKDAY = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|later|"
    r"earlier|before|after|ago|next|previous|following|hours?|days?)\b",
    re.IGNORECASE,
)


def is_relative(event: Event) -> bool:
    """Whether an event is dated only by a weekday or by another event ("on Sunday", "less than 24 hours later")."""
    return bool(_WEEKDAY.search(event.when)) and not re.search(
        r"\b(january|february|march|april|may|june|july|"
        r"august|september|october|november|december|"
        r"1[89]\d\d|20\d\d)\b",
        event.when,
        re.IGNORECASE,
    )


def _absolute(events: list[Event]) -> list[Event]:
    return [event for event in events if not is_relative(event)]


def _relative(events: list[Event]) -> list[Event]:
    return [event for event in events if is_relative(event)]


def timeline_before_after(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """True or false: A happened before B (consecutive events; every other statement is reversed)."""
    say = Phrases(lesson.language)
    events, notes = dated_events(lesson)
    yield from (GeneratorNote("timeline_before_after", note.message) for note in notes)
    pairs = [
        (earlier, later)
        for run in (_absolute(events), _relative(events))
        for earlier, later in pairwise(run)
        if not _same_episode(earlier, later)
    ]
    for index, (earlier, later) in enumerate(pairs):
        truthful = index % 2 == 0
        first, second = (earlier, later) if truthful else (later, earlier)
        yield TrueFalse(
            id=f"timeline-before-{earlier.id}-{later.id}",
            type="true_false",
            stem=say("timeline_before_after.stem", first=quote(first.text), second=quote(second.text)),
            answer=truthful,
            paragraph=earlier.paragraph,
            evidence=earlier.evidence,
            also_cites=[Citation(paragraph=later.paragraph, evidence=later.evidence)],
            explanation=say(
                "timeline_before_after.explanation",
                earlier_when=capitalised(earlier.when),
                earlier=earlier.text,
                earlier_paragraph=lesson.paragraph_number(earlier.paragraph),
                later_when=later.when,
                later=later.text,
                later_paragraph=lesson.paragraph_number(later.paragraph),
            ),
            trace=Trace(rule="timeline_before_after", facts=[f"timeline.{earlier.id}", f"timeline.{later.id}"]),
            **common_fields(settings, "chronology"),
        )


def _same_episode(first: Event, second: Event) -> bool:
    """Whether two events tell one episode ("mines were found", "the army announced the mines it found"): their order
    then follows from the words alone, not from the text's times."""
    a, b = set(content_words(first.text)), set(content_words(second.text))
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= 0.5
