"""Items about the article's claims: who is the source, what kind of statement, how to check it, classify them.

A claim takes part only where the text supports the answer: a named source must be named in the claim's own
sentence, a claim marked as stated fact must not be credited to anyone there, and a kind of statement that the
sentence's own words also fit ("may", "in a statement", "denied") is never offered as a wrong answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import (
    Actor,
    Citation,
    Claim,
    GeneratorSettings,
    Lesson,
    Matching,
    Pair,
    Question,
    SingleChoice,
    Skill,
    Support,
    Trace,
    mid_sentence,
)
from ..phrases import Phrases
from ..text import normalize_quote
from .common import (
    MAX_DISTRACTORS,
    GeneratorNote,
    common_fields,
    content_words,
    display_name,
    find_name,
    is_writer,
    pick_actors,
    proper_names,
    quote,
    related,
    seeded,
    topic_phrases,
    unique_texts,
)
from .signals import (
    attribution_words,
    claim_sentence,
    cue_words,
    defensible_kinds,
    own_words_missing,
    signal_words,
    writer_judgement_missing,
)

# Kinds of statement any news article can contain, offered as options even where the lesson has no claim of that kind.
_GENERAL_KINDS = (Support.confirmed, Support.official_statement, Support.analyst_speculation, Support.opinion)
# Kinds that an unhedged sentence in the writer's own voice can be mistaken for each other.
_UNHEDGED = {Support.confirmed, Support.opinion}


def _citing(claim: Claim, words: str | None) -> list[Citation]:
    """The words the feedback quotes, as a citation of their own when the claim's quote does not hold them."""
    if words and normalize_quote(words) not in normalize_quote(claim.evidence):
        return [Citation(paragraph=claim.paragraph, evidence=words)]
    return []


def unreadable_kind(lesson: Lesson, claim: Claim) -> str | None:
    """Why the claim's kind of statement cannot be read from its sentence, or ``None`` when it can."""
    actor = lesson.actor(claim.asserted_by)
    sentence = claim_sentence(lesson, claim)
    if actor.named and not is_writer(lesson, actor) and find_name(sentence, actor.names) is None:
        return (
            f"the sentence it quotes does not credit '{actor.name}', so the kind of statement cannot be read "
            "from it; add the name the article uses there to the actor's aliases"
        )
    if writer_judgement_missing(lesson, claim):
        return (
            "it is marked as the writer's opinion, but its sentence has no words of judgement (\u201cshould\u201d, "
            "\u201csignals\u201d ...): name them in signal:, or mark it confirmed"
        )
    other_words = own_words_missing(lesson, claim)
    if other_words:
        return (
            f"its sentence has no words of its own kind but has \u201c{other_words}\u201d, which fit another "
            "kind; check its support, or name the words that show it in signal:"
        )
    if claim.support is Support.confirmed:
        credited = attribution_words(lesson, claim)
        if credited:
            return (
                f"it is marked confirmed (stated as fact by the article), but its sentence credits it: "
                f"\u201c{credited}\u201d; choose the kind that fits that source"
            )
    return None


def _plausible_sources(lesson: Lesson, claim: Claim, actor: Actor) -> list[Actor]:
    """Named actors a reader could take for the claim's source: those who make claims, or whom its paragraph names."""
    speakers = {c.asserted_by for c in lesson.claims}
    # Whoever makes a claim that says much the same is a fair answer too.
    also_said_by = {c.asserted_by for c in lesson.claims if c.id != claim.id and _much_the_same(c.text, claim.text)}
    paragraph = lesson.paragraph(claim.paragraph).text
    found = [
        other
        for other in lesson.actors
        if other.named
        and not related(lesson, actor, other)
        and other.id not in also_said_by
        and not _credited_with_the_like(lesson, claim, other)
        and (other.id in speakers or is_writer(lesson, other) or find_name(paragraph, other.names))
    ]
    if not actor.named:
        # The writer relays what it does not attribute, and a named actor of the unnamed source's kind could be it.
        found = [other for other in found if not is_writer(lesson, other) and other.kind != actor.kind]
    return found


