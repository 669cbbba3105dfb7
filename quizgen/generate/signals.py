"""The words in a passage that show what kind of statement a claim is.

An author can name them (``signal:`` on the claim, checked against the
paragraph); otherwise they are looked up here, first in the claim's own
quote and then in the rest of its sentence, never elsewhere in the
paragraph: an "as reported by KCNA" in one sentence says nothing about the
sentence before it.  Only English has a word list; other languages rely on
the author's ``signal``.
"""

from __future__ import annotations

import re
from functools import cache

from ..model import Claim, Lesson, Support
from .common import is_writer as _is_writer
from .common import sentence_with

# Words that mark a statement as unverified footage or posts, and as a government's own media: both lexicons use them.
_UNVERIFIED = (
    r"could not (?:be )?(?:independently )?verif\w*",
    r"unverified",
    r"not (?:been )?verified",
    r"purport\w*",
    r"said to show",
)
_STATE_MEDIA = (r"state media", r"state[- ]run", r"state news agency")


def _any_word(words: tuple[str, ...]) -> re.Pattern:
    """One case-insensitive pattern matching any of ``words`` as whole words."""
    return re.compile(r"(?<!\w)(" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


_WORDS: dict[Support, tuple[str, ...]] = {
    Support.analyst_speculation: (
        r"speculat\w*",
        r"suggest\w*",
        r"hint\w*",
        r"might",
        r"may",
        r"could",
        r"possibl[ey]",
        r"perhaps",
        r"likely",
        r"believed to",
        r"appears? to",
        r"seems? to",
        r"it is thought",
        r"would",
    ),
    Support.official_allegation: (r"alleg\w*", r"accus\w*", r"blam\w*", r"charged", r"claim(?:s|ed)?"),
    Support.denial: (
        r"den(?:y|ied|ies|ial|ials)",
        r"reject\w*",
        r"dismiss\w*",
        r"refut\w*",
        r"untrue",
        r"baseless",
        r"groundless",
        r"unfounded",
        r"fabricat\w*",
        r"not responsible",
        r"had nothing to do",
    ),
    Support.state_media_report: (
        *_STATE_MEDIA,
        r"official news agency",
        r"KCNA",
        r"Xinhua",
        r"TASS",
        r"reported by",
        r"according to",
    ),
    Support.unverified_media: (
        *_UNVERIFIED,
        r"video",
        r"footage",
        r"post(?:ed|s)?",
        r"social media",
    ),
    Support.official_statement: (
        r"said",
        r"says",
        r"announced",
        r"stated",
        r"statement",
        r"according to",
        r"confirmed",
        r"told",
    ),
    Support.opinion: (r"signals?", r"should", r"must", r"shows?", r"reflect\w*", r"mark\w*", r"threat\w*"),
}


@cache
def _cue_pattern(support: Support) -> re.Pattern | None:
    # Compiled on first use: a lesson's claims are of a few kinds, and each pattern costs a compile at start-up.
    words = _WORDS.get(support)
    return _any_word(words) if words else None


def signal_words(lesson: Lesson, claim: Claim) -> str | None:
    """The words that show the claim's kind: the author's ``signal``, else the first cue found near its quote."""
    if claim.signal:
        return claim.signal
    pattern = _cue_pattern(claim.support)
    if pattern is None or lesson.language.split("-")[0] != "en":
        return None
    for text in (claim.evidence, sentence_with(lesson.paragraph(claim.paragraph).text, claim.evidence)):
        match = pattern.search(text)
        if match:
            return _with_its_source(text, match)
    return None


_SOURCE_AFTER = re.compile(r"(?:\s+[\w\u2019'-]+){1,4}?(?=[,.;:!?)\u201d\"]|$)")


def _with_its_source(text: str, match: re.Match) -> str:
    """The cue, and for "according to" / "reported by" the source that follows ("according to state media reports")."""
    words = match.group(0)
    if words.lower().endswith((" to", " by")):
        rest = _SOURCE_AFTER.match(text, match.end())
        if rest:
            return words + rest.group(0)
    return words


def signal_families(words: str) -> set[Support]:
    """The kinds of statement whose signal word ``words`` is ("refuted" and "untrue": a denial), in English.

    Two words of one family say the same about a source, so either fits where the article used one.
    """
    return {level for level in _WORDS if (pattern := _cue_pattern(level)) and pattern.fullmatch(words.strip())}


def cue_words(support: Support) -> re.Pattern | None:
    """The pattern of words that signal this kind of statement (used to keep cues out of matching items)."""
    return _cue_pattern(support)


# Words that make another kind of statement a fair reading of a claim's sentence, so that kind is never offered as
# a wrong answer for it ("may have been cut on purpose" is speculation whatever else it is).
_DEFENSIBLE_WORDS: dict[Support, tuple[str, ...]] = {
    Support.analyst_speculation: (
        r"speculat\w*",
        r"suggest\w*",
        r"hint\w*",
        r"might",
        r"could",
        r"possibl[ey]",
        r"perhaps",
        r"likely",
        r"suspect\w*",
        r"suspicion",
        r"believed to",
        r"(?-i:may)",
    ),
    Support.official_allegation: (r"alleg\w*", r"accus\w*", r"blam\w*", r"violat\w*", r"breach\w*", r"charged"),
    Support.denial: (r"den(?:y|ied|ies|ial|ials)", r"reject\w*", r"dismiss\w*", r"refut\w*", r"not responsible"),
    Support.state_media_report: _STATE_MEDIA,
    Support.unverified_media: _UNVERIFIED,
    Support.opinion: (r"should", r"must"),
}
_DEFENSIBLE = {level: _any_word(words) for level, words in _DEFENSIBLE_WORDS.items()}
_OFFICIAL_KINDS = frozenset({"country", "government-body", "company", "organisation", "alliance"})
_ATTRIBUTION = _any_word(
    (r"according to", r"said", r"says", r"told", r"reported", r"announced", r"showed", r"statement")
)


def claim_sentence(lesson: Lesson, claim: Claim) -> str:
    """The sentence of the claim's paragraph that holds its quote."""
    return sentence_with(lesson.paragraph(claim.paragraph).text, claim.evidence)


def defensible_kinds(lesson: Lesson, claim: Claim) -> set[Support]:
    """Kinds of statement other than the claim's own that a careful reader could also defend for it.

    A kind counts when its tell-tale words are in the claim's sentence, and "official statement" whenever the
    source is a named country, body, company or organisation (or a person speaking for one): a denial or an
    accusation by a ministry is also its official statement.
    """
    sentence = claim_sentence(lesson, claim)
    found = {level for level, pattern in _DEFENSIBLE.items() if pattern.search(sentence)}
    actor = lesson.actor(claim.asserted_by)
    body = lesson.actor(actor.part_of) if actor.part_of else None
    if actor.named and (actor.kind in _OFFICIAL_KINDS or (body is not None and body.kind in _OFFICIAL_KINDS)):
        found.add(Support.official_statement)
    if _is_writer(lesson, actor) and claim.support in (Support.confirmed, Support.opinion):
        # The writer's unhedged sentence: a judgement and a fact read alike ("the escalating drone warfare").
        found |= {Support.confirmed, Support.opinion}
    found.discard(claim.support)
    return found


# Words of judgement: the writer's own unhedged sentence is an opinion only where it says one.
_JUDGEMENT = _any_word(
    (
        r"should",
        r"must",
        r"ought",
        r"signals?",
        r"marks?",
        r"a new (?:phase|era|chapter)",
        r"clearly",
        r"significant\w*",
        r"worrying",
        r"alarming",
        r"dangerous",
        r"reckless",
        r"best",
        r"worst",
        r"too (?:much|many|little|few)",
        r"unacceptable",
        r"violation",
    )
)


def writer_judgement_missing(lesson: Lesson, claim: Claim) -> bool:
    """Whether a claim marked as the writer's opinion has no words of judgement in its sentence (nor a ``signal``):
    "the escalating drone warfare" reads as a stated fact, and a label the words do not show contradicts them."""
    actor = lesson.actor(claim.asserted_by)
    return (
        claim.support is Support.opinion
        and _is_writer(lesson, actor)
        and not claim.signal
        and not _JUDGEMENT.search(claim_sentence(lesson, claim))
    )


def own_words_missing(lesson: Lesson, claim: Claim) -> str | None:
    """When the claim's sentence has another kind's tell-tale words but none of its own kind's, those words.

    "On suspicion of possible sabotage" marked as an allegation: the sentence's words say speculation, and a
    label the text does not show would contradict it.
    """
    if claim.signal or claim.support not in _DEFENSIBLE or signal_words(lesson, claim):
        return None
    sentence = claim_sentence(lesson, claim)
    for level, pattern in _DEFENSIBLE.items():
        match = pattern.search(sentence)
        if level is not claim.support and match:
            return match.group(0)
    return None


def attribution_words(lesson: Lesson, claim: Claim) -> str | None:
    """Words in the claim's sentence that credit it to a source ("according to traffic data"), if any."""
    sentence = claim_sentence(lesson, claim)
    match = _ATTRIBUTION.search(sentence)
    return _with_its_source(sentence, match) if match else None
