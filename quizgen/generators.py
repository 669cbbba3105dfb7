"""Automatic item generation from a lesson's structure.

Each rule (in :mod:`quizgen.generate`) turns facts the author recorded
(claims, timeline events, glossary entries, actors' actions, marked
sentences) into questions.  There is no
model and no network: an item is right because the author's facts are, and
its evidence quote is the fact's own quote, already checked against the
cited paragraph.  Distractors are wrong answers of the same kind as the key
(same-term meanings, actors of the same kind, weak checks of the same
claim).  Every item records its rule and facts in ``trace``.

Generation does not depend on the quiz seed: the same lesson always yields
the same item bank, so an item's id means the same question in every
variant (teachers compare marks across variants by it).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator

from .critic import Flaw, critique
from .generate.actors import actor_action
from .generate.claims import claim_classification, claim_source, claim_support, claim_verification
from .generate.cloze import cloze
from .generate.common import GeneratorNote
from .generate.glossary import glossary_definition, glossary_matching
from .generate.timeline import timeline_before_after, timeline_order
from .model import GeneratorSettings, Lesson, Question
from .module.writing import writing_item

__all__ = ["NO_ITEMS", "RULES", "GeneratorNote", "generate", "item_bank", "rejected_items"]

NO_ITEMS = "made no items from this lesson"


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


_recent: OrderedDict[int, tuple[Lesson, tuple[list[Question], list[GeneratorNote]]]] = OrderedDict()
_recent_lock = threading.Lock()


def generate(lesson: Lesson) -> tuple[list[Question], list[GeneratorNote]]:
    """Run every generator the lesson turns on; return the items and notes on what could not be made.

    The last few lessons' results are remembered by the lesson object itself (a frozen model cannot change), so
    building many variants of one lesson generates once; a copy, even an equal one, is generated afresh.  Nothing
    is stored on the model: a loaded lesson's bank lives in :attr:`quizgen.library.LessonEntry.bank`.
    """
    with _recent_lock:
        cached = _recent.get(id(lesson))
        if cached is not None and cached[0] is lesson:
            _recent.move_to_end(id(lesson))
            return cached[1]
    result = _generate(lesson)
    with _recent_lock:
        _recent[id(lesson)] = (lesson, result)  # the lesson is kept, so its id is not reused while cached
        while len(_recent) > 32:
            _recent.popitem(last=False)
    return result


def _generate(lesson: Lesson) -> tuple[list[Question], list[GeneratorNote]]:
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
                continue
            # A flawed item is dropped, never shown: the rule's next fact takes its place under max_items.
            flaws = critique(result, lesson)
            if flaws:
                notes.append(
                    GeneratorNote(
                        rule,
                        f"item '{result.id}' left out: " + "; ".join(f"{flaw.lint}: {flaw.message}" for flaw in flaws),
                        flaws=tuple(flaws),
                        item_id=result.id,
                    )
                )
            elif settings.max_items is None or made < settings.max_items:
                items.append(result)
                made += 1
        if made == 0:
            notes.append(GeneratorNote(rule, NO_ITEMS))
    return items, notes


def rejected_items(lesson: Lesson) -> list[tuple[str, tuple[Flaw, ...]]]:
    """The generated items the item-writing-flaw checker left out, by id, with their flaws."""
    return [(note.item_id, note.flaws) for note in generate(lesson)[1] if note.item_id is not None]


def item_bank(lesson: Lesson, generated: list[Question] | None = None) -> list[Question]:
    """All questions of a lesson: hand-written first, then generated, then the writing task, in a fixed order.

    The writing task and the items the teacher guide's sequence names are marked ``always``.

    Built from :func:`generate` (pass ``generated`` when it has already run); a loaded lesson keeps its bank in
    :attr:`quizgen.library.LessonEntry.bank`.
    """
    bank = [*lesson.questions, *(generate(lesson)[0] if generated is None else generated)]
    task = writing_item(lesson)
    if task is not None:
        bank.append(task)
    # Items the teacher guide's plan names are taught from, so every variant has them.
    planned = (
        {used for phase in lesson.teacher_guide.sequence for used in phase.uses} if lesson.teacher_guide else set()
    )
    return [
        item.model_copy(update={"always": True}) if item.id in planned and not item.always else item for item in bank
    ]
