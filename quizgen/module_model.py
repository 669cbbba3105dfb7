"""The teaching-module parts of a lesson: references, teacher guide, pre-reading, lateral reading, discussion,
writing task, exit ticket and dated claim updates.

Every part is optional, so a lesson without them is still a valid quiz.  The
loader (:mod:`quizgen.module.checks`) checks the ids these parts refer to;
:mod:`quizgen.module` builds the printed and shown parts from them.
"""

from typing import Annotated, Literal

from pydantic import Field

from .fields import ShortText, Slug, Strict, Text

Url = Annotated[
    str,
    Field(pattern=r"^https?://[^\s]+$", max_length=2000, description="An http(s) address."),
]
PartialDate = Annotated[
    str,
    Field(
        pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
        description="YYYY-MM-DD, or YYYY-MM or YYYY when the day is not known.",
    ),
]
Day = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", description="YYYY-MM-DD.")]
ReferenceIds = Annotated[list[Slug], Field(description="Ids of entries under `references:`.")]

ACTIVITIES = (
    "before-reading",
    "reading",
    "annotation",
    "lateral-reading",
    "discussion",
    "quiz",
    "writing-task",
    "exit-ticket",
)
"""Activity ids a teacher-guide phase may name in ``uses:``, besides item and discussion-card ids."""

WRITING_TASK_ID = "writing-task"
"""The id of the open-response item a lesson's writing task becomes."""


class Reference(Strict):
    """An outside source the module cites: background, context cards, lateral reading, updates."""

    id: Slug
    outlet: ShortText = Field(description="Who published it, e.g. `Yonhap News Agency`.")
    title: ShortText
    url: Url | None = None
    date: PartialDate = Field(description="When it was published.")


class BackgroundFact(Strict):
    """One fact of teacher background, with the references it comes from."""

    text: Text = Field(description="Markdown (sanitised on output).")
    sources: ReferenceIds = Field(min_length=1, description="Ids of entries under `references:`, at least one.")


class Misconception(Strict):
    """A common misreading of the topic and what the text or sources actually show."""

    misconception: Text
    correction: Text = Field(description="What the text and sources actually show.")
    sources: ReferenceIds = []


Grouping = Literal["whole-class", "individual", "pairs", "small-groups"]


class Phase(Strict):
    """One step of the lesson plan: when, how long, how students are grouped and what happens."""

    period: int = Field(ge=1, le=6, description="Which class period (1-based index into `periods`).")
    minutes: int = Field(ge=1, le=300)
    title: ShortText
    grouping: Grouping = "whole-class"
    do: Text = Field(description="Markdown: what the teacher and students do.")
    uses: list[Slug] = Field(
        [],
        description="Activity ids (before-reading, reading, annotation, lateral-reading, discussion, quiz, "
        "writing-task, exit-ticket), discussion-card ids and item ids. Items named here are drawn in every variant.",
    )


class TeacherGuide(Strict):
    """The teacher's plan: periods, background, misconceptions, materials and the sequence of phases."""

    periods: list[Annotated[int, Field(ge=10, le=240)]] = Field(
        min_length=1, max_length=6, description="Minutes of each class period."
    )
    background: list[BackgroundFact] = []
    misconceptions: list[Misconception] = []
    materials: list[ShortText] = []
    sequence: list[Phase] = Field(min_length=1, description="The plan in order.")


class ContextCard(Strict):
    """Short, neutral background students read before the passage."""

    id: Slug
    title: ShortText
    text: Text = Field(description="Markdown, 1-4 sentences.")
    sources: ReferenceIds = []


class LessonImage(Strict):
    """A map or picture from the lesson's asset folder ``lessons/<lesson-id>/``."""

    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(png|jpe?g|gif|svg|webp)$", max_length=120)]
    alt: ShortText = Field(description="What the image shows, for readers who cannot see it.")
    caption: ShortText | None = None
    credit: ShortText | None = None


class AnticipationStatement(Strict):
    """A statement students agree or disagree with before and after reading."""

    id: Slug
    statement: ShortText
    after_reading: Text | None = Field(None, description="Markdown teacher note: what the passage shows.")
    paragraph: Slug | None = Field(None, description="Where the passage bears on it.")


class BeforeReading(Strict):
    """What students see before the passage: context cards, an image and an anticipation guide."""

    context_cards: list[ContextCard] = []
    image: LessonImage | None = None
    anticipation_guide: list[AnticipationStatement] = []


class PublisherCheck(Strict):
    """The first lateral-reading row: who is behind the outlet or article."""

    search_terms: list[ShortText] = Field(min_length=1)
    found: Text = Field(description="Markdown: who is behind the outlet/article, what is known of it.")
    sources: ReferenceIds = []


class ClaimCheck(Strict):
    """What checking one claim outside the article found."""

    claim: Slug = Field(description="An existing claim id.")
    search_terms: list[ShortText] = Field(min_length=1)
    found: Text = Field(description="Markdown: what other sources say.")
    checked: Day | None = Field(None, description="Defaults to `lateral_reading.checked`.")
    sources: ReferenceIds = []


class LateralReading(Strict):
    """The lateral-reading activity: the publisher row, then one row per claim, dated."""

    checked: Day = Field(description="The date the checks were made.")
    publisher: PublisherCheck
    claims: list[ClaimCheck] = []


class DiscussionCard(Strict):
    """An authored discussion prompt, added to the generated set."""

    id: Slug
    prompt: Text
    look_fors: list[ShortText] = Field(min_length=1, description="What the teacher listens for.")
    paragraph: Slug | None = None
    evidence: Text | None = Field(None, description="Verbatim quote from the paragraph; checked like every quote.")


Criterion = Literal["claim", "evidence", "reasoning", "sourcing"]


class AnalyticRow(Strict):
    """One criterion of an analytic rubric, with its levels from lowest to highest."""

    criterion: Criterion
    levels: list[ShortText] = Field(min_length=2, max_length=6, description='e.g. ["0: ...", "1: ...", "2: ..."].')


class WritingTask(Strict):
    """A claim-evidence-reasoning task every student gets, as an open-response item `writing-task`."""

    prompt: Text = Field(description="Markdown: the CER question.")
    paragraphs: list[Slug] = Field(min_length=1, description="Paragraphs students should draw on.")
    points: int = Field(8, ge=4, le=20)
    sample_answer: Text | None = None
    rubric: list[AnalyticRow] = Field([], description="Overrides the generated analytic rubric.")
    objective: Slug | None = Field(None, description="The objective the task assesses.")


class ExitTicket(Strict):
    """Items printed as half-sheets at the end of the lesson."""

    items: list[Slug] = Field(min_length=1, max_length=5, description="Item ids (hand-written or generated).")
    prompt: Text | None = Field(None, description="An extra open prompt, Markdown.")


ClaimStatus = Literal["confirmed", "retracted", "superseded", "disputed", "still-unverified"]


class ClaimUpdate(Strict):
    """A dated later development of a claim."""

    date: PartialDate
    status: ClaimStatus
    text: Text = Field(description="Markdown: what changed.")
    sources: ReferenceIds = []
