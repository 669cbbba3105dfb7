"""``quizgen draft``: a lesson skeleton from a raw article, by rules (no network, no language model).

:func:`draft_lesson` reads the article (:mod:`.article`), finds claim
candidates and their speakers (:mod:`.claims`, :mod:`.actors`), time
expressions (:mod:`.timeline`) and rare terms (:mod:`.glossary`), and writes
lesson YAML (:mod:`.writer`) in which every quote is a slice of a paragraph,
so it is verbatim by construction.  What only a person can write is marked
``TODO``; ``quizgen validate`` lists each as a warning.  The result depends
on the input alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import Cast, slug
from .article import MAX_PARAGRAPHS, Article, DraftError, Paragraph, read_article
from .claims import Candidate, find_claims
from .glossary import TermCandidate, find_terms
from .sentences import sentence_spans
from .timeline import EventCandidate, find_events
from .writer import YamlWriter

__all__ = ["Draft", "DraftError", "draft_lesson"]

TODO = "TODO"
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\-]+(?:\s[A-Z][A-Z.'\-]+)*"
    rf"(?:,\s*(?!{_MONTHS}\s+\d)[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+\.?)?)?)"
    rf"(?:,\s*(?P<date>{_MONTHS}\s+\d{{1,2}}(?:,\s*\d{{4}})?))?"
    r"(?:\s*(?:\((?P<agency>[^)]{2,40})\)|\.\s*/(?P<slashed>[A-Za-z][\w .-]{1,30})/\.?))?\s*(?:[\u2014\u2013-]{1,2}\s+|(?<=\.)\s+)"
)


@dataclass
class Draft:
    """A drafted lesson: its slug, its YAML text and what was found (for the command's summary)."""

    slug: str
    yaml: str
    claims: list[Candidate]
    actors: int
    events: list[EventCandidate]
    terms: list[TermCandidate]


def _lesson_slug(article: Article, name: str) -> str:
    stem = re.sub(r"\.[A-Za-z]+$", "", name.rsplit("/", 1)[-1]) if name not in ("-", "") else ""
    words = re.findall(r"[A-Za-z0-9]+", article.headline or "")
    source = "-".join(words[:6]) if words else stem
    return slug(source or "draft") if (words or stem) else "draft"


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def _syllables(word: str) -> int:
    """Syllables of an English word, counted as vowel groups less a silent final e (the usual readability rule)."""
    word = word.lower()
    count = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def _reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level of a paragraph."""
    words = re.findall(r"[A-Za-z]+(?:['\u2019][a-z]+)?", text)
    if not words:
        return 0.0
    sentences = max(1, len(re.findall(r"[.!?]+(?=\s|$|[\"\u201d'\u2019)])", text)))
    syllables = sum(_syllables(word) for word in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


# A lesson paragraph holds at most 4,000 characters; longer ones are cut between sentences (each part verbatim).
PARAGRAPH_LIMIT = 4000


def _within_limit(paragraphs: list[Paragraph]) -> list[Paragraph]:
    result: list[Paragraph] = []
    for paragraph in paragraphs:
        text, heading = paragraph.text, paragraph.heading
        while len(text) > PARAGRAPH_LIMIT:
            ends = [end for _, end in sentence_spans(text) if end <= PARAGRAPH_LIMIT]
            cut = ends[-1] if ends and ends[-1] > PARAGRAPH_LIMIT // 4 else text.rfind(" ", 0, PARAGRAPH_LIMIT)
            if cut <= 0:
                cut = PARAGRAPH_LIMIT
            result.append(Paragraph(text[:cut].strip(), heading))
            text, heading = text[cut:].strip(), None
        if text:
            result.append(Paragraph(text, heading))
    if len(result) > MAX_PARAGRAPHS:
        raise DraftError(
            f"the article has {len(result)} paragraphs; a lesson holds at most {MAX_PARAGRAPHS}: "
            "split it into several lessons"
        )
    return result


def draft_lesson(raw: bytes, name: str = "article.txt", slug_override: str | None = None) -> Draft:
    """Draft a lesson from an article given as bytes; ``name`` tells the format (.txt, .md, .html, "-")."""
    article = read_article(raw, name)
    article.paragraphs = _within_limit(article.paragraphs)
    texts = [p.text for p in article.paragraphs]
    dateline = _DATELINE.match(texts[0])
    skip_first = dateline.end() if dateline else 0
    if dateline and len(texts[0]) - skip_first < 3:
        skip_first = 0
    agency = (dateline.group("agency") or dateline.group("slashed")) if dateline else None
    outlet = article.outlet or agency
    cast = Cast("\n".join(texts), outlet or "The article's writer")
    cast.scan()
    claims = find_claims(texts, cast, skip_first)
    events = find_events(texts, skip_first)
    terms = find_terms(texts)
    lesson_slug = slug_override or _lesson_slug(article, name)
    writer = YamlWriter()
    _write_head(writer, article, lesson_slug, dateline, outlet, agency, cast)
    _write_paragraphs(writer, article)
    _write_actors(writer, cast, claims)
    _write_claims(writer, claims, texts)
    ordered = _write_timeline(writer, events, texts)
    _write_glossary(writer, terms, texts)
    _write_generators(writer, claims, ordered)
    return Draft(lesson_slug, writer.text(), claims, len(_used_actors(cast, claims)), events, terms)


def _write_head(
    writer: YamlWriter, article: Article, lesson_slug: str, dateline, outlet, agency: str | None, cast: Cast
) -> None:
    writer.raw("# yaml-language-server: $schema=../docs/lesson.schema.json")
    writer.comment(
        "Drafted by `quizgen draft`. Every quote below is copied from the article; every claim, actor, event and "
        "term is a candidate: delete what you would not teach, fix speakers and support levels, and replace each "
        "TODO (`quizgen validate` lists them as warnings). docs/authoring.md, section 'Start from an article', "
        "walks through it."
    )
    writer.blank()
    writer.key("id", lesson_slug)
    writer.key("title", article.headline or f"{TODO}: the lesson's title")
    writer.key("level", f"{TODO}: who the lesson is for, e.g. Grades 9-10")
    writer.key("language", "en")
    writer.key("estimated_minutes", 30)
    writer.blank()
    writer.key("objectives")
    writer.key("id", "weigh-claims", item=True, indent=2)
    writer.key("text", f"{TODO}: what students should be able to do after this lesson", indent=4)
    writer.blank()
    writer.key("source")
    writer.key("headline", article.headline or f"{TODO}: the article's headline", indent=2)
    writer.key("outlet", outlet or f"{TODO}: the outlet that published the article", indent=2)
    if dateline:
        writer.key("dateline", dateline.group("place"), indent=2)
    date = (dateline.group("date") if dateline else None) or article.date
    if date:
        writer.key("date", date, indent=2)
    if article.url:
        writer.key("url", article.url, indent=2)
    cites = sorted(
        {
            _short_name(actor)
            for actor in cast.actors.values()
            if actor.role in ("state-media", "media") and actor.claims
        }
        | ({agency} if agency else set())
    )
    if cites:
        writer.flow_list("cites", cites, indent=2)
    writer.blank()


def _short_name(actor) -> str:
    return actor.aliases[0] if actor.aliases and "(" in actor.name else actor.name


def _write_paragraphs(writer: YamlWriter, article: Article) -> None:
    writer.comment("The article, one entry per paragraph, verbatim. Reading level: Flesch-Kincaid grade.")
    writer.key("paragraphs")
    for number, paragraph in enumerate(article.paragraphs, 1):
        writer.comment(f"reading level: grade {_reading_grade(paragraph.text):.1f}", indent=2)
        writer.key("id", f"p{number}", item=True, indent=2)
        if paragraph.heading:
            writer.key("heading", paragraph.heading[:400], indent=4)
        writer.key("text", paragraph.text, indent=4)
    writer.blank()


def _used_actors(cast: Cast, claims: list[Candidate]) -> list:
    used = {id(c.actor) for c in claims}
    actors = [a for a in cast.actors.values() if id(a) in used or a is cast.writer or a.kind in ("person", "country")]
    if any(c.actor is cast.unnamed for c in claims):
        actors.append(cast.unnamed)
    return actors


def _write_actors(writer: YamlWriter, cast: Cast, claims: list[Candidate]) -> None:
    writer.comment(
        "Actors: the speakers of the claims below and the people and countries they name. Check each kind "
        "(person, country, government-body, company, organisation, alliance, media-outlet, group)."
    )
    writer.key("actors")
    for actor in _used_actors(cast, claims):
        writer.key("id", actor.id, item=True, indent=2)
        writer.key("name", actor.name, indent=4)
        writer.key("kind", actor.kind, indent=4)
        if not actor.named:
            writer.raw("    named: false")
        aliases = [a for a in dict.fromkeys(actor.aliases) if a != actor.name]
        if aliases:
            writer.flow_list("aliases", aliases, indent=4)
        if actor is cast.writer:
            writer.key("description", "The outlet that wrote the article", indent=4)
    writer.blank()


def _write_claims(writer: YamlWriter, claims: list[Candidate], texts: list[str]) -> None:
    writer.comment(
        "Claim candidates, from the words that attribute, hedge, deny or judge (the cue). `text` is the quote: "
        "say it in plain words. Support is a guess: confirmed, official-statement, state-media-report, "
        "official-allegation, denial, unverified-media, analyst-speculation or opinion."
    )
    writer.key("claims")
    used: set[str] = set()
    for candidate in claims:
        evidence = candidate.evidence(texts)
        claim_id = _unique(slug(" ".join(re.findall(r"[A-Za-z0-9]+", evidence)[:5])), used)
        writer.comment(f"cue: {candidate.cue!r}", indent=2)
        writer.key("id", claim_id, item=True, indent=2)
        writer.key(
            "text", evidence[:1].upper() + evidence[1:] + ("" if evidence.endswith((".", "?", "!")) else "."), indent=4
        )
        writer.key("asserted_by", candidate.actor.id, indent=4)
        writer.key("support", candidate.support, indent=4)
        writer.key("paragraph", f"p{candidate.paragraph + 1}", indent=4)
        writer.key("evidence", evidence, indent=4)
        writer.key("corroborate", f"{TODO}: a step that would confirm or refute this claim independently", indent=4)
    if not claims:
        writer.lines[-1] = "claims: []"
    writer.blank()


def _unique(base: str, used: set[str]) -> str:
    candidate, number = base or "item", 2
    while candidate in used:
        candidate = f"{base}-{number}"
        number += 1
    used.add(candidate)
    return candidate


def _write_timeline(writer: YamlWriter, events: list[EventCandidate], texts: list[str]) -> int:
    fixed = sorted((e for e in events if e.date is not None), key=lambda e: (e.date, e.paragraph, e.start))
    writer.comment(
        "Timeline candidates whose date the article fixes, earliest first (the timeline generators trust this "
        "order). `text` is the quote: shorten it to what happened."
    )
    writer.key("timeline")
    used: set[str] = set()
    for event in fixed:
        evidence = texts[event.paragraph][event.start : event.end]
        writer.key("id", _unique(slug(event.when), used), item=True, indent=2)
        writer.key("when", event.when, indent=4)
        writer.key("text", evidence[:400], indent=4)
        writer.key("paragraph", f"p{event.paragraph + 1}", indent=4)
        writer.key("evidence", evidence, indent=4)
    if not fixed:
        writer.lines[-1] = "timeline: []"
    loose = [e for e in events if e.date is None]
    if loose:
        writer.comment(
            "Time expressions the article does not place on a calendar; add one above when you can tell where it goes:"
        )
        for event in loose:
            evidence = texts[event.paragraph][event.start : event.end]
            writer.comment(f"p{event.paragraph + 1} {event.when!r}: {evidence[:160]}")
    writer.blank()
    return len(fixed)


def _write_glossary(writer: YamlWriter, terms: list[TermCandidate], texts: list[str]) -> None:
    writer.comment("Glossary candidates: the article's rarest words. Keep the ones students need, and define them.")
    writer.key("glossary")
    used: set[str] = set()
    for term in terms:
        writer.key("id", _unique(slug(term.term), used), item=True, indent=2)
        writer.key("term", term.term, indent=4)
        writer.key("definition", f"{TODO}: what '{term.term}' means in this article", indent=4)
        writer.key("paragraph", f"p{term.paragraph + 1}", indent=4)
        writer.key("evidence", texts[term.paragraph][term.start : term.end], indent=4)
    if not terms:
        writer.lines[-1] = "glossary: []"
    writer.blank()


def _write_generators(writer: YamlWriter, claims: list[Candidate], ordered_events: int) -> None:
    writer.comment(
        "Generators build questions from the facts above. More: claim_verification (once each corroborate is "
        "written), glossary_definition and glossary_matching (once definitions are written), cloze, actor_action."
    )
    writer.key("generators")
    if claims:
        writer.raw("  claim_support: {}")
        writer.raw("  claim_source: {}")
    if ordered_events >= 2:
        writer.raw("  timeline_before_after: {}")
    if not claims and ordered_events < 2:
        writer.lines[-1] = "generators: {}"
