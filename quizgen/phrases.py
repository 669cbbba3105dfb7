"""The wording of generated questions, per lesson language.

Generators fill these templates with the author's facts, so a Korean lesson
gets Korean stems and explanations.  A language without a table here uses
English; add a table to support another language (every key of ``en`` is
needed, and a test checks that).
"""

from __future__ import annotations

from .model import Support

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "claim_source.stem": "According to the article, who is the source of this claim: {claim}",
        "claim_source.explanation": "The article attributes this claim to {actor}.",
        "claim_support.stem": "How well supported is this claim, as the article presents it? {claim}",
        "claim_support.explanation": "{level}: the article's source for it is {actor}. To check it: {corroborate}",
        "claim_verification.stem": "Which step would best check this claim from the article? {claim}",
        "claim_verification.explanation": "The claim comes from {actor}; an independent check is: {corroborate}",
        "claim_classification.stem": "Classify each statement from the article by what kind of statement it is{set}.",
        "claim_classification.explanation": "Look at who says each thing and on what basis: {list}.",
        "claim_classification.entry": "{claim} is {kind} (\u00b6{paragraph}: {evidence})",
        "timeline_order.stem": "Put these events in the order they happened, earliest first{set}.",
        "timeline_order.explanation": "The order is: {list}.",
        "timeline_before_after.stem": "True or false: according to the article, {first} happened before {second}.",
        "timeline_before_after.explanation": "{earlier_when}: {earlier}; then {later_when}: {later}.",
        "glossary_matching.stem": "Match each term from the article to its meaning{set}.",
        "glossary_definition.stem": "As used in the article, what does {term} mean?",
        "actor_action.stem": "According to the article, who {action}?",
        "actor_action.explanation": "The article says {actor} {action}.",
        "cloze.stem": "Fill in the blanks with the words the article uses.",
        "cloze.explanation": "The missing words: {answers}.",
        "set": " (set {number} of {total})",
        "separator": "; ",
        "support.confirmed": "Stated as established fact",
        "support.state-media-report": "Reported only by state media",
        "support.official-allegation": "An allegation, not proven",
        "support.analyst-speculation": "Speculation",
        "support.opinion": "An opinion or judgement",
        "kind.confirmed": "Established fact",
        "kind.state-media-report": "State-media report",
        "kind.official-allegation": "Allegation",
        "kind.analyst-speculation": "Speculation",
        "kind.opinion": "Opinion",
    },
    "ko": {
        "claim_source.stem": "기사에 따르면 다음 주장의 출처는 누구인가? {claim}",
        "claim_source.explanation": "기사가 밝힌 이 주장의 출처: {actor}.",
        "claim_support.stem": "기사에 제시된 대로 볼 때, 다음 주장은 얼마나 뒷받침되는가? {claim}",
        "claim_support.explanation": "{level}. 기사가 밝힌 출처: {actor}. 확인 방법: {corroborate}",
        "claim_verification.stem": "기사의 다음 주장을 확인하는 가장 좋은 방법은 무엇인가? {claim}",
        "claim_verification.explanation": "이 주장의 출처: {actor}. 독립적인 확인 방법: {corroborate}",
        "claim_classification.stem": "기사의 각 진술이 어떤 종류의 진술인지 분류하시오{set}.",
        "claim_classification.explanation": "누가 어떤 근거로 말하는지 살펴보자: {list}.",
        "claim_classification.entry": "{claim} \u2192 {kind} (\u00b6{paragraph}: {evidence})",
        "timeline_order.stem": "다음 사건들을 일어난 순서대로, 가장 이른 것부터 배열하시오{set}.",
        "timeline_order.explanation": "순서: {list}.",
        "timeline_before_after.stem": "참 또는 거짓: 기사에 따르면 {first}은(는) {second}보다 먼저 일어났다.",
        "timeline_before_after.explanation": "{earlier_when}: {earlier}; 그다음 {later_when}: {later}.",
        "glossary_matching.stem": "기사에 나온 각 용어를 알맞은 뜻과 연결하시오{set}.",
        "glossary_definition.stem": "기사에서 {term}은(는) 무슨 뜻인가?",
        "actor_action.stem": "기사에 따르면 누가 다음 일을 했는가? \u201c{action}\u201d",
        "actor_action.explanation": "기사에 따르면 {actor}: {action}.",
        "cloze.stem": "기사에 쓰인 단어로 빈칸을 채우시오.",
        "cloze.explanation": "빠진 단어: {answers}.",
        "set": " (세트 {number}/{total})",
        "separator": "; ",
        "support.confirmed": "확정된 사실로 제시됨",
        "support.state-media-report": "국영 매체만 보도함",
        "support.official-allegation": "입증되지 않은 의혹",
        "support.analyst-speculation": "추측",
        "support.opinion": "의견 또는 판단",
        "kind.confirmed": "확정된 사실",
        "kind.state-media-report": "국영 매체 보도",
        "kind.official-allegation": "의혹 제기",
        "kind.analyst-speculation": "추측",
        "kind.opinion": "의견",
    },
}


class Phrases:
    """Templates of one language: ``say("claim_source.stem", claim=...)``."""

    def __init__(self, language: str):
        primary = language.split("-", 1)[0].lower()
        self.language = primary if primary in PHRASES else "en"
        self._table = PHRASES[self.language]

    def __call__(self, key: str, **values) -> str:
        """The template ``key`` filled with ``values``."""
        return self._table[key].format(**values)

    def support(self, level: Support) -> str:
        """How a support level reads as an answer option ("Reported only by state media")."""
        return self._table[f"support.{level.value}"]

    def kind(self, level: Support) -> str:
        """What kind of statement a support level makes ("State-media report")."""
        return self._table[f"kind.{level.value}"]

    def set_label(self, index: int, total: int) -> str:
        """`` (set 2 of 3)`` when a rule splits facts over several items, else nothing."""
        return self("set", number=index + 1, total=total) if total > 1 else ""

    def join(self, parts) -> str:
        """Parts of a list in a sentence."""
        return self._table["separator"].join(parts)
