"""Hypothesis strategies that write whole random (valid) lessons, so generators and assembly are
tested on lessons nobody hand-picked, not only on the seed lessons."""

from __future__ import annotations

from hypothesis import strategies as st

from quizgen.model import Lesson, Support

WORDS = (
    "drone",
    "border",
    "agency",
    "report",
    "council",
    "harbour",
    "missile",
    "treaty",
    "village",
    "river",
    "sanction",
    "minister",
    "festival",
    "budget",
    "satellite",
    "analyst",
    "tower",
    "école",
    "서울",
    "Zürich",
)


def _sentence(draw, index: int, words: int = 6) -> str:
    body = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=words, max_size=words)))
    return f"Fact {index} says {body}."


@st.composite
def lessons(draw) -> Lesson:
    """A valid lesson with random numbers of actors, claims, events, terms and blanks."""
    n_par = draw(st.integers(1, 6))
    facts: list[tuple[int, str]] = []  # (paragraph index, sentence)
    paragraphs = []
    for p in range(n_par):
        sentences = [_sentence(draw, len(facts) + i) for i in range(draw(st.integers(1, 4)))]
        facts += [(p, s) for s in sentences]
        paragraphs.append({"id": f"p{p + 1}", "text": " ".join(sentences)})
    fact = st.sampled_from(facts)

    def cite(extra: dict) -> dict:
        p, sentence = draw(fact)
        return {"paragraph": f"p{p + 1}", "evidence": sentence, **extra}

    kinds = ["person", "country", "government-body", "media-outlet", "state", "agency", "media", "group"]
    actors = [
        {
            "id": f"a{i}",
            "name": f"Actor {i}",
            "kind": draw(st.sampled_from(kinds)),
            "named": draw(st.booleans()),
            "actions": [
                {"text": f"did thing {i}-{j}", "paragraph": "px", "evidence": f"Actor {i} did thing {i}-{j}"}
                for j in range(draw(st.integers(0, 2)))
            ],
        }
        for i in range(draw(st.integers(0, 6)))
    ]
    claims = []
    for i in range(draw(st.integers(0, 8)) if actors else 0):
        speaker = draw(st.sampled_from(actors))
        claims.append(
            {
                "id": f"c{i}",
                "text": f"Claim number {i} holds.",
                "asserted_by": speaker["id"],
                "support": draw(st.sampled_from([s.value for s in Support])),
                "corroborate": f"Check source {i}.",
                "weak_checks": [f"Ask around about claim {i}."] * draw(st.integers(0, 1)),
                "paragraph": "px",
                "evidence": f"{speaker['name']} says claim {i} holds",
            }
        )
    timeline = [
        {
            "id": f"e{i}",
            "when": f"{2000 + i}",
            "text": f"Event {i} happened",
            "paragraph": "px",
            "evidence": f"In {2000 + i} event {i} happened",
        }
        for i in range(draw(st.integers(0, 7)))
    ]
    glossary = [
        cite(
            {
                "id": f"t{i}",
                "term": f"term {i}",
                "definition": f"meaning number {i}",
                "distractors": [f"meaning number {i}{j}" for j in range(1, draw(st.integers(0, 3)) + 1)],
            }
        )
        for i in range(draw(st.integers(0, 6)))
    ]
    # One paragraph states who did and said what, and when, so every rule has text to cite.
    stated = [a["evidence"] for actor in actors for a in actor["actions"]] + [c["evidence"] for c in claims]
    stated += [e["evidence"] for e in timeline]
    if stated:
        paragraphs.append({"id": "px", "text": ". ".join(stated) + "."})
    blanks = []
    for i in range(draw(st.integers(0, 3))):
        p, sentence = draw(fact)
        word = sentence.split()[1]
        blanks.append(
            {"id": f"b{i}", "paragraph": f"p{p + 1}", "sentence": sentence.replace(f" {word} ", f" [[{word}]] ", 1)}
        )
    p, sentence = draw(fact)
    questions = [
        {
            "id": "q-one",
            "type": "single_choice",
            "stem": "Pick the right one.",
            "options": ["right", "wrong", "worse"],
            "answer": "right",
            "paragraph": f"p{p + 1}",
            "evidence": sentence,
            "topic": "comprehension",
            "explanation": "Because.",
        },
        {
            "id": "q-short",
            "type": "short_answer",
            "stem": "Type it.",
            "accepted": ["Zürich"],
            "paragraph": f"p{p + 1}",
            "evidence": sentence,
            "topic": "comprehension",
            "explanation": "Because.",
        },
    ]
    size = draw(st.integers(2, 5))
    generators = {
        rule: ({"size": size} if rule in ("claim_classification", "timeline_order", "glossary_matching") else {})
        for rule in draw(
            st.sets(
                st.sampled_from(
                    [
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
                )
            )
        )
    }
    data = {
        "id": "random",
        "title": "Random lesson",
        "level": "any",
        "language": "en",
        "estimated_minutes": 10,
        "objectives": [{"id": "o1", "text": "Read."}],
        "source": {"headline": "H", "outlet": "O"},
        "paragraphs": paragraphs,
        "actors": actors,
        "claims": claims,
        "timeline": timeline,
        "glossary": glossary,
        "blanks": blanks,
        "questions": questions,
        "generators": generators,
    }
    return Lesson.model_validate(data)
