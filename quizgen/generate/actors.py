"""Who did this?  Items from the actions the author recorded for each actor."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Action, Actor, GeneratorSettings, Lesson, Question, SingleChoice, Trace
from ..phrases import Phrases
from .common import (
    GeneratorNote,
    common_fields,
    find_name,
    has_pronoun,
    pick_actors,
    quote,
    related,
    seeded,
)

# Kinds that can plausibly do the same things, used only when an actor's own kind has too few others.
_FAMILIES = (
    {"country", "government-body", "alliance"},
    {"company", "organisation", "group"},
    {"person"},
    {"media-outlet"},
)


def _family(kind: str) -> set[str]:
    return next((family for family in _FAMILIES if kind in family), {kind})


def _could_have_done(lesson: Lesson, actor: Actor, action: Action) -> list[Actor]:
    """Other actors a reader could believe did the action: of a kind that could, and part of the story around it.

    Part of the story means the action's paragraph or a neighbouring one names them, or the lesson records
    actions of theirs; an actor the action itself names, or one standing for the same side, never counts.
    """
    numbers = {lesson.paragraph_number(action.paragraph) + step for step in (-1, 0, 1)}
    nearby = " ".join(p.text for number, p in enumerate(lesson.paragraphs, start=1) if number in numbers)
    candidates = [
        other
        for other in lesson.actors
        if other.named
        and not related(lesson, actor, other)
        and find_name(action.text, other.names) is None
        and (other.actions or find_name(nearby, other.names) is not None)
    ]
    same = [other for other in candidates if other.kind == actor.kind]
    if len(same) >= 2:
        return same
    return [other for other in candidates if other.kind in _family(actor.kind)]


def actor_action(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Who did this?  The stem is the author's neutral action phrase; wrong answers are actors of the same kind."""
    say = Phrases(lesson.language)
    for actor in lesson.actors:
        for number, action in enumerate(actor.actions, start=1):
            where = f"actor '{actor.id}', action {number}"
            text = action.text.rstrip(".")
            if has_pronoun(text):
                yield GeneratorNote(
                    "actor_action",
                    f"{where}: the action uses a pronoun ('{text}'), which hints "
                    "at the answer; write it without he/she/its/their",
                )
                continue
            if find_name(lesson.paragraph(action.paragraph).text, actor.names) is None:
                yield GeneratorNote(
                    "actor_action",
                    f"{where}: paragraph '{action.paragraph}' does not name "
                    f"'{actor.name}'; add the name it uses to the actor's aliases",
                )
                continue
            others = _could_have_done(lesson, actor, action)
            pool = [o.name for o in pick_actors(actor, others, seeded("actor-action", actor.id, str(number)), lesson)]
            if len(pool) < 2:
                yield GeneratorNote(
                    "actor_action",
                    f"{where}: needs two more actors of kind '{actor.kind}' "
                    "that are part of the story around it (named nearby, or with actions of their "
                    "own) to offer as wrong answers",
                )
                continue
            yield SingleChoice(
                id=f"actor-action-{actor.id}-{number}",
                type="single_choice",
                stem=say("actor_action.stem", action=text),
                options=[actor.name, *pool],
                answer=actor.name,
                paragraph=action.paragraph,
                evidence=action.evidence,
                explanation=say(
                    "actor_action.explanation",
                    actor=actor.sentence_name,
                    action=text,
                    evidence=quote(action.evidence),
                ),
                trace=Trace(rule="actor_action", facts=[f"actors.{actor.id}.actions[{number - 1}]"]),
                **common_fields(settings, "comprehension"),
            )