def _credited_with_the_like(lesson: Lesson, claim: Claim, other: Actor) -> bool:
    """Whether a sentence that names ``other`` says much the same as the claim (then ``other`` is a fair answer).

    Much the same: most of the claim's own words, leaving out the names of the story's actors, which every
    sentence about the story shares.  The claim's own sentence does not count: it credits the claim's source.
    """
    names, sentences = _story(lesson)
    words = set(content_words(claim.text)) - names
    if len(words) < 2:
        return False
    own = claim_sentence(lesson, claim)
    return any(
        sentence != own and len(words & sentence_words) / len(words) >= 0.6 and find_name(sentence, other.names)
        for sentence, sentence_words in sentences
    )


_stories: dict[int, tuple[object, tuple[set[str], list[tuple[str, set[str]]]]]] = {}


def _story(lesson: Lesson) -> tuple[set[str], list[tuple[str, set[str]]]]:
    """The words of every actor's names, and each sentence of the passage with its content words (kept per lesson)."""
    cached = _stories.get(id(lesson))
    if cached is not None and cached[0] is lesson.paragraphs:
        return cached[1]
    names = set().union(*(set(content_words(" ".join(actor.names))) for actor in lesson.actors))
    sentences = [
        (sentence, set(content_words(sentence)))
        for paragraph in lesson.paragraphs
        for sentence in re.split(r"(?<=[.!?])\s+", normalize_quote(paragraph.text))
    ]
    if len(_stories) > 256:
        _stories.clear()
    _stories[id(lesson)] = (lesson.paragraphs, (names, sentences))
    return names, sentences


