"""Vocabulary items: match terms to meanings, and which meaning fits this term?

A which-meaning item offers wrong meanings *of the same term* that the author
lists (another sense of the word, a near miss, a misreading of the context),
never other terms' definitions, which students can rule out by topic alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import GeneratorSettings, Lesson, Matching, Pair, Question, SingleChoice, Trace
from ..phrases import Phrases
from .common import (
    MAX_DISTRACTORS,
    GeneratorNote,
    capitalised,
    chunks,
    common_fields,
    content_words,
    pick,
    quote,
    seeded,
)

_ARTICLE = re.compile(r"^(a|an|one)\s", re.IGNORECASE)
_INFINITIVE = re.compile(r"^to\s", re.IGNORECASE)


def phrase_shape(text: str) -> str:
    """The grammatical shape a definition starts with: ``to-verb``, ``singular`` (a/an …) or ``other``."""
    if _INFINITIVE.match(text):
        return "to-verb"
    if _ARTICLE.match(text):
        return "singular"
    return "other"


def glossary_matching(lesson: Lesson, settings) -> Iterator[Question | GeneratorNote]:
    """Match terms to their meanings, with one meaning left over."""
    say = Phrases(lesson.language)
    if len(lesson.glossary) < 2:
        yield GeneratorNote("glossary_matching", "needs at least two glossary entries")
        return
    usable = []
    for entry in lesson.glossary:
        repeated = set(content_words(entry.term)) & set(content_words(entry.definition))
        if repeated:  # "serial production" beside "... a standard production line" is matched by the word alone
            yield GeneratorNote(
                "glossary_matching",
                f"term '{entry.id}': its definition repeats "
                f"'{sorted(repeated)[0]}' from the term; reword the definition",
            )
        else:
            usable.append(entry)
    if len(usable) < 2:
        yield GeneratorNote(
            "glossary_matching", "needs two glossary entries whose definitions do not repeat their terms"
        )
        return
    groups = chunks(usable, settings.size)
    for index, group in enumerate(groups):
        in_group = {entry.id for entry in group}
        outside = [entry.definition for entry in usable if entry.id not in in_group]
        near_misses = [d for entry in group for d in entry.distractors]
        # A near miss is wrong by design; another term's definition may fit a term it is paired with in the text.
        spare = pick("", near_misses or outside, seeded("glossary-matching", str(index)), 1)
        if not spare:
            yield GeneratorNote(
                "glossary_matching",
                "a matching item needs a meaning left over: add a glossary entry or distractors to one",
            )
            continue
        yield Matching(
            id=f"glossary-matching-{index + 1}",
            type="matching",
            stem=say("glossary_matching.stem"),
            pairs=[Pair(left=entry.term, right=entry.definition) for entry in group],
            extra_rights=spare,
            paragraph=group[0].paragraph,
            evidence=group[0].evidence,
            explanation=say.join(
                f"{capitalised(e.term)}: {e.definition.rstrip('.')} (\u00b6{lesson.paragraph_number(e.paragraph)})"
                for e in group
            )
            + ".",
            trace=Trace(rule="glossary_matching", facts=[f"glossary.{e.id}" for e in group]),
            **common_fields(settings, "vocabulary"),
        )


def glossary_definition(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Which meaning fits this term as the article uses it?  Wrong answers are the term's own listed near misses."""
    say = Phrases(lesson.language)
    for entry in lesson.glossary:
        shape = phrase_shape(entry.definition)
        fitting = [d for d in entry.distractors if phrase_shape(d) == shape]
        # The near misses closest in length to the definition, so length does not point to the answer.
        fitting = sorted(fitting, key=lambda text: abs(len(text) - len(entry.definition)))
        distractors = pick(entry.definition, fitting[:MAX_DISTRACTORS], seeded("glossary-definition", entry.id))
        if len(distractors) < 2:
            reason = (
                "lists no wrong meanings of the term (distractors:)"
                if not entry.distractors
                else "needs two distractors worded like its definition (same start: 'a …', 'to …')"
            )
            yield GeneratorNote("glossary_definition", f"term '{entry.id}' {reason}; the matching item covers it")
            continue
        explanation = say(
            "glossary_definition.explanation",
            term=capitalised(entry.term),
            definition=entry.definition.rstrip("."),
            evidence=quote(entry.evidence),
        )
        # The option keeps its own full stop inside the quotation marks; a sentence without one gets it after.
        tempting = say("glossary_definition.tempting", option=distractors[0])
        explanation += " " + (tempting if re.search(r"[.!?][\u201d\"]?$", tempting) else tempting + ".")
        yield SingleChoice(
            id=f"glossary-definition-{entry.id}",
            type="single_choice",
            stem=say("glossary_definition.stem", term=quote(entry.term)),
            options=[entry.definition, *distractors],
            answer=entry.definition,
            paragraph=entry.paragraph,
            evidence=entry.evidence,
            explanation=explanation,
            trace=Trace(rule="glossary_definition", facts=[f"glossary.{entry.id}"]),
            **common_fields(settings, "vocabulary"),
        )
