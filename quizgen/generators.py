"""Automatic item generation from a lesson's structure.

Each rule turns facts the author recorded (claims, timeline events, glossary
entries, actors' actions, marked sentences) into questions.  There is no
model and no network: an item is right because the author's facts are, and
its evidence quote is the fact's own quote, already checked against the
cited paragraph.  Distractors come only from facts of the same kind in the
same lesson.  Every item records its rule and facts in ``trace``.

Generation does not depend on the quiz seed: the same lesson always yields
the same item bank, so an item's id means the same question in every
variant (teachers compare marks across variants by it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Iterator

from .model import (
    Actor,
    Cloze,
    GeneratorSettings,
    Lesson,
    Matching,
    Ordering,
    Pair,
    Question,
    SingleChoice,
    Skill,
    Support,
    Trace,
    TrueFalse,
)
from .phrases import Phrases
from .text import cloze_blanks, cloze_plain, normalize_answer

MAX_DISTRACTORS = 3


@dataclass(frozen=True)
class GeneratorNote:
    """Why a rule made fewer items than it could (shown to authors as a warning)."""

    rule: str
    message: str


def _rng(*parts: str) -> random.Random:
    # Seeded by the fact, not the quiz: the bank is the same for every variant.
    return random.Random(":".join(parts))


def _pick_distractors(key: str, pool: list[str], rng: random.Random, limit: int = MAX_DISTRACTORS) -> list[str]:
    seen = {normalize_answer(key)}
    unique = []
    for text in pool:
        norm = normalize_answer(text)
        if norm not in seen:
            seen.add(norm)
            unique.append(text)
    rng.shuffle(unique)
    return unique[:limit]


def _pick_preferring(key: str, preferred: list[str], rest: list[str], rng: random.Random) -> list[str]:
    """Distractors from ``preferred`` first, topped up from ``rest``."""
    pool = _pick_distractors(key, preferred, rng)
    if len(pool) < MAX_DISTRACTORS:
        pool += _pick_distractors(key, [text for text in rest if text not in pool], rng, MAX_DISTRACTORS - len(pool))
    return pool


def _other_actors(lesson: Lesson, actor: Actor) -> list[Actor]:
    """Actors that can be wrong answers to "who?": not the actor, nor one it is part of or that is part of it."""
    return [other for other in lesson.actors
            if other.id != actor.id and other.part_of != actor.id and actor.part_of != other.id]


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def _common(settings: GeneratorSettings, default_topic: str, default_skill: Skill | None = None) -> dict:
    return {"topic": settings.topic or default_topic, "skill": settings.skill or default_skill,
            "objective": settings.objective, "points": settings.points}


def _chunks(items: list, size: int) -> list[list]:
    """Split into groups of ``size``; a short tail joins the previous group when it would be too small."""
    groups = [items[i : i + size] for i in range(0, len(items), size)]
    if len(groups) > 1 and len(groups[-1]) < 2:
        groups[-2].extend(groups.pop())
    return groups


def claim_source(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Who asserts this claim? Distractors are the lesson's other actors, claim-makers first."""
    say = Phrases(lesson.language)
    speakers = {claim.asserted_by for claim in lesson.claims}
    for claim in lesson.claims:
        actor = lesson.actor(claim.asserted_by)
        others = _other_actors(lesson, actor)
        pool = _pick_preferring(actor.name, [a.name for a in others if a.id in speakers],
                                [a.name for a in others if a.id not in speakers], _rng("claim-source", claim.id))
        if len(pool) < 2:
            yield GeneratorNote("claim_source", f"claim '{claim.id}': needs at least 3 actors for a who-says-so item")
            continue
        yield SingleChoice(
            id=f"claim-source-{claim.id}", type="single_choice",
            stem=say("claim_source.stem", claim=_quote(claim.text)),
            options=[actor.name, *pool], answer=actor.name,
            paragraph=claim.paragraph, evidence=claim.evidence,
            explanation=say("claim_source.explanation", actor=actor.name),
            trace=Trace(rule="claim_source", facts=[f"claims.{claim.id}", f"actors.{actor.id}"]),
            **_common(settings, "source-evaluation", Skill.who_is_behind_it),
        )