def claim_source(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Who is the source of this claim?  Only the clause that names a source credits it."""
    say = Phrases(lesson.language)
    for claim in lesson.claims:
        actor = lesson.actor(claim.asserted_by)
        sentence = claim_sentence(lesson, claim)
        words: str | None = None
        if not actor.named:
            words = signal_words(lesson, claim) or claim.evidence
            key = say("claim_source.no_one")
            explanation = say("claim_source.explanation_unnamed", words=quote(words))
        elif is_writer(lesson, actor):
            key = display_name(lesson, actor, say)
            explanation = say("claim_source.explanation_writer", actor=mid_sentence(key))
        else:
            # A description ("state media") says what kind of source speaks, not which one: it does not name it.
            name_used = find_name(sentence, proper_names(actor))
            if name_used is None:
                yield GeneratorNote(
                    "claim_source",
                    f"claim '{claim.id}': the sentence it quotes does not name "
                    f"'{actor.name}' (a description such as '{actor.aliases[0] if actor.aliases else 'the agency'}' "
                    "does not say which source); add the name the article uses there to its aliases",
                )
                continue
            key, words = actor.name, name_used
            explanation = say(
                "claim_source.explanation",
                actor=actor.sentence_name,
                words=quote(name_used),
                paragraph=lesson.paragraph_number(claim.paragraph),
            )
        candidates = _plausible_sources(lesson, claim, actor)
        person = actor.kind == "person" if actor.named else None
        if person is None:  # "no one is named": offer the family of named sources the lesson has most of
            people = [o for o in candidates if o.kind == "person"]
            person = len(people) * 2 > len(candidates)
        same_family = [o for o in candidates if (o.kind == "person") == person]
        pool = [
            display_name(lesson, o, say)
            for o in pick_actors(actor, same_family, seeded("claim-source", claim.id), lesson)
        ]
        if len(pool) < 2:
            yield GeneratorNote(
                "claim_source",
                f"claim '{claim.id}': needs two more named actors of the same kind "
                f"as its source ({'people' if person else 'not people'}) that make claims or "
                "appear in its paragraph, to offer as wrong answers",
            )
            continue
        tempting = next((o for o in pool if find_name(sentence, [o.split(" (")[0]])), None)
        if tempting:
            explanation += " " + say("claim_source.tempting", option=mid_sentence(tempting))
        yield SingleChoice(
            id=f"claim-source-{claim.id}",
            type="single_choice",
            stem=say("claim_source.stem", claim=quote(claim.text)),
            options=[key, *pool],
            answer=key,
            paragraph=claim.paragraph,
            evidence=claim.evidence,
            also_cites=_citing(claim, words),
            explanation=explanation,
            trace=Trace(rule="claim_source", facts=[f"claims.{claim.id}"]),
            **common_fields(settings, "source-evaluation", Skill.who_is_behind_it),
        )


def support_levels(lesson: Lesson) -> list[Support]:
    """The kinds of statement offered as options: those the lesson's claims use, then the general ones."""
    used = list(dict.fromkeys(claim.support for claim in lesson.claims))
    return used + [level for level in _GENERAL_KINDS if level not in used]


def _wrong_kinds(lesson: Lesson, claim: Claim) -> list[Support]:
    """Kinds of statement that are clearly wrong for this claim, from those that fit the lesson."""
    excluded = defensible_kinds(lesson, claim) | {claim.support}
    actor = lesson.actor(claim.asserted_by)
    if is_writer(lesson, actor) and claim.support in _UNHEDGED:
        excluded |= _UNHEDGED
    if not actor.named:  # an unnamed speaker's words are never an official body's statement
        excluded.add(Support.official_statement)
    if claim.support is Support.official_statement:
        # An official's unhedged account reads as fact, and often accuses or denies: only clearly other kinds remain.
        excluded |= {Support.confirmed, Support.official_allegation, Support.denial}
    return [level for level in support_levels(lesson) if level not in excluded]


def claim_support(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """What kind of statement is this, as the article presents it?  Options are kinds that fit the lesson."""
    say = Phrases(lesson.language)
    for claim in lesson.claims:
        problem = unreadable_kind(lesson, claim)
        if problem:
            yield GeneratorNote("claim_support", f"claim '{claim.id}': {problem}")
            continue
        others = _wrong_kinds(lesson, claim)
        if len(others) < 2:
            yield GeneratorNote(
                "claim_support",
                f"claim '{claim.id}': too few kinds of statement are clearly wrong for it to make three options",
            )
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
            id=f"claim-support-{claim.id}",
            type="single_choice",
            stem=say("claim_support.stem", claim=quote(claim.text)),
            options=[key, *(say.support(level) for level in distractors)],
            answer=key,
            paragraph=claim.paragraph,
            evidence=claim.evidence,
            also_cites=_citing(claim, words),
            explanation=explanation,
            trace=Trace(rule="claim_support", facts=[f"claims.{claim.id}"]),
            **common_fields(settings, "source-evaluation", Skill.what_is_the_evidence),
        )


def _weak_checks(lesson: Lesson, claim: Claim, actor: Actor, say) -> list[tuple[str, str]]:
    """Weak ways of checking this claim, each with why it is weak: the author's, then general moves.

    The general moves name the topics the right answer shares with the claim, one topic each, so the right
    answer is not the only option that speaks of them.
    """
    shared = set(content_words(claim.corroborate)) & set(content_words(claim.text))
    topics = topic_phrases(claim.text, shared) if shared else []
    moves = ["count_shares", "copies", "detail"]
    weak = [(text, say("claim_verification.weak.authored")) for text in claim.weak_checks]
    if topics:
        # A topic that repeats the template's own words reads badly ("the article's account of Chinese account").
        frame = {move: set(content_words(say(f"claim_verification.{move}_about", topic=""))) for move in moves}
        weak += [
            (say(f"claim_verification.{move}_about", topic=topic), say(f"claim_verification.weak.{move}"))
            for topic in topics
            for move in moves
            if not frame[move] & set(content_words(topic))
        ]
    else:
        weak += [(say(f"claim_verification.{move}"), say(f"claim_verification.weak.{move}")) for move in moves]
    if actor.named and not is_writer(lesson, actor):
        weak.append(
            (
                say("claim_verification.ask_source", actor=actor.sentence_name),
                say("claim_verification.weak.ask_source"),
            )
        )
    return weak


def _choose_weak(claim: Claim, candidates: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Three weak checks that between them mention every topic word the right answer shares with the claim.

    Each pick covers the most words not yet covered; ties go to the author's own weak checks, then to the
    option closest in length to the right answer, so neither topic words nor length point to it.  Two picks
    never say much the same thing.
    """
    key = claim.corroborate
    shared = set(content_words(key)) & set(content_words(claim.text))
    authored = set(claim.weak_checks)
    reasons = dict(candidates)
    chosen: list[str] = []
    pool = unique_texts([text for text, _ in candidates], exclude=[key])
    while pool and len(chosen) < MAX_DISTRACTORS:
        covered = set().union(*(set(content_words(c)) for c in chosen)) if chosen else set()
        best = min(
            pool,
            key=lambda text: (
                -len((shared - covered) & set(content_words(text))),
                text not in authored,
                abs(len(text) - len(key)),
            ),
        )
        pool.remove(best)
        taken = set().union(*(_check_ideas(other) for other in chosen)) if chosen else set()
        if not any(_much_the_same(best, other) for other in chosen) and not _check_ideas(best) & taken:
            chosen.append(best)
    return [(text, reasons[text]) for text in chosen]


# The weak ways of checking a claim, each told by its words whoever wrote it (the general moves use them too), so
# two options never offer one idea in other words ("enough names, numbers and details" beside "how specific the
# mention sounds"): a student rules out both at once.  English only, as the signal words are.
_SURE_SOUNDING = r"(?:detail\w*|specific\w*|exact\w*|convinc\w*|confident\w*|vivid\w*|precise\w*)"
_CHECK_IDEAS = {
    # How detailed or sure an account sounds: "by how specific ... sounds", "enough names ... and details",
    # "sound exact enough".
    "detail": re.compile(
        rf"\b(?:how|enough|sounds?)\b[^.]{{0,60}}?\b{_SURE_SOUNDING}|\b{_SURE_SOUNDING}\s+enough\b", re.IGNORECASE
    ),
    "popularity": re.compile(r"\b(?:shar(?:e|es|ed|ing)|liked|likes|viral|retweet\w*|popular\w*)\b", re.IGNORECASE),
    "same_outlet": re.compile(
        r"\bsame\s+(?:news\s+)?(?:website|site|newspaper|paper|outlet|channel|page|broadcaster)\b", re.IGNORECASE
    ),
    "ask_source": re.compile(r"^\W*ask\b", re.IGNORECASE),
}


def _check_ideas(text: str) -> set[str]:
    """Which of the usual weak ways of checking a claim ``text`` offers (none for another language or idea)."""
    return {idea for idea, words in _CHECK_IDEAS.items() if words.search(text)}


def _much_the_same(first: str, second: str) -> bool:
    """Whether two options share most of their content words ("sounds detailed" beside "enough details")."""
    a, b = set(content_words(first)), set(content_words(second))
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= 0.5


def claim_verification(lesson: Lesson, settings: GeneratorSettings) -> Iterator[Question | GeneratorNote]:
    """Which step would best check this claim?  Wrong answers are weak ways of checking the same claim."""
    say = Phrases(lesson.language)
    for claim in lesson.claims:
        actor = lesson.actor(claim.asserted_by)
        weak = _choose_weak(claim, _weak_checks(lesson, claim, actor, say))
        seeded("claim-verification", claim.id).shuffle(weak)
        # Options end alike: a full stop on the author's answer alone would mark it.
        key = claim.corroborate.rstrip(".")
        distractors = [text.rstrip(".") for text, _ in weak]
        shared = set(content_words(key)) & set(content_words(claim.text))
        if shared and not any(shared & set(content_words(d)) for d in distractors):
            yield GeneratorNote(
                "claim_verification",
                f"claim '{claim.id}': the check shares "
                f"'{sorted(shared)[0]}' with the claim and no wrong answer does, which gives it "
                "away; list weak_checks for this claim that mention it",
            )
            continue
        explanation = say("claim_verification.explanation", corroborate=key)
        if weak:
            explanation += " " + say("claim_verification.tempting", option=distractors[0], why=weak[0][1])
        yield SingleChoice(
            id=f"claim-verification-{claim.id}",
            type="single_choice",
            stem=say("claim_verification.stem", claim=quote(claim.text)),
            options=[key, *distractors],
            answer=key,
            paragraph=claim.paragraph,
            evidence=claim.evidence,
            explanation=explanation,
            trace=Trace(rule="claim_verification", facts=[f"claims.{claim.id}"]),
            **common_fields(settings, "source-evaluation", Skill.what_do_other_sources_say),
        )


def claim_classification(lesson: Lesson, settings) -> Iterator[Question | GeneratorNote]:
    """Match statements to the kind of statement each is, with one kind left over.

    A statement joins a group only when no other kind offered in that item also fits its sentence, and the
    kind left over fits none of the group's statements: every statement has one reading.
    """
    say = Phrases(lesson.language)
    usable = []
    for claim in lesson.claims:
        cue = cue_words(claim.support)
        label = say.kind(claim.support)
        # A statement that repeats its own category's signal word ("alleged" beside "Allegation") answers itself.
        if cue is not None and (cue.search(claim.text) or label.casefold() in claim.text.casefold()):
            continue
        # "Official statement" names who speaks, not what kind of statement it is: it would give a second reading.
        if unreadable_kind(lesson, claim) is None and claim.support is not Support.official_statement:
            usable.append(claim)
    fits = {claim.id: defensible_kinds(lesson, claim) for claim in usable}
    groups: list[list[Claim]] = []
    for claim in sorted(usable, key=lambda c: seeded("classify", c.id).random()):
        for group in groups:
            kinds = {c.support for c in group} | {claim.support}
            if (
                len(group) < settings.size
                and not fits[claim.id] & kinds
                and not any(fits[c.id] & {claim.support} for c in group)
            ):
                group.append(claim)
                break
        else:
            groups.append([claim])
    groups = [group for group in groups if len({c.support for c in group}) >= 2]
    if not groups:
        yield GeneratorNote(
            "claim_classification",
            "needs claims of at least two kinds that no other offered kind "
            "also fits, in words that do not repeat the kind's signal words",
        )
        return
    for index, group in enumerate(groups):
        taken = set().union(*(fits[c.id] for c in group)) | {c.support for c in group}
        taken.add(Support.official_statement)
        spare = [say.kind(level) for level in [*support_levels(lesson), *Support] if level not in taken][:1]
        entries = say.join(
            say(
                "claim_classification.entry",
                claim=quote(c.text),
                kind=say.kind(c.support).lower(),
                paragraph=lesson.paragraph_number(c.paragraph),
                evidence=quote(c.evidence),
            )
            for c in group
        )
        yield Matching(
            id=f"claim-classification-{index + 1}",
            type="matching",
            stem=say("claim_classification.stem"),
            pairs=[Pair(left=c.text, right=say.kind(c.support)) for c in group],
            extra_rights=spare,
            paragraph=group[0].paragraph,
            evidence=group[0].evidence,
            explanation=say("claim_classification.explanation", list=entries),
            trace=Trace(rule="claim_classification", facts=[f"claims.{c.id}" for c in group]),
            **common_fields(settings, "source-evaluation", Skill.what_is_the_evidence),
        )
