"""Items about the article's claims: who is the source, what kind of statement, how to check it, classify them."""

from __future__ import annotations

from typing import Iterator

from ..model import Actor, Claim, GeneratorSettings, Lesson, Matching, Pair, Question, SingleChoice, Skill, Support, Trace
from ..phrases import Phrases
from .common import (
    MAX_DISTRACTORS,
    GeneratorNote,
    chunks,
    common_fields,
    content_words,
    display_name,
    find_name,
    is_writer,
    mid_sentence,
    pick,
    quote,
    related,
    seeded,
    sentence_with,
    topic_phrases,
    unique_texts,
)
from .signals import cue_words, signal_words

# Kinds of statement any news article can contain, offered as options even where the lesson has no claim of that kind.
_GENERAL_KINDS = (Support.confirmed, Support.official_statement, Support.analyst_speculation, Support.opinion)
# Kinds that an unhedged sentence in the writer's own voice can be mistaken for each other.
_UNHEDGED = {Support.confirmed, Support.opinion}


def claim_source(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Who is the source of this claim?  Only the clause that names a source credits it."""
    say = Phrases(lesson.language)
    named_speakers = {claim.asserted_by for claim in lesson.claims if lesson.actor(claim.asserted_by).named}
    for claim in lesson.claims:
        actor = lesson.actor(claim.asserted_by)
        sentence = sentence_with(lesson.paragraph(claim.paragraph).text, claim.evidence)
        if not actor.named:
            words = signal_words(lesson, claim) or claim.evidence
            key = say("claim_source.no_one")
            explanation = say("claim_source.explanation_unnamed", words=quote(words))
        elif is_writer(lesson, actor):
            key = display_name(lesson, actor, say)
            explanation = say("claim_source.explanation_writer", actor=key)
        else:
            words = find_name(sentence, actor.names)
            if words is None:
                yield GeneratorNote("claim_source", f"claim '{claim.id}': the sentence it quotes does not name "
                                    f"'{actor.name}'; add the name the article uses there to the actor's aliases")
                continue
            key = actor.name
            explanation = say("claim_source.explanation", actor=mid_sentence(actor.name), words=quote(words),
                              paragraph=lesson.paragraph_number(claim.paragraph))
        candidates = [other for other in lesson.actors if other.named and not related(lesson, actor, other)]
        person = actor.kind == "person" if actor.named else None
        if person is None:  # "no one is named": offer the family of named sources the lesson has most of
            people = [o for o in candidates if o.kind == "person"]
            person = len(people) * 2 > len(candidates)
        same_family = [o for o in candidates if (o.kind == "person") == person]
        speakers_first = sorted(same_family, key=lambda o: o.id not in named_speakers)
        rng = seeded("claim-source", claim.id)
        pool = pick(key, [display_name(lesson, o, say) for o in speakers_first if o.id in named_speakers], rng)
        if len(pool) < MAX_DISTRACTORS:
            rest = [display_name(lesson, o, say) for o in speakers_first if o.id not in named_speakers]
            pool += pick(key, [text for text in rest if text not in pool], rng, MAX_DISTRACTORS - len(pool))
        if len(pool) < 2:
            yield GeneratorNote("claim_source", f"claim '{claim.id}': needs two more named actors of the same kind "
                                f"as its source ({'people' if person else 'not people'}) to offer as wrong answers")
            continue
        tempting = next((o for o in pool if find_name(sentence, [o.split(" (")[0]])), None)
        if tempting:
            explanation += " " + say("claim_source.tempting", option=mid_sentence(tempting))
        yield SingleChoice(
            id=f"claim-source-{claim.id}", type="single_choice",
            stem=say("claim_source.stem", claim=quote(claim.text)),
            options=[key, *pool], answer=key,
            paragraph=claim.paragraph, evidence=claim.evidence, explanation=explanation,
            trace=Trace(rule="claim_source", facts=[f"claims.{claim.id}"]),
            **common_fields(settings, "source-evaluation", Skill.who_is_behind_it),
        )


def support_levels(lesson: Lesson) -> list[Support]:
    """The kinds of statement offered as options: those the lesson's claims use, then the general ones."""
    used = list(dict.fromkeys(claim.support for claim in lesson.claims))
    return used + [level for level in _GENERAL_KINDS if level not in used]


def _fitting_levels(lesson: Lesson, claim: Claim) -> list[Support]:
    levels = [level for level in support_levels(lesson) if level != claim.support]
    actor = lesson.actor(claim.asserted_by)
    if is_writer(lesson, actor) and claim.support in _UNHEDGED:
        levels = [level for level in levels if level not in _UNHEDGED]
    if not actor.named:  # an unnamed speaker's words are never an official body's statement
        levels = [level for level in levels if level is not Support.official_statement]
    return levels


def claim_support(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """What kind of statement is this, as the article presents it?  Options are kinds that fit the lesson."""
    say = Phrases(lesson.language)
    for claim in lesson.claims:
        others = _fitting_levels(lesson, claim)
        if len(others) < 2:
            yield GeneratorNote("claim_support", f"claim '{claim.id}': the lesson's claims use too few kinds of "
                                "statement for three options")
            continue
        rng = seeded("claim-support", claim.id)
        # The neighbours on the scale are the tempting wrong answers; the rest are drawn at random.
        nearest = sorted(others, key=lambda level: abs(list(Support).index(level) - list(Support).index(claim.support)))
        rest = nearest[1:]
        rng.shuffle(rest)
        distractors = [nearest[0], *rest[: MAX_DISTRACTORS - 1]]
        key = say.support(claim.support)
        # A claim stated as fact has no hedge to point to, whatever source the sentence names.
        words = None if claim.support is Support.confirmed else signal_words(lesson, claim)
        if words:
            explanation = say("claim_support.explanation", level=key, why=say.why(claim.support), words=quote(words))
        elif claim.support is Support.confirmed:
            explanation = say("claim_support.explanation_plain", level=key, why=say("writer_states"))
        else:
            explanation = say("claim_support.explanation_plain", level=key, why=say.why(claim.support))
        explanation += " " + say("claim_support.tempting", option=say.support(nearest[0]), why=say.why(nearest[0]))
        yield SingleChoice(
            id=f"claim-support-{claim.id}", type="single_choice",
            stem=say("claim_support.stem", claim=quote(claim.text)),
            options=[key, *(say.support(level) for level in distractors)], answer=key,
            paragraph=claim.paragraph, evidence=claim.evidence, explanation=explanation,
            trace=Trace(rule="claim_support", facts=[f"claims.{claim.id}"]),
            **common_fields(settings, "source-evaluation", Skill.what_is_the_evidence),
        )


def _weak_checks(lesson: Lesson, claim: Claim, actor: Actor, say) -> list[str]:
    """Weak ways of checking this claim: the author's, then moves that never look outside the claim's source.

    The general moves name the claim's topic in the words the check uses, so the right answer is not the only
    option that speaks of it.
    """
    shared = set(content_words(claim.corroborate)) & set(content_words(claim.text))
    topics = topic_phrases(claim.text, shared) if shared else []
    if topics:
        # Each move names one of the topics the check shares with the claim, so none is left to the right answer.
        generic = [say(f"claim_verification.{move}_about", topic=topics[index % len(topics)])
                   for index, move in enumerate(("count_shares", "copies", "detail"))]
    else:
        generic = [say("claim_verification.count_shares"), say("claim_verification.copies"),
                   say("claim_verification.detail")]
    if actor.named and not is_writer(lesson, actor):
        generic.insert(0, say("claim_verification.ask_source", actor=mid_sentence(actor.name)))
    return [*claim.weak_checks, *generic]


def claim_verification(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Which step would best check this claim?  Wrong answers are weak ways of checking the same claim."""
    say = Phrases(lesson.language)
    for claim in lesson.claims:
        actor = lesson.actor(claim.asserted_by)
        weak = _weak_checks(lesson, claim, actor, say)
        rng = seeded("claim-verification", claim.id)
        authored = pick(claim.corroborate, list(claim.weak_checks), rng)
        # The general moves closest in length to the right answer, so length does not point to it.
        general = sorted(unique_texts([w for w in weak if w not in authored], exclude=[claim.corroborate]),
                         key=lambda text: abs(len(text) - len(claim.corroborate)))
        distractors = authored + general[: MAX_DISTRACTORS - len(authored)]
        rng.shuffle(distractors)
        key_words = set(content_words(claim.corroborate)) & set(content_words(claim.text))
        if key_words and not any(key_words & set(content_words(d)) for d in distractors):
            yield GeneratorNote("claim_verification", f"claim '{claim.id}': the check shares "
                                f"'{sorted(key_words)[0]}' with the claim and no wrong answer does, which gives it "
                                "away; list weak_checks for this claim that mention it")
            continue
        explanation = say("claim_verification.explanation", corroborate=claim.corroborate)
        explanation += " " + say("claim_verification.tempting", option=distractors[0])
        yield SingleChoice(
            id=f"claim-verification-{claim.id}", type="single_choice",
            stem=say("claim_verification.stem", claim=quote(claim.text)),
            options=[claim.corroborate, *distractors], answer=claim.corroborate,
            paragraph=claim.paragraph, evidence=claim.evidence, explanation=explanation,
            trace=Trace(rule="claim_verification", facts=[f"claims.{claim.id}"]),
            **common_fields(settings, "source-evaluation", Skill.what_do_other_sources_say),
        )


def claim_classification(lesson: Lesson, settings) -> Iterator[Question | GeneratorNote]:
    """Match statements to the kind of statement each is, with one kind left over."""
    say = Phrases(lesson.language)
    usable = []
    for claim in lesson.claims:
        cue = cue_words(claim.support)
        label = say.kind(claim.support)
        # A statement that repeats its own category's signal word ("alleged" beside "Allegation") answers itself.
        if cue is not None and (cue.search(claim.text) or label.casefold() in claim.text.casefold()):
            continue
        usable.append(claim)
    kinds_used = list(dict.fromkeys(claim.support for claim in usable))
    if len(kinds_used) < 2:
        yield GeneratorNote("claim_classification", "needs claims of at least two kinds whose plain wording "
                            "does not repeat the kind's signal words")
        return
    ordered = sorted(usable, key=lambda c: seeded("classify", c.id).random())
    for index, group in enumerate(chunks(ordered, settings.size)):
        labels = list(dict.fromkeys(say.kind(c.support) for c in group))
        spare = [say.kind(level) for level in [*support_levels(lesson), *Support] if say.kind(level) not in labels][:1]
        entries = say.join(say("claim_classification.entry", claim=quote(c.text), kind=say.kind(c.support).lower(),
                               paragraph=lesson.paragraph_number(c.paragraph), evidence=quote(c.evidence)) for c in group)
        yield Matching(
            id=f"claim-classification-{index + 1}", type="matching",
            stem=say("claim_classification.stem"),
            pairs=[Pair(left=c.text, right=say.kind(c.support)) for c in group], extra_rights=spare,
            paragraph=group[0].paragraph, evidence=group[0].evidence,
            explanation=say("claim_classification.explanation", list=entries),
            trace=Trace(rule="claim_classification", facts=[f"claims.{c.id}" for c in group]),
            **common_fields(settings, "source-evaluation", Skill.what_is_the_evidence),
        )
