"""Claim candidates: statements the article attributes, hedges, denies or judges, each with a verbatim quote.

A sentence with a verb of saying ("KCNA said", "according to officials") gives
one candidate per frame, quoting what was said rather than the frame; a
sentence without one gives a candidate for each clause that holds a hedge, a
report without a speaker ("there are allegations"), a word of blame or
denial, or the writer's words of judgement.  Who asserts it and a guess at
its support follow from the speaker and the cue words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import cues
from .actors import ROLE_WORDS, UNNAMED_NOUNS, Actor, Cast
from .sentences import sentence_spans, trim


@dataclass
class Candidate:
    """A claim candidate: the evidence span in its paragraph, its speaker, a support guess and the cue."""

    paragraph: int
    start: int
    end: int
    actor: Actor
    support: str
    cue: str

    def evidence(self, paragraphs: list[str]) -> str:
        """The verbatim quote."""
        return paragraphs[self.paragraph][self.start : self.end]


_TOKEN = re.compile(r"[\w\u2019'.-]+|[^\w\s]")
_SKIP_BEFORE_VERB = frozenset(
    "has have had been was were is are also repeatedly later again previously earlier then recently would will "
    "did does do publicly separately further not had first last this week month year today yesterday on "
    "monday tuesday wednesday thursday friday saturday sunday quoted cited as".split()
)
_STOP = frozenset(
    "that which who whom whose and but as while the a an of in on at to for from by with when where after before "
    "what how if than because since though although this these those there it its".split()
)
_BODY_NOUNS = frozenset(
    "ministry government military army navy police coast guard department office committee commission council "
    "parliament court command forces administration embassy agency bureau spokesperson spokesman spokeswoman "
    "media statement report communique".split()
)
_RELATIVE = frozenset({"that", "which", "who", "whom", "what"})
_PRONOUNS = frozenset({"he", "she", "they", "it"})
_QUOTE_OPEN = "\"\u201c'\u2018"
_SPLIT_CONTENT = re.compile(r",\s+(?:but|and)\s+that\s+|;\s+")


_SPEAKS_FOR = re.compile(
    r"(?:\b(?:a|an|the|one)\s+)?(?:spokes(?:person|man|woman)|officials?|representatives?|sources?|head|chief|"
    r"director|member)\s+(?:for|of|at|from|in)\s+$"
)
_NAME_AND_ACRONYM = re.compile(r"((?:the\s+)?(?:[A-Z][\w\u2019'-]*\s+){1,7})\(([A-Z]{2,6})\)\s*$")


def _speaker_before(sentence: str, verb_start: int) -> tuple[int, str] | None:
    """The speaker phrase just before a verb of saying, as (start offset, phrase)."""
    acronym = _NAME_AND_ACRONYM.search(sentence, 0, verb_start)
    if acronym:  # "the Korean Central News Agency (KCNA) reported"
        return acronym.start(), acronym.group(2)
    tokens = [(m.start(), m.group(0)) for m in _TOKEN.finditer(sentence, 0, verb_start)]
    collected: list[tuple[int, str]] = []
    lower_modifiers = 0
    while tokens:
        offset, word = tokens.pop()
        low = word.lower().rstrip(".")
        if not collected and (low in _SKIP_BEFORE_VERB or (word.islower() and low.endswith("ly"))):
            continue
        if not collected:
            if word[:1].isupper() or low in UNNAMED_NOUNS or low in _BODY_NOUNS or low in _PRONOUNS:
                if low in _STOP and low not in _PRONOUNS:
                    return None
                collected.append((offset, word))
                continue
            return None
        if collected[0][1].lower() in _PRONOUNS:
            break
        if low in ("some", "many", "several", "most", "other"):
            collected.append((offset, word))
            break
        if word[:1].isupper() and low not in _STOP:
            collected.append((offset, word))
            continue
        if low in ("of", "for", "on") and tokens and tokens[-1][1][:1].isupper() and collected[-1][1][:1].isupper():
            collected.append((offset, word))
            continue
        head = collected[0][1].lower()
        if (
            word.islower()
            and low not in _STOP
            and low not in _SKIP_BEFORE_VERB
            and (low in ROLE_WORDS or low in _BODY_NOUNS or head in _BODY_NOUNS or head in UNNAMED_NOUNS)
            and lower_modifiers < 2
            and re.fullmatch(r"[a-z][a-z-]*", word)
        ):
            lower_modifiers += 1
            collected.append((offset, word))
            continue
        break
    if not collected:
        return None
    collected.reverse()
    phrase = sentence[collected[0][0] : collected[-1][0] + len(collected[-1][1])]
    speaks_for = _SPEAKS_FOR.search(sentence, 0, collected[0][0])
    if speaks_for:  # "a spokesperson for China's coast guard said": the body speaks, the frame starts at "a"
        return speaks_for.start(), phrase
    words = phrase.split()
    first = words[0].lower()
    if len(words) == 1 and first in _STOP - _PRONOUNS | {"the", "this", "these", "but", "and"}:
        return None
    if first in ("if", "when", "but", "and") and len(words) > 1:
        phrase = " ".join(words[1:])
    head = phrase.split()[-1].lower()
    if not (re.search(r"[A-Z]", phrase) or head in UNNAMED_NOUNS or head in _BODY_NOUNS or first in _PRONOUNS):
        return None
    return collected[0][0], phrase


_SPEAKER_AFTER = re.compile(r"\s+((?:the\s+)?(?:[A-Z][\w\u2019'.-]*\s*){1,5})")
_ACCORDING_SPEAKER = re.compile(
    r"\s+((?:[\w\u2019'.()-]+\s*?){1,7}?)(?=\s*(?:[,.;:\"\u201c\u201d]|$|\s(?:who|which|that|on|in|as|for|to|"
    r"is|are|was|were|has|have|had|will|would|could|may|might|said|says|reports?|published)\b))"
)


def _content_after(sentence: str, position: int) -> int:
    """Where what was said begins after a verb: past time words, "that" and a colon."""
    while True:
        match = cues.TIME_WORDS.match(sentence, position)
        if match and match.end() > position:
            position = match.end()
            continue
        break
    match = re.compile(r"\s*(?:that\b|:)?\s*").match(sentence, position)
    return match.end() if match else position


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The comma-separated clause around ``sentence[start:end]``."""
    left = max(sentence.rfind(", ", 0, start), sentence.rfind("; ", 0, start), sentence.rfind(": ", 0, start))
    right_candidates = [i for i in (sentence.find(", ", end), sentence.find("; ", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(sentence)
    return (left + 2 if left != -1 else 0), right


def _support(actor: Actor, text: str, writer: bool) -> str:
    """A guess at the claim's support from its speaker and the cue words in its quote and frame."""
    if cues.DENIAL.search(text):
        return "denial"
    if actor.role == "state-media":
        return "state-media-report"
    if cues.ALLEGATION.search(text):
        return "official-allegation"
    if actor.role in ("witness", "media") or cues.UNVERIFIED.search(text):
        return "unverified-media"
    if actor.role == "analyst":
        return "analyst-speculation"
    if actor.role in ("unnamed", "writer") and (cues.HEDGE.search(text) or cues.UNATTRIBUTED.search(text)):
        return "analyst-speculation"
    if writer:
        return "opinion" if cues.JUDGEMENT.search(text) else "confirmed"
    return "official-statement"


@dataclass
class _Frame:
    speaker_start: int
    frame_end: int
    actor: Actor
    content: tuple[int, int]
    cue: str


def _frames(sentence: str, cast: Cast, skip: int) -> list[_Frame]:
    frames: list[_Frame] = []
    for match in cues.ACCORDING.finditer(sentence):
        speaker = _ACCORDING_SPEAKER.match(sentence, match.end())
        if not speaker:
            continue
        phrase = speaker.group(1).rstrip(".")
        acronym = re.search(r"\(([A-Z]{2,6})\)", phrase)
        actor = cast.speaker(acronym.group(1) if acronym else re.sub(r"\s*\(.*", "", phrase))
        if actor is cast.unnamed:
            continue
        before = sentence[: match.start()].rstrip()
        if before.rstrip(_QUOTE_OPEN + "\u201d\u2019").endswith(",") or len(before.split()) > 3:
            content = (skip, len(before))
        elif sentence[speaker.end() :].lstrip().startswith(","):  # "According to X, what X says."
            content = (sentence.find(",", speaker.end()) + 1, len(sentence))
        else:  # "The Bill, which according to X is supposed to ..., would ...": the clause X speaks in
            content = (speaker.end(), _clause(sentence, speaker.end(), speaker.end())[1])
        frames.append(_Frame(match.start(), speaker.end(), actor, content, match.group(0)))
    for match in cues.SAYING.finditer(sentence):
        if any(f.speaker_start <= match.start() < f.frame_end for f in frames):
            continue
        found = _speaker_before(sentence, match.start())
        if found is None:
            after = _SPEAKER_AFTER.match(sentence, match.end())
            before_text = sentence[: match.start()].rstrip()
            if after and before_text[-1:] in ",\u201d\"'\u2019" and before_text:
                actor = cast.speaker(after.group(1).strip())
                frames.append(_Frame(match.start(), after.end(), actor, (skip, len(before_text)), match.group(0)))
            continue
        start, phrase = found
        lowered = match.group(0).lower()
        if lowered.startswith(("show", "sees", "see", "regard", "view", "believ", "suggest")) and not re.search(
            r"[A-Z]", phrase
        ):
            continue  # "the data show", "experts believe" are fine, but "it shows" is no source
        actor = cast.speaker(phrase, context=sentence[:start])
        if actor is cast.unnamed:
            continue
        preceding = re.sub(r"\s*\b(?:the|a|an|The)$", "", sentence[:start].rstrip())
        start = len(preceding) if preceding != sentence[:start].rstrip() else start
        previous_word = preceding.split()[-1].lower() if preceding.split() else ""
        if previous_word in _RELATIVE:
            content = _clause(sentence, start, match.end())
        elif (preceding.rstrip(_QUOTE_OPEN).endswith(",") and len(preceding[skip:].split()) >= 4) or preceding.endswith(
            ("\u201d", '"', "\u2019")
        ):
            said_at = _content_after(sentence, match.end())
            rest = sentence[said_at:].lstrip(", ")
            if rest[:1] in _QUOTE_OPEN and len(rest.split()) >= 4:
                content = (len(sentence) - len(rest), len(sentence))
            else:
                content = (skip, len(preceding))
        else:
            said_at = _content_after(sentence, match.end())
            according = cues.ACCORDING.search(sentence, said_at)  # "X say Y, according to Z": Y is what X says
            content = (said_at, according.start() if according else len(sentence))
        frames.append(_Frame(start, match.end(), actor, content, match.group(0)))
    return frames


def _split_continuations(sentence: str, frame: _Frame) -> list[tuple[int, int, str]]:
    """The frame's content, cut where the same speaker goes on ("..., adding it had ...")."""
    start, end = frame.content
    pieces: list[tuple[int, int, str]] = []
    cuts = [m for m in cues.CONTINUING.finditer(sentence, start, end) if sentence[: m.start()].rstrip().endswith(",")]
    cuts += list(_SPLIT_CONTENT.finditer(sentence, start, end))
    cuts.sort(key=lambda m: m.start())
    for cut in cuts:
        if cut.start() <= start:
            continue
        pieces.append((start, cut.start(), frame.cue))
        start = cut.start() if cues.CONTINUING.fullmatch(cut.group(0)) else cut.end()
    pieces.append((start, end, frame.cue))
    return pieces


_UNATTRIBUTED_CUES = (cues.UNATTRIBUTED, cues.HEDGE, cues.ALLEGATION, cues.DENIAL, cues.JUDGEMENT, cues.PLANS)


_OPENING = re.compile(r"^[\"\u201c]")
_CLOSING = re.compile(r"[\"\u201d]")


def _speakers_of_quotes(paragraph: str, spans: list[tuple[int, int]], cast: Cast) -> dict[int, Actor]:
    """Sentences inside a quotation that runs over several sentences, with the speaker its closing frame names."""
    result: dict[int, Actor] = {}
    number = 0
    while number < len(spans):
        sentence = paragraph[spans[number][0] : spans[number][1]]
        if _OPENING.match(sentence) and not _CLOSING.search(sentence, 1):
            for later in range(number + 1, len(spans)):
                closing = paragraph[spans[later][0] : spans[later][1]]
                if _CLOSING.search(closing):
                    frames = _frames(closing, cast, 0)
                    if frames:
                        for inside in range(number, later):
                            result[inside] = frames[0].actor
                    number = later
                    break
        number += 1
    return result


def find_claims(paragraphs: list[str], cast: Cast, skip_first: int = 0) -> list[Candidate]:
    """Claim candidates of the article, in reading order; ``skip_first`` characters of paragraph 1 are its dateline."""
    candidates: list[Candidate] = []
    seen: set[tuple[int, int, int]] = set()

    def add(index: int, offset: int, sentence: str, start: int, end: int, actor: Actor, cue: str, frame: str):
        start, end = trim(sentence, start, end, leading_words=True)
        if len(sentence[start:end].split()) < 3:
            start, end = trim(sentence, 0, len(sentence))
        key = (index, offset + start, offset + end)
        if key in seen or any(
            c.paragraph == index and c.start <= offset + start and offset + end <= c.end and c.actor is actor
            for c in candidates
        ):
            return
        seen.add(key)
        text = sentence[start:end] + " " + frame
        support = _support(actor, text, writer=actor is cast.writer)
        if support == "confirmed" and not cues.PLANS.search(text):
            return
        actor.claims += 1
        candidates.append(Candidate(index, offset + start, offset + end, actor, support, cue))

    for index, paragraph in enumerate(paragraphs):
        spans = sentence_spans(paragraph)
        quoted_by = _speakers_of_quotes(paragraph, spans, cast)
        for number, (sentence_start, sentence_end) in enumerate(spans):
            sentence = paragraph[sentence_start:sentence_end]
            skip = max(0, skip_first - sentence_start) if index == 0 else 0
            frames = _frames(sentence, cast, skip)
            if not frames and number in quoted_by:
                # The first sentences of a quotation whose frame comes at its end ("...," the statement reads).
                add(index, sentence_start, sentence, skip, len(sentence), quoted_by[number], "quotation", "")
                continue
            covered: list[tuple[int, int]] = []
            for frame in frames:
                pieces = _split_continuations(sentence, frame)
                if len(pieces) > 1:  # "He condemned the action, saying ...": the bare object is no claim
                    pieces = [p for p in pieces if len(sentence[p[0] : p[1]].split()) >= 4] or pieces
                for start, end, cue in pieces:
                    add(index, sentence_start, sentence, start, end, frame.actor, cue, frame.cue)
                frame_clause_end = _clause(sentence, frame.speaker_start, frame.frame_end)[1]
                covered.append((min(frame.content[0], frame.speaker_start), max(frame.content[1], frame_clause_end)))
            clauses: set[tuple[int, int]] = set()
            for pattern in _UNATTRIBUTED_CUES:
                for match in pattern.finditer(sentence):
                    if any(a <= match.start() < b for a, b in covered):
                        continue
                    clause = _clause(sentence, match.start(), match.end())
                    if clause in clauses or len(clauses) >= 2:
                        continue
                    clauses.add(clause)
                    noun = cues.UNATTRIBUTED.search(sentence, clause[0], clause[1])
                    actor = cast.unnamed if noun else cast.writer
                    add(index, sentence_start, sentence, max(clause[0], skip), clause[1], actor, match.group(0), "")
    return candidates
