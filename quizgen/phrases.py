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
        "claim_source.stem": "According to the article, who is the source of this claim? {claim}",
        "claim_source.no_one": "No one is named in the article",
        "claim_source.writer": "{outlet} (the article's writer)",
        "claim_source.explanation": "The article credits this claim to {actor}: {words} (\u00b6{paragraph}).",
        "claim_source.explanation_writer": "The article states this itself without naming another source, so it "
        "comes from {actor}.",
        "claim_source.explanation_unnamed": "The article does not say who makes this claim: it only says {words}.",
        "claim_source.tempting": "{option} is also in the article, but not as the source of this claim.",
        "claim_support.stem": "What kind of statement is this, as the article presents it? {claim}",
        "claim_support.explanation": "{level}: {why}. The words that show it: {words}.",
        "claim_support.explanation_plain": "{level}: {why}.",
        "claim_support.tempting": "It is not \u201c{option}\u201d: that would mean {why}.",
        "claim_verification.stem": "Which step would best check this claim from the article? {claim}",
        "claim_verification.explanation": "An independent check: {corroborate}.",
        "claim_verification.tempting": "\u201c{option}\u201d would not settle it: {why}.",
        "claim_verification.weak.authored": "it would not show whether the claim is true",
        "claim_verification.weak.ask_source": "it asks the claim's own source again, which is not an independent check",
        "claim_verification.weak.count_shares": "how often a claim is shared says nothing about whether it is true",
        "claim_verification.weak.copies": "the same website is not an independent source",
        "claim_verification.weak.detail": "a detailed, confident account can still be wrong",
        "claim_verification.ask_source": "Ask {actor} for a fuller statement that explains the claim",
        "claim_verification.count_shares": "Count how many people have shared or liked the claim on social media this week",
        "claim_verification.copies": "Read more articles about the claim on the same news website that published this one",
        "claim_verification.detail": "Judge whether the article gives enough names, numbers and details for the claim to sound convincing",
        "claim_verification.count_shares_about": "Count how many people have shared or liked posts about {topic} on social media this week",
        "claim_verification.copies_about": "Read more articles about {topic} on the same news website that published this one",
        "claim_verification.detail_about": "Judge whether the article's account of {topic} gives enough names, numbers and details to sound convincing",
        "claim_classification.stem": "Match each statement from the article to the kind of statement it is. "
        "One kind is not used.",
        "claim_classification.explanation": "Look at who says each thing and on what basis: {list}.",
        "claim_classification.entry": "{claim} is {kind} (\u00b6{paragraph}: {evidence})",
        "timeline_order.stem": "Put these events in the order they happened, earliest first.",
        "timeline_order.explanation": "The order is: {list}.",
        "timeline_before_after.stem": "True or false: according to the article, {first} happened before {second}.",
        "timeline_before_after.explanation": "{earlier_when}: {earlier} (\u00b6{earlier_paragraph}); then "
        "{later_when}: {later} (\u00b6{later_paragraph}).",
        "glossary_matching.stem": "Match each term from the article to its meaning. One meaning is not used.",
        "glossary_definition.stem": "As used in the article, what does {term} mean?",
        "glossary_definition.explanation": "{term}: {definition}. The article uses it here: {evidence}.",
        "glossary_definition.tempting": "Here it does not mean \u201c{option}\u201d",
        "actor_action.stem": "According to the article, who {action}?",
        "actor_action.explanation": "The article says that {actor} {action}: {evidence}.",
        "cloze.stem": "Fill in the blanks with the words the article uses.",
        "cloze.explanation": "The missing words: {answers}.",
        "separator": "; ",
        "support.confirmed": "Stated as established fact",
        "support.official-statement": "An official statement",
        "support.state-media-report": "Reported only by state media",
        "support.official-allegation": "An allegation, not proven",
        "support.denial": "A denial by an involved party",
        "support.unverified-media": "An unverified video or post",
        "support.analyst-speculation": "Speculation or a guess",
        "support.opinion": "An opinion or judgement",
        "kind.confirmed": "Established fact",
        "kind.official-statement": "Official statement",
        "kind.state-media-report": "State-media report",
        "kind.official-allegation": "Allegation",
        "kind.denial": "Denial",
        "kind.unverified-media": "Unverified video or post",
        "kind.analyst-speculation": "Speculation",
        "kind.opinion": "Opinion",
        "why.confirmed": "the article states it as fact, without a hedge such as \u201cmay\u201d or \u201callegedly\u201d",
        "why.official-statement": "an official body or a company says it in its own name",
        "why.state-media-report": "only a government's own media report it",
        "why.official-allegation": "someone accuses another party of something that has not been proven",
        "why.denial": "a party with a stake in the matter says it is not true",
        "why.unverified-media": "it rests on a video, photo or post that no one has verified",
        "why.analyst-speculation": "someone guesses or suggests what might be true",
        "why.opinion": "someone gives a judgement that cannot be checked as true or false",
        "writer_states": "the article states it as fact, without a hedge such as \u201cmay\u201d or \u201callegedly\u201d",
    },
    "ko": {
        "claim_source.stem": "기사에 따르면 다음 주장의 출처는 누구인가? {claim}",
        "claim_source.no_one": "기사에 이름이 밝혀지지 않음",
        "claim_source.writer": "{outlet} (기사 작성자)",
        "claim_source.explanation": "기사는 이 주장의 출처를 {actor}(으)로 밝힌다: {words} (\u00b6{paragraph}).",
        "claim_source.explanation_writer": "기사가 다른 출처 없이 직접 서술하므로 출처는 {actor}이다.",
        "claim_source.explanation_unnamed": "기사는 누가 이 주장을 하는지 밝히지 않고 {words}라고만 한다.",
        "claim_source.tempting": "{option}도 기사에 나오지만 이 주장의 출처는 아니다.",
        "claim_support.stem": "기사에 제시된 대로 볼 때, 다음은 어떤 종류의 진술인가? {claim}",
        "claim_support.explanation": "{level}: {why}. 이를 보여 주는 표현: {words}.",
        "claim_support.explanation_plain": "{level}: {why}.",
        "claim_support.tempting": "\u201c{option}\u201d이(가) 아니다. 그렇다면 {why}는 뜻이 된다.",
        "claim_verification.stem": "기사의 다음 주장을 확인하는 가장 좋은 방법은 무엇인가? {claim}",
        "claim_verification.explanation": "독립적인 확인 방법: {corroborate}.",
        "claim_verification.tempting": "\u201c{option}\u201d(으)로는 확인할 수 없다. {why}.",
        "claim_verification.weak.authored": "그것으로는 주장이 사실인지 알 수 없기 때문이다",
        "claim_verification.weak.ask_source": "주장한 쪽에 다시 묻는 것은 독립적인 확인이 아니기 때문이다",
        "claim_verification.weak.count_shares": "얼마나 많이 공유되었는지는 사실 여부와 관계가 없기 때문이다",
        "claim_verification.weak.copies": "같은 웹사이트는 독립적인 출처가 아니기 때문이다",
        "claim_verification.weak.detail": "자세하고 자신 있는 설명도 틀릴 수 있기 때문이다",
        "claim_verification.ask_source": "{actor}에게 주장을 설명하는 더 자세한 발표를 요청한다",
        "claim_verification.count_shares": "이번 주에 소셜 미디어에서 그 주장을 공유하거나 좋아한 사람이 몇 명인지 센다",
        "claim_verification.copies": "이 기사를 실은 같은 뉴스 사이트에서 그 주장에 관한 기사를 더 읽는다",
        "claim_verification.detail": "기사가 주장을 그럴듯하게 만들 만큼 이름, 숫자, 세부 사항을 충분히 제시하는지 판단한다",
        "claim_verification.count_shares_about": "이번 주에 소셜 미디어에서 {topic}에 관한 게시물을 공유하거나 좋아한 사람이 몇 명인지 센다",
        "claim_verification.copies_about": "이 기사를 실은 같은 뉴스 사이트에서 {topic}에 관한 기사를 더 읽는다",
        "claim_verification.detail_about": "기사의 {topic}에 관한 설명이 그럴듯하게 들릴 만큼 이름, 숫자, 세부 사항을 충분히 제시하는지 판단한다",
        "claim_classification.stem": "기사의 각 진술을 알맞은 진술의 종류와 연결하시오. 쓰이지 않는 종류가 하나 있다.",
        "claim_classification.explanation": "누가 어떤 근거로 말하는지 살펴보자: {list}.",
        "claim_classification.entry": "{claim} \u2192 {kind} (\u00b6{paragraph}: {evidence})",
        "timeline_order.stem": "다음 사건들을 일어난 순서대로, 가장 이른 것부터 배열하시오.",
        "timeline_order.explanation": "순서: {list}.",
        "timeline_before_after.stem": "참 또는 거짓: 기사에 따르면 {first}은(는) {second}보다 먼저 일어났다.",
        "timeline_before_after.explanation": "{earlier_when}: {earlier} (\u00b6{earlier_paragraph}); 그다음 "
        "{later_when}: {later} (\u00b6{later_paragraph}).",
        "glossary_matching.stem": "기사에 나온 각 용어를 알맞은 뜻과 연결하시오. 쓰이지 않는 뜻이 하나 있다.",
        "glossary_definition.stem": "기사에서 {term}은(는) 무슨 뜻인가?",
        "glossary_definition.explanation": "{term}: {definition}. 기사에 쓰인 곳: {evidence}.",
        "glossary_definition.tempting": "여기서는 \u201c{option}\u201d이라는 뜻이 아니다.",
        "actor_action.stem": "기사에 따르면 누가 다음 일을 했는가? \u201c{action}\u201d",
        "actor_action.explanation": "기사에 따르면 {actor}: {action}. 근거: {evidence}.",
        "cloze.stem": "기사에 쓰인 단어로 빈칸을 채우시오.",
        "cloze.explanation": "빠진 단어: {answers}.",
        "separator": "; ",
        "support.confirmed": "확정된 사실로 제시됨",
        "support.official-statement": "공공 기관이나 기업의 공식 발표",
        "support.state-media-report": "국영 매체만 보도함",
        "support.official-allegation": "입증되지 않은 의혹",
        "support.denial": "이해 당사자의 부인",
        "support.unverified-media": "검증되지 않은 영상, 사진 또는 게시물",
        "support.analyst-speculation": "추측",
        "support.opinion": "의견 또는 판단",
        "kind.confirmed": "확정된 사실",
        "kind.official-statement": "공식 발표",
        "kind.state-media-report": "국영 매체 보도",
        "kind.official-allegation": "의혹 제기",
        "kind.denial": "부인",
        "kind.unverified-media": "검증되지 않은 영상·게시물",
        "kind.analyst-speculation": "추측",
        "kind.opinion": "의견",
        "why.confirmed": '기사가 "~일 수 있다" 같은 단서 없이 사실로 서술한다',
        "why.official-statement": "공공 기관이나 기업이 자기 이름으로 말한다",
        "why.state-media-report": "한 정부의 매체만 보도한다",
        "why.official-allegation": "누군가 입증되지 않은 일로 다른 쪽을 비난한다",
        "why.denial": "이해관계가 있는 쪽이 사실이 아니라고 말한다",
        "why.unverified-media": "아무도 검증하지 않은 영상, 사진, 게시물에 근거한다",
        "why.analyst-speculation": "누군가 사실일지도 모르는 것을 추측하거나 시사한다",
        "why.opinion": "참과 거짓을 확인할 수 없는 판단을 한다",
        "writer_states": '기사가 "~일 수 있다" 같은 단서 없이 사실로 서술한다',
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

    def why(self, level: Support) -> str:
        """What a support level means, as a clause ("someone guesses or suggests what might be true")."""
        return self._table[f"why.{level.value}"]

    def join(self, parts) -> str:
        """Parts of a list in a sentence."""
        return self._table["separator"].join(parts)
