"""Hypothesis strategies that write whole random (valid) lessons, so generators and assembly are
tested on lessons nobody hand-picked, not only on the seed lessons."""

from __future__ import annotations

from hypothesis import strategies as st

from quizgen.model import Lesson, Support

WORDS = ("drone", "border", "agency", "report", "council", "harbour", "missile", "treaty", "village", "river",
         "sanction", "minister", "festival", "budget", "satellite", "analyst", "tower", "école", "서울", "Zürich")


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

    actors = [{"id": f"a{i}", "name": f"Actor {i}", "kind": draw(st.sampled_from(["person", "state", "agency", "media"])),
               "actions": [cite({"text": f"did thing {i}-{j}"}) for j in range(draw(st.integers(0, 2)))]}
              for i in range(draw(st.integers(0, 6)))]
    claims = [cite({"id": f"c{i}", "text": f"Claim number {i} holds.", "asserted_by": draw(st.sampled_from(actors))["id"],
                    "support": draw(st.sampled_from([s.value for s in Support])), "corroborate": f"Check source {i}."})
              for i in range(draw(st.integers(0, 8)) if actors else 0)]
    timeline = [cite({"id": f"e{i}", "when": f"{2000 + i}", "text": f"Event {i} happened"}) for i in range(draw(st.integers(0, 7)))]
    glossary = [cite({"id": f"t{i}", "term": f"term {i}", "definition": f"meaning number {i}"}) for i in range(draw(st.integers(0, 6)))]
    blanks = []
    for i in range(draw(st.integers(0, 3))):
        p, sentence = draw(fact)
        word = sentence.split()[1]
        blanks.append({"id": f"b{i}", "paragraph": f"p{p + 1}", "sentence": sentence.replace(f" {word} ", f" [[{word}]] ", 1)})
    p, sentence = draw(fact)
    questions = [
        {"id": "q-one", "type": "single_choice", "stem": "Pick the right one.", "options": ["right", "wrong", "worse"],
         "answer": "right", "paragraph": f"p{p + 1}", "evidence": sentence, "topic": "comprehension", "explanation": "Because."},
        {"id": "q-short", "type": "short_answer", "stem": "Type it.", "accepted": ["Zürich"], "paragraph": f"p{p + 1}",
         "evidence": sentence, "topic": "comprehension", "explanation": "Because."},
    ]
    size = draw(st.integers(2, 5))
    generators = {rule: ({"size": size} if rule in ("claim_classification", "timeline_order", "glossary_matching") else {})
                  for rule in draw(st.sets(st.sampled_from(["claim_source", "claim_support", "claim_verification", "claim_classification",
                                                            "timeline_order", "timeline_before_after", "glossary_matching",
                                                            "glossary_definition", "actor_action", "cloze"])))}
    data = {"id": "random", "title": "Random lesson", "level": "any", "language": "en", "estimated_minutes": 10,
            "objectives": [{"id": "o1", "text": "Read."}], "source": {"headline": "H", "outlet": "O"},
            "paragraphs": paragraphs, "actors": actors, "claims": claims, "timeline": timeline, "glossary": glossary,
            "blanks": blanks, "questions": questions, "generators": generators}
    return Lesson.model_validate(data)
