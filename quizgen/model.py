"""The lesson model: what an author writes in ``lessons/<slug>.yaml``.

Every class here is a pydantic model that forbids unknown keys, so a
misspelled key is reported instead of silently ignored.  The same models
describe hand-written questions and the items the generators build, so the
web quiz, the PDF worksheets and grading see one shape.

The JSON Schema that editors use (``docs/lesson.schema.json``) is generated
from these classes by ``quizgen schema``.
"""

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from .fields import SafeUrl, ShortText, Skill, Slug, Strict, Text, Trace  # noqa: F401 - Trace re-exported
from .items import (  # noqa: F401 - re-exported: question types live in quizgen.items
    QUESTION_TYPES,
    Citation,
    Cloze,
    LintIgnore,
    Matching,
    MultipleSelect,
    OpenResponse,
    Ordering,
    Pair,
    Question,
    QuestionBase,
    RubricLevel,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from .labels import SKILL_LABELS  # noqa: F401 - re-exported: the CLI, critic and reports read it here
from .module_model import (
    BeforeReading,
    ClaimUpdate,
    Day,
    DiscussionCard,
    ExitTicket,
    LateralReading,
    Reference,
    TeacherGuide,
    WritingTask,
)


class Support(str, Enum):
    """What kind of statement a claim is, as the article presents it, from strongest support to weakest."""

    confirmed = "confirmed"
    official_statement = "official-statement"
    state_media_report = "state-media-report"
    official_allegation = "official-allegation"
    denial = "denial"
    unverified_media = "unverified-media"
    analyst_speculation = "analyst-speculation"
    opinion = "opinion"


class Objective(Strict):
    """A learning objective, optionally tied to standard codes (e.g. ``RI.8.8``, ``D3.1``)."""

    id: Slug
    text: Text
    standards: list[Annotated[str, Field(min_length=1, max_length=40)]] = []


class Source(Strict):
    """Where the reading passage comes from."""

    headline: ShortText
    outlet: ShortText | None = Field(
        None, description="Leave out when the article names no outlet; pages then say the outlet is not named."
    )
    dateline: ShortText | None = None
    date: ShortText | None = Field(None, description="As printed, e.g. `2024-11-15` or `November 15`.")
    url: SafeUrl | None = None
    cites: list[ShortText] = Field([], description="Agencies the article relies on, e.g. KCNA.")


class Paragraph(Strict):
    """One paragraph of the reading passage; its id is how questions cite it."""

    id: Slug
    heading: ShortText | None = Field(None, description="A section heading shown above the paragraph.")
    text: Text = Field(description="Markdown (sanitised on output).")


RuleName = Literal[
    "claim_source",
    "claim_support",
    "claim_verification",
    "claim_classification",
    "timeline_order",
    "timeline_before_after",
    "glossary_matching",
    "glossary_definition",
    "actor_action",
    "cloze",
]
_EXCLUDE_FROM = (
    "Generators that must not use this entry (e.g. `[claim_source]` for a claim whose speaker the article leaves "
    "ambiguous); the other generators still do."
)


class GlossaryEntry(Strict):
    """A term students should know, with the sentence where the passage uses it."""

    id: Slug
    term: ShortText
    definition: Text
    paragraph: Slug
    evidence: Text = Field(description="Words quoted verbatim from the paragraph.")
    distractors: list[ShortText] = Field(
        [],
        description="Wrong meanings of this same term (another sense of the word, a near miss, a misreading of "
        "the context), worded like the definition; the which-definition item needs two.",
    )
    exclude_from: list[RuleName] = Field([], description=_EXCLUDE_FROM)


class Action(Strict):
    """Something an actor did according to the passage."""

    text: ShortText = Field(description="What the actor did, without naming the actor.")
    paragraph: Slug
    evidence: Text
    exclude_from: list[RuleName] = Field([], description=_EXCLUDE_FROM)


ActorKind = Literal[
    "person",
    "country",
    "government-body",
    "company",
    "organisation",
    "alliance",
    "media-outlet",
    "group",
    "state",
    "agency",
    "media",
    "analyst",
]
# Earlier lessons used these kinds; they still load and mean the same as the new names.
_OLD_KINDS = {"state": "country", "agency": "government-body", "media": "media-outlet", "analyst": "person"}
PERSON_KINDS = frozenset({"person"})


class Actor(Strict):
    """A person, country, body or group that appears in the passage."""

    id: Slug
    name: ShortText
    kind: ActorKind = Field(
        "person",
        description="What sort of actor this is; wrong answers to 'who?' are drawn "
        "only from actors of the same kind. `state`, `agency`, `media` and "
        "`analyst` are older names for country, government-body, "
        "media-outlet and person.",
    )
    named: bool = Field(
        True,
        description='false when the article names no one ("there are allegations", '
        '"analysts suggest"): questions then say that no source is named.',
    )
    aliases: list[ShortText] = Field([], description="Other names the passage uses for this actor, e.g. `Pyongyang`.")
    writer: bool = Field(
        False,
        description="true for the article's own writer when `source.outlet` is not given (the article names no "
        "outlet): claims the article makes without a source are credited to this actor.",
    )
    in_sentence: ShortText | None = Field(
        None,
        description="The name as it reads inside a sentence, when that differs from `name` in more than a leading "
        "The/A/An (which is lower-cased without being asked): e.g. `The Hague` stays `The Hague` only if you say so.",
    )
    description: ShortText | None = None
    part_of: Slug | None = Field(
        None,
        description="Id of the actor this one speaks or acts for (e.g. KCNA for North Korea): "
        "the two are never offered as wrong answers for each other.",
    )
    actions: list[Action] = []

    @field_validator("kind")
    @classmethod
    def _current_kind(cls, kind: str) -> str:
        return _OLD_KINDS.get(kind, kind)

    @property
    def names(self) -> list[str]:
        """The actor's name and every alias."""
        return [self.name, *self.aliases]

    @property
    def sentence_name(self) -> str:
        """The name inside a sentence: "attributes this claim to the Finnish coast guard", not "to The Finnish ..."."""
        return self.in_sentence or mid_sentence(self.name)


# Words that start a description rather than a proper name ("Some residents", "Unnamed analysts").
_LEADING_WORDS = frozenset({"The", "A", "An", "Some", "Several", "Many", "Unnamed", "One", "Two", "Three"})


def mid_sentence(name: str) -> str:
    """A name as written inside a sentence: "The Finnish coast guard" becomes "the Finnish coast guard"."""
    first, _, rest = name.partition(" ")
    if first in _LEADING_WORDS and rest:
        return f"{first.lower()} {rest}"
    return name


class Claim(Strict):
    """A statement made in or reported by the passage, with who makes it and how well it is supported."""

    id: Slug
    text: Text = Field(description="The claim in plain words.")
    asserted_by: Slug = Field(description="Id of the actor who makes the claim.")
    support: Support
    paragraph: Slug
    evidence: Text = Field(description="Words quoted verbatim from the paragraph.")
    corroborate: Text = Field(description="What would confirm or refute it independently.")
    signal: ShortText | None = Field(
        None,
        description="The words in the evidence that show what kind of statement it "
        'is ("suggestions", "said to show", "denied"); found '
        "automatically when left out.",
    )
    weak_checks: list[ShortText] = Field(
        [],
        description="Weak or irrelevant ways of checking this same claim, offered as "
        "wrong answers to 'which step would best check it?'.",
    )
    exclude_from: list[RuleName] = Field([], description=_EXCLUDE_FROM)
    updates: list[ClaimUpdate] = Field([], description="Dated later developments of the claim, newest last.")


class Event(Strict):
    """A dated event; timeline items are built from these in the order written."""

    id: Slug
    when: ShortText = Field(description="As the passage gives it, e.g. `August` or `2022`.")
    text: ShortText
    paragraph: Slug
    evidence: Text
    exclude_from: list[RuleName] = Field([], description=_EXCLUDE_FROM)


class Blank(Strict):
    """A marked sentence for cloze items: ``[[answer]]`` or ``[[answer|alternative]]`` marks a blank."""

    id: Slug
    paragraph: Slug
    sentence: Text
    exclude_from: list[RuleName] = Field([], description=_EXCLUDE_FROM)


class GeneratorSettings(Strict):
    """Settings shared by every generator."""

    max_items: int | None = Field(None, ge=0, le=200, description="Keep at most this many items from this rule.")
    objective: Slug | None = None
    topic: Slug | None = Field(None, description="Overrides the rule's default topic.")
    skill: Skill | None = Field(None, description="Overrides the rule's default skill tag.")
    points: int = Field(1, ge=1, le=20)


class GroupSettings(GeneratorSettings):
    """Settings for generators that put several facts in one item."""

    size: int = Field(4, ge=2, le=8, description="Facts per item.")


class Generators(Strict):
    """Which generators run for this lesson; leave one out to turn it off."""

    @model_validator(mode="before")
    @classmethod
    def _empty_means_defaults(cls, data):
        # `claim_source:` with nothing after it names the generator: run it with its defaults.
        if isinstance(data, dict):
            return {key: {} if value is None else value for key, value in data.items()}
        return data

    claim_source: GeneratorSettings | None = Field(None, description="Who asserts this claim?")
    claim_support: GeneratorSettings | None = Field(None, description="How well supported is this claim?")
    claim_verification: GeneratorSettings | None = Field(None, description="Which step would best verify this claim?")
    claim_classification: GroupSettings | None = Field(
        None, description="Match statements to report / allegation / speculation / opinion."
    )
    timeline_order: GroupSettings | None = Field(None, description="Put events in order.")
    timeline_before_after: GeneratorSettings | None = Field(None, description="Did A happen before B?")
    glossary_matching: GroupSettings | None = Field(None, description="Match terms to definitions.")
    glossary_definition: GeneratorSettings | None = Field(None, description="Which definition fits this term?")
    actor_action: GeneratorSettings | None = Field(None, description="Who did this?")
    cloze: GeneratorSettings | None = Field(None, description="Fill the blanks in the marked sentences.")


class Blueprint(Strict):
    """How many items each drawn quiz takes per objective and per topic."""

    objectives: dict[Slug, Annotated[int, Field(ge=1, le=200)]] = {}
    topics: dict[Slug, Annotated[int, Field(ge=1, le=200)]] = {}


class Lesson(Strict):
    """A whole lesson: reading passage, its structure, questions and generator settings."""

    id: Slug
    title: ShortText
    level: ShortText = Field(description="e.g. `Grades 9-12`.")
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = Field(
        description="BCP 47 tag, e.g. `en` or `ko`."
    )
    estimated_minutes: int = Field(ge=1, le=600)
    summary: Text | None = None
    quiz_length: int | None = Field(
        None, ge=1, le=200, description="Items a quiz draws when no count is asked for (default: every item)."
    )
    blueprint: Blueprint | None = Field(None, description="Items per objective and topic in every drawn quiz.")
    objectives: list[Objective] = Field(min_length=1)
    source: Source
    paragraphs: list[Paragraph] = Field(min_length=1, max_length=200)
    glossary: list[GlossaryEntry] = []
    actors: list[Actor] = []
    claims: list[Claim] = []
    timeline: list[Event] = []
    blanks: list[Blank] = Field([], description="Marked sentences for cloze items.")
    questions: list[Question] = []
    generators: Generators = Generators()
    references: list[Reference] = Field([], description="Every outside source the teaching module cites.")
    teacher_guide: TeacherGuide | None = Field(None, description="The teacher's plan, background and materials.")
    before_reading: BeforeReading | None = Field(
        None, description="Context cards, an image and an anticipation guide for before reading."
    )
    lateral_reading: LateralReading | None = Field(
        None, description="What checking the publisher and each claim outside the article found."
    )
    discussion: list[DiscussionCard] = Field([], description="Authored discussion cards, added to the generated set.")
    writing_task: WritingTask | None = Field(
        None, description="A claim-evidence-reasoning task: an open-response item `writing-task` in every variant."
    )
    exit_ticket: ExitTicket | None = Field(None, description="Items printed as exit-ticket half-sheets.")
    checked: Day | None = Field(
        None, description="When the lesson's claims were last re-checked against sources (YYYY-MM-DD)."
    )

    # Each index is kept with the list it was built from (see _index); other modules cache what they work out
    # from the lesson in _derived.
    _indexes: dict[str, tuple[list[Any], dict[str, Any]]] = PrivateAttr(default_factory=dict)
    _derived: dict[str, object] = PrivateAttr(default_factory=dict)

    def paragraph(self, paragraph_id: str) -> Paragraph:
        """Return the paragraph with this id (the loader guarantees it exists)."""
        return self._index("paragraphs")[paragraph_id]

    def paragraph_number(self, paragraph_id: str) -> int:
        """1-based position of a paragraph, as printed beside the passage."""
        return list(self._index("paragraphs")).index(paragraph_id) + 1

    def actor(self, actor_id: str) -> Actor:
        """Return the actor with this id."""
        return self._index("actors")[actor_id]

    def objective(self, objective_id: str) -> Objective:
        """Return the objective with this id."""
        return self._index("objectives")[objective_id]

    def _index(self, field: str) -> dict[str, Any]:
        # Kept with the list it indexes: a model_copy that replaces the list gets a fresh index, not a stale one.
        entries = getattr(self, field)
        cached = self._indexes.get(field)
        if cached is None or cached[0] is not entries:
            cached = (entries, {entry.id: entry for entry in entries})
            self._indexes[field] = cached
        return cached[1]