def claim_support(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """How well supported is this claim? Options are support levels, those the lesson uses first."""
    say = Phrases(lesson.language)
    used = list(dict.fromkeys(claim.support for claim in lesson.claims))
    scale = used + [level for level in Support if level not in used]
    for claim in lesson.claims:
        rng = _rng("claim-support", claim.id)
        others = [say.support(level) for level in scale if level != claim.support]
        key = say.support(claim.support)
        distractors = others[: len(used) - 1] if len(used) > 3 else others[:MAX_DISTRACTORS]
        distractors = _pick_distractors(key, distractors or others, rng)
        actor = lesson.actor(claim.asserted_by)
        yield SingleChoice(
            id=f"claim-support-{claim.id}", type="single_choice",
            stem=say("claim_support.stem", claim=_quote(claim.text)),
            options=[key, *distractors], answer=key,
            paragraph=claim.paragraph, evidence=claim.evidence,
            explanation=say("claim_support.explanation", level=key, actor=actor.name, corroborate=claim.corroborate),
            trace=Trace(rule="claim_support", facts=[f"claims.{claim.id}"]),
            **_common(settings, "source-evaluation", Skill.what_is_the_evidence),
        )


def claim_verification(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Which step would best verify this claim? Distractors are the steps for the lesson's other claims."""
    say = Phrases(lesson.language)
    for claim in lesson.claims:
        pool = [other.corroborate for other in lesson.claims if other.id != claim.id]
        distractors = _pick_distractors(claim.corroborate, pool, _rng("claim-verification", claim.id))
        if len(distractors) < 2:
            yield GeneratorNote("claim_verification", f"claim '{claim.id}': needs at least 3 claims with different 'corroborate' steps")
            continue
        yield SingleChoice(
            id=f"claim-verification-{claim.id}", type="single_choice",
            stem=say("claim_verification.stem", claim=_quote(claim.text)),
            options=[claim.corroborate, *distractors], answer=claim.corroborate,
            paragraph=claim.paragraph, evidence=claim.evidence,
            explanation=say("claim_verification.explanation", actor=lesson.actor(claim.asserted_by).name,
                            corroborate=claim.corroborate),
            trace=Trace(rule="claim_verification", facts=[f"claims.{claim.id}"]),
            **_common(settings, "source-evaluation", Skill.what_do_other_sources_say),
        )


def claim_classification(lesson: Lesson, settings) -> Iterator[Question | GeneratorNote]:
    """Match statements to what kind of statement each is (report, allegation, speculation, opinion)."""
    say = Phrases(lesson.language)
    claims = lesson.claims
    kinds_used = list(dict.fromkeys(claim.support for claim in claims))
    if len(kinds_used) < 2:
        yield GeneratorNote("claim_classification", "needs claims of at least two different 'support' kinds")
        return
    ordered = sorted(claims, key=lambda c: (_rng("classify", c.id).random()))
    groups = _chunks(ordered, settings.size)
    for index, group in enumerate(groups):
        labels = [say.kind(c.support) for c in group]
        extra = [say.kind(k) for k in kinds_used if say.kind(k) not in labels]
        entries = say.join(say("claim_classification.entry", claim=_quote(c.text), kind=say.kind(c.support).lower(),
                               paragraph=lesson.paragraph_number(c.paragraph), evidence=_quote(c.evidence)) for c in group)
        yield Matching(
            id=f"claim-classification-{index + 1}", type="matching",
            stem=say("claim_classification.stem", set=say.set_label(index, len(groups))),
            pairs=[Pair(left=c.text, right=say.kind(c.support)) for c in group], extra_rights=extra,
            paragraph=group[0].paragraph, evidence=group[0].evidence,
            explanation=say("claim_classification.explanation", list=entries),
            trace=Trace(rule="claim_classification", facts=[f"claims.{c.id}" for c in group]),
            **_common(settings, "source-evaluation", Skill.what_is_the_evidence),
        )


def _distinct_times(lesson: Lesson):
    seen, events = set(), []
    for event in lesson.timeline:
        key = normalize_answer(event.when)
        if key not in seen:
            seen.add(key)
            events.append(event)
    return events


def timeline_order(lesson: Lesson, settings) -> Iterator[Question | GeneratorNote]:
    """Put events in order. Events sharing a time are never in the same item."""
    say = Phrases(lesson.language)
    events = _distinct_times(lesson)
    if len(events) < 2:
        yield GeneratorNote("timeline_order", "needs at least two timeline events with different 'when'")
        return
    groups = _chunks(events, settings.size)
    for index, group in enumerate(groups):
        yield Ordering(
            id=f"timeline-order-{index + 1}", type="ordering",
            stem=say("timeline_order.stem", set=say.set_label(index, len(groups))),
            items=[e.text for e in group],
            paragraph=group[0].paragraph, evidence=group[0].evidence,
            explanation=say("timeline_order.explanation", list=say.join(
                f"{e.when}: {e.text} (\u00b6{lesson.paragraph_number(e.paragraph)})" for e in group)),
            trace=Trace(rule="timeline_order", facts=[f"timeline.{e.id}" for e in group]),
            **_common(settings, "chronology"),
        )


def timeline_before_after(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """True or false: A happened before B (for consecutive events; every other statement is reversed)."""
    say = Phrases(lesson.language)
    events = _distinct_times(lesson)
    for index, (earlier, later) in enumerate(zip(events, events[1:])):
        truthful = index % 2 == 0
        first, second = (earlier, later) if truthful else (later, earlier)
        yield TrueFalse(
            id=f"timeline-before-{earlier.id}-{later.id}", type="true_false",
            stem=say("timeline_before_after.stem", first=_quote(first.text), second=_quote(second.text)),
            answer=truthful, paragraph=later.paragraph, evidence=later.evidence,
            explanation=say("timeline_before_after.explanation", earlier_when=earlier.when, earlier=earlier.text,
                            later_when=later.when, later=later.text),
            trace=Trace(rule="timeline_before_after", facts=[f"timeline.{earlier.id}", f"timeline.{later.id}"]),
            **_common(settings, "chronology"),
        )


def glossary_matching(lesson: Lesson, settings) -> Iterator[Question | GeneratorNote]:
    """Match terms to their definitions."""
    say = Phrases(lesson.language)
    if len(lesson.glossary) < 2:
        yield GeneratorNote("glossary_matching", "needs at least two glossary entries")
        return
    groups = _chunks(list(lesson.glossary), settings.size)
    for index, group in enumerate(groups):
        yield Matching(
            id=f"glossary-matching-{index + 1}", type="matching",
            stem=say("glossary_matching.stem", set=say.set_label(index, len(groups))),
            pairs=[Pair(left=entry.term, right=entry.definition) for entry in group],
            paragraph=group[0].paragraph, evidence=group[0].evidence,
            explanation=say.join(f"{e.term}: {e.definition} (\u00b6{lesson.paragraph_number(e.paragraph)})" for e in group) + ".",
            trace=Trace(rule="glossary_matching", facts=[f"glossary.{e.id}" for e in group]),
            **_common(settings, "vocabulary"),
        )


def glossary_definition(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Which definition fits this term? Distractors are the lesson's other definitions."""
    say = Phrases(lesson.language)
    for entry in lesson.glossary:
        pool = [other.definition for other in lesson.glossary if other.id != entry.id]
        distractors = _pick_distractors(entry.definition, pool, _rng("glossary-definition", entry.id))
        if len(distractors) < 2:
            yield GeneratorNote("glossary_definition", f"term '{entry.id}': needs at least 3 glossary entries")
            continue
        yield SingleChoice(
            id=f"glossary-definition-{entry.id}", type="single_choice",
            stem=say("glossary_definition.stem", term=_quote(entry.term)),
            options=[entry.definition, *distractors], answer=entry.definition,
            paragraph=entry.paragraph, evidence=entry.evidence,
            explanation=f"{entry.term}: {entry.definition}",
            trace=Trace(rule="glossary_definition", facts=[f"glossary.{entry.id}"]),
            **_common(settings, "vocabulary"),
        )


def actor_action(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Who did this? Distractors are other actors, those of the same kind first."""
    say = Phrases(lesson.language)
    for actor in lesson.actors:
        for number, action in enumerate(actor.actions, start=1):
            others = _other_actors(lesson, actor)
            pool = _pick_preferring(actor.name, [a.name for a in others if a.kind == actor.kind],
                                    [a.name for a in others if a.kind != actor.kind], _rng("actor-action", actor.id, str(number)))
            if len(pool) < 2:
                yield GeneratorNote("actor_action", f"actor '{actor.id}': needs at least 3 actors for a who-did-this item")
                continue
            yield SingleChoice(
                id=f"actor-action-{actor.id}-{number}", type="single_choice",
                stem=say("actor_action.stem", action=action.text.rstrip(".")),
                options=[actor.name, *pool], answer=actor.name,
                paragraph=action.paragraph, evidence=action.evidence,
                explanation=say("actor_action.explanation", actor=actor.name, action=action.text.rstrip(".")),
                trace=Trace(rule="actor_action", facts=[f"actors.{actor.id}.actions[{number - 1}]"]),
                **_common(settings, "comprehension"),
            )


def cloze(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Fill the blanks of the author's marked sentences, with a word bank drawn from all marked blanks."""
    say = Phrases(lesson.language)
    all_answers = [answers[0] for blank in lesson.blanks for answers in cloze_blanks(blank.sentence)]
    for blank in lesson.blanks:
        answers = [answers[0] for answers in cloze_blanks(blank.sentence)]
        extra = _pick_distractors("", [a for a in all_answers if a not in answers], _rng("cloze", blank.id), 2)
        # A bank holding only the answers gives them away: without two other words, students type.
        bank = [*answers, *extra] if len(extra) == 2 else []
        yield Cloze(
            id=f"cloze-{blank.id}", type="cloze",
            stem=say("cloze.stem"),
            text=blank.sentence, word_bank=bank,
            paragraph=blank.paragraph, evidence=cloze_plain(blank.sentence),
            explanation=say("cloze.explanation", answers=", ".join(_quote(a) for a in answers)),
            trace=Trace(rule="cloze", facts=[f"blanks.{blank.id}"]),
            **_common(settings, "comprehension"),
        )


RULES: dict[str, Callable[[Lesson, GeneratorSettings], Iterator[Question | GeneratorNote]]] = {
    "claim_source": claim_source,
    "claim_support": claim_support,
    "claim_verification": claim_verification,
    "claim_classification": claim_classification,
    "timeline_order": timeline_order,
    "timeline_before_after": timeline_before_after,
    "glossary_matching": glossary_matching,
    "glossary_definition": glossary_definition,
    "actor_action": actor_action,
    "cloze": cloze,
}


def generate(lesson: Lesson) -> tuple[list[Question], list[GeneratorNote]]:
    """Run every generator the lesson turns on; return the items and notes on what could not be made."""
    items: list[Question] = []
    notes: list[GeneratorNote] = []
    for rule, build in RULES.items():
        settings = getattr(lesson.generators, rule)
        if settings is None:
            continue
        made = 0
        for result in build(lesson, settings):
            if isinstance(result, GeneratorNote):
                notes.append(result)
            elif settings.max_items is None or made < settings.max_items:
                items.append(result)
                made += 1
        if made == 0:
            notes.append(GeneratorNote(rule, "made no items from this lesson"))
    return items, notes


def item_bank(lesson: Lesson, generated: list[Question] | None = None) -> list[Question]:
    """All questions of a lesson: hand-written first, then generated, in a fixed order.

    Computed from the lesson on every call (pass ``generated`` when :func:`generate`
    has already run); a loaded lesson keeps its bank in
    :attr:`quizgen.library.LessonEntry.bank`.
    """
    return [*lesson.questions, *(generate(lesson)[0] if generated is None else generated)]
