"""The discussion set: cards generated from the lesson's claims and their support, then the author's own.

A card is generated for what a careful reader should stop at: a claim with no named source, an allegation set
against a denial, an opinion stated as fact, a state-media report, a guess presented as news, and whose
perspective the article leaves out.  Every look-for quotes the words students should point to, with the
paragraph they are in.  Wording follows the current interface language (:func:`quizgen.labels.use_language`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..generate.signals import signal_words
from ..labels import N_, gettext
from ..model import Claim, Lesson, Support

MISSING_PERSPECTIVE_ID = "disc-missing-perspective"

KIND_LABELS = {
    "unnamed-source": N_("No named source"),
    "allegation-denial": N_("Allegation and denial"),
    "opinion": N_("Opinion or fact?"),
    "state-media": N_("Who is behind it?"),
    "evidence": N_("What is the evidence?"),
    "missing-perspective": N_("Missing perspective"),
    "authored": N_("Discussion"),
}


@dataclass(frozen=True)
class Card:
    """One discussion card: the prompt for students and what the teacher listens for."""

    id: str
    kind: str
    prompt: str
    look_fors: tuple[str, ...]
    paragraph: str | None = None
    evidence: str | None = None

    @property
    def label(self) -> str:
        """What kind of card this is, in the current language."""
        return gettext(KIND_LABELS[self.kind])


def card_id(claim: Claim) -> str:
    """The id of the card generated from a claim."""
    return f"disc-{claim.id}"


def discussion_ids(lesson: Lesson) -> list[str]:
    """Ids of every card, generated and authored, as the teacher guide's ``uses:`` may name them."""
    return [card.id for card in discussion_set(lesson)]


def _where(lesson: Lesson, claim: Claim) -> str:
    return gettext(
        "\u201c%(quote)s\u201d (\u00b6%(number)s)",
        quote=claim.evidence,
        number=lesson.paragraph_number(claim.paragraph),
    )


def _denials(lesson: Lesson) -> dict[str, Claim]:
    """Each denial paired with the allegation nearest to it in the passage: allegation id -> denial."""
    allegations = [c for c in lesson.claims if c.support is Support.official_allegation]
    pairs: dict[str, Claim] = {}
    for denial in (c for c in lesson.claims if c.support is Support.denial):
        position = lesson.paragraph_number(denial.paragraph)
        free = [c for c in allegations if c.id not in pairs]
        if free:
            nearest = min(
                free,
                key=lambda c: (
                    abs(lesson.paragraph_number(c.paragraph) - position),
                    -lesson.paragraph_number(c.paragraph),
                ),
            )
            pairs[nearest.id] = denial
    return pairs


def discussion_set(lesson: Lesson) -> list[Card]:
    """Generated cards in claim order, then the missing-perspective card, then the author's cards."""
    cards: list[Card] = []
    denials = _denials(lesson)
    paired = {denial.id for denial in denials.values()}
    for claim in lesson.claims:
        if claim.id in paired:
            continue
        card = _claim_card(lesson, claim, denials)
        if card is not None:
            cards.append(card)
    missing = _missing_perspective(lesson)
    if missing is not None:
        cards.append(missing)
    authored = [
        Card(card.id, "authored", card.prompt, tuple(card.look_fors), card.paragraph, card.evidence)
        for card in lesson.discussion
    ]
    taken = {card.id for card in authored}
    return [card for card in cards if card.id not in taken] + authored


def _pointer(message: str, signal: str | None, where: str) -> str:
    """A look-for quoting the signal words in their place, or the quote alone when no signal words are known."""
    if signal:
        return gettext(message, words=signal, where=where)
    return gettext("Students point to the words that show it: %(where)s.", where=where)


def _claim_card(lesson: Lesson, claim: Claim, denials: dict[str, Claim]) -> Card | None:
    actor = lesson.actor(claim.asserted_by)
    where = _where(lesson, claim)
    signal = signal_words(lesson, claim)
    check = gettext("Students suggest an independent check, such as: %(check)s", check=claim.corroborate)
    if not actor.named:
        return Card(
            card_id(claim),
            "unnamed-source",
            gettext(
                "The article says: %(where)s. Who is the source of this, and what would you need to know before "
                "you believe it?",
                where=where,
            ),
            (
                gettext("Students notice that no source is named: %(where)s.", where=where),
                gettext(
                    "Students say why an unnamed source is hard to weigh: we cannot ask who they are or how they know."
                ),
                check,
            ),
            claim.paragraph,
            claim.evidence,
        )
    if claim.support is Support.official_allegation:
        denial = denials.get(claim.id)
        if denial is not None:
            other = lesson.actor(denial.asserted_by)
            return Card(
                card_id(claim),
                "allegation-denial",
                gettext(
                    "An allegation from %(accuser)s, a denial from %(denier)s: how should a reader weigh the two?",
                    accuser=actor.sentence_name,
                    denier=other.sentence_name,
                ),
                (
                    gettext("The allegation: %(where)s.", where=where),
                    gettext("The denial: %(where)s.", where=_where(lesson, denial)),
                    gettext(
                        "Students see that neither statement proves anything by itself: each side has a "
                        "reason to say what it says."
                    ),
                    check,
                ),
                claim.paragraph,
                claim.evidence,
            )
    if claim.support is Support.opinion:
        return Card(
            card_id(claim),
            "opinion",
            gettext("Is this a fact or an opinion? %(where)s", where=where),
            (
                _pointer(
                    N_("Students find the words that show a judgement: \u201c%(words)s\u201d in %(where)s."),
                    signal,
                    where,
                ),
                gettext("Students name whose opinion it is: %(actor)s.", actor=actor.name),
                gettext("Students say what fact could be checked instead, and how: %(check)s", check=claim.corroborate),
            ),
            claim.paragraph,
            claim.evidence,
        )
    if claim.support is Support.state_media_report:
        return Card(
            card_id(claim),
            "state-media",
            gettext(
                "This report comes from %(actor)s: %(where)s. Who runs it, and why might it want readers to "
                "believe this?",
                actor=actor.name,
                where=where,
            ),
            (
                _pointer(
                    N_("Students point to the words that show the source: \u201c%(words)s\u201d in %(where)s."),
                    signal,
                    where,
                ),
                gettext("Students say that a government's own media report what the government wants known."),
                check,
            ),
            claim.paragraph,
            claim.evidence,
        )
    if claim.support in (Support.analyst_speculation, Support.unverified_media):
        return Card(
            card_id(claim),
            "evidence",
            gettext("What evidence does the article give for this? %(where)s", where=where),
            (
                _pointer(
                    N_("Students find the words that show it is not established: \u201c%(words)s\u201d in %(where)s."),
                    signal,
                    where,
                ),
                gettext("Students tell a guess or an unconfirmed report from a confirmed fact."),
                check,
            ),
            claim.paragraph,
            claim.evidence,
        )
    return None


def _missing_perspective(lesson: Lesson) -> Card | None:
    if not lesson.claims:
        return None
    speakers = {claim.asserted_by for claim in lesson.claims}
    quoted = [lesson.actor(actor_id).name for actor_id in dict.fromkeys(c.asserted_by for c in lesson.claims)]
    silent = [
        actor.name
        for actor in lesson.actors
        if actor.id not in speakers and actor.named and actor.kind not in ("media-outlet",)
    ]
    first = lesson.claims[0]
    look_fors = [gettext("Students list whose claims the article reports: %(names)s.", names=", ".join(quoted))]
    if silent:
        look_fors.append(
            gettext("Students notice who is mentioned but never heard: %(names)s.", names=", ".join(silent[:6]))
        )
    look_fors.append(
        gettext(
            "Students suggest where to find the missing view (that side's own statements, other countries' "
            "media, independent experts)."
        )
    )
    return Card(
        MISSING_PERSPECTIVE_ID,
        "missing-perspective",
        gettext("Whose side of the story is missing from this article, and where could you find it?"),
        tuple(look_fors),
        first.paragraph,
        None,
    )
