"""`quizgen draft`: a lesson skeleton from a raw article that validates and quotes the article verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.cli import main
from quizgen.draft import DraftError, draft_lesson
from quizgen.generate.signals import cue_words
from quizgen.loader import check_lesson_text, load_lesson
from quizgen.text import quote_in

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "articles" / "seed.txt"
SHARED_SEED = ROOT.parent / "shared" / "seed" / "article.txt"


def drafted(text: str, name: str = "article.txt") -> dict:
    """The drafted lesson as data, after checking that it validates without errors."""
    draft = draft_lesson(text.encode("utf-8"), name)
    result = check_lesson_text(draft.yaml, name)
    assert not result.errors, [d.format() for d in result.errors]
    return yaml.safe_load(draft.yaml)


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'")))


@pytest.fixture(scope="module")
def seed_draft() -> dict:
    return drafted(SEED.read_text(encoding="utf-8"), "article.txt")


def test_the_seed_fixture_is_the_shared_seed_article():
    if SHARED_SEED.exists():
        assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_draft_keeps_every_paragraph_verbatim_with_its_headings(seed_draft):
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [p["text"] for p in seed_draft["paragraphs"]]
    assert texts[0] == lines[0]
    assert "Drone Capability Unveiled: North Korea first showcased its attack drones in August" in texts[1]
    assert len(texts) == 13
    assert [p.get("heading") for p in seed_draft["paragraphs"] if p.get("heading")] == [
        "Recent Developments",
        "Drone Testing and Production",
        "Strategic Implications",
        "Regional Tensions",
        "Political Context",
    ]
    assert seed_draft["source"]["dateline"] == "SEOUL"
    assert seed_draft["source"]["date"] == "November 15"
    assert seed_draft["source"]["cites"] == ["KCNA"]


def test_seed_draft_proposes_every_shipped_claim_whose_cue_words_are_in_the_text(seed_draft):
    candidates = seed_draft["claims"]
    checked = 0
    for lesson_file in ("nk-drones-sources.yaml", "nk-drones-security.yaml"):
        lesson = load_lesson(ROOT / "lessons" / lesson_file)
        for claim in lesson.claims:
            pattern = cue_words(claim.support)
            sentence = next(
                s for s in re.split(r"(?<=[.!?])\s+", lesson.paragraph(claim.paragraph).text) if claim.evidence in s
            )
            if pattern is None or not pattern.search(sentence):
                continue
            checked += 1
            shipped = words(claim.evidence)
            assert any(len(shipped & words(c["evidence"])) >= 0.6 * len(shipped) for c in candidates), claim.id
    assert checked >= 6


def test_seed_draft_names_speakers_and_support_as_an_author_would(seed_draft):
    by_evidence = {c["evidence"]: c for c in seed_draft["claims"]}
    actors = {a["id"]: a for a in seed_draft["actors"]}
    production = next(c for e, c in by_evidence.items() if e.startswith("North Korean leader Kim Jong Un has ordered"))
    assert actors[production["asserted_by"]]["name"].startswith("KCNA")
    assert production["support"] == "state-media-report"
    allegation = next(c for e, c in by_evidence.items() if "allegations of North Korean troops" in e)
    assert actors[allegation["asserted_by"]]["named"] is False
    assert allegation["support"] == "official-allegation"
    speculation = next(c for e, c in by_evidence.items() if "might have roots" in e)
    assert speculation["support"] == "analyst-speculation"
    assert {"Kim Jong Un", "North Korea", "South Korea", "Russia"} <= {a["name"] for a in actors.values()}


def test_every_quote_in_a_draft_is_in_the_paragraph_it_cites(seed_draft):
    paragraphs = {p["id"]: p["text"] for p in seed_draft["paragraphs"]}
    entries = seed_draft["claims"] + seed_draft["timeline"] + seed_draft["glossary"]
    assert entries
    for entry in entries:
        assert entry["evidence"] in paragraphs[entry["paragraph"]]


def test_draft_marks_what_the_author_must_write_and_validate_lists_it():
    draft = draft_lesson(SEED.read_bytes(), "article.txt")
    result = check_lesson_text(draft.yaml, "draft.yaml")
    todos = [d for d in result.warnings if d.code == "todo"]
    paths = {d.path for d in todos}
    assert any(path.endswith("corroborate") for path in paths)
    assert any(path.startswith("objectives") for path in paths)
    assert any(path.endswith("definition") for path in paths)
    assert all("TODO" in d.message for d in todos)


def test_draft_is_deterministic():
    raw = SEED.read_bytes()
    assert draft_lesson(raw, "a.txt").yaml == draft_lesson(raw, "a.txt").yaml


def test_timeline_orders_only_what_the_text_dates():
    lesson = drafted(
        "Officials said the bridge opened in 1998.\n\n"
        "It was closed on March 3, 2021 after a ship struck it, police said.\n\n"
        "Engineers said on Thursday that repairs could take years.\n"
    )
    assert [event["when"] for event in lesson["timeline"]] == ["in 1998", "March 3, 2021"]


def test_a_saved_html_page_loses_its_scripts_and_keeps_its_article():
    page = """<!doctype html><html><head><title>Port fire | Harbour Times</title>
    <meta property="og:site_name" content="Harbour Times">
    <meta property="og:title" content="Fire at the port closes two berths">
    <script>var tracking = "SECRET-TRACKER"; document.write("<p>injected</p>");</script>
    <style>p { color: red }</style></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Fire at the port closes two berths</h1>
    <p>A fire broke out at the city's port on Monday, the harbour authority said, closing two berths.</p>
    <h2>What is alleged</h2>
    <p>Dock workers alleged that safety checks had been skipped for months, according to their union.</p>
    <p>The company denied the claims and said it would cooperate with investigators.</p>
    <script>alert("x")</script></article><footer>Copyright</footer></body></html>"""
    lesson = drafted(page, "port.html")
    text = yaml.safe_dump(lesson)
    assert "SECRET-TRACKER" not in text and "alert" not in text and "injected" not in text
    assert lesson["source"]["outlet"] == "Harbour Times"
    assert lesson["title"] == "Fire at the port closes two berths"
    assert any(p.get("heading") == "What is alleged" for p in lesson["paragraphs"])
    supports = {c["support"] for c in lesson["claims"]}
    assert {"official-allegation", "denial"} <= supports


def test_markdown_headings_and_lists_become_headings_and_paragraphs():
    lesson = drafted(
        "# Council votes to close the library\n\n"
        "## The vote\n\n"
        "- The council voted 5-4 to close the branch, the mayor said.\n"
        "- Residents claimed the vote was rushed.\n",
        "library.md",
    )
    assert lesson["title"] == "Council votes to close the library"
    assert lesson["paragraphs"][0]["heading"] == "The vote"
    assert [p["text"] for p in lesson["paragraphs"]] == [
        "The council voted 5-4 to close the branch, the mayor said.",
        "Residents claimed the vote was rushed.",
    ]


def test_a_very_long_paragraph_is_cut_between_sentences():
    sentence = "The minister said the plan would cost more than expected. "
    lesson = drafted(sentence * 150)
    assert len(lesson["paragraphs"]) >= 2
    assert all(len(p["text"]) <= 4000 for p in lesson["paragraphs"])
    assert all(p["text"].endswith("expected.") for p in lesson["paragraphs"])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (b"x" * (5 * 1024 * 1024), "split it"),
        (("A sentence that goes on. " * 12_000).encode(), "split it"),
        (b"<html><body><script>alert(1)</script></body></html>", "no paragraphs"),
    ],
    ids=["empty", "blank", "binary", "5-mb", "too-long-text", "html-only-script"],
)
def test_hostile_input_gets_a_clear_error(raw: bytes, message: str):
    with pytest.raises(DraftError, match=message):
        draft_lesson(raw, "article.html" if raw.startswith(b"<html") else "article.txt")


def test_the_command_writes_the_lesson_and_refuses_to_overwrite(tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["draft", str(SEED), "--dir", str(tmp_path), "--slug", "drones"])
    assert result.exit_code == 0, result.output
    target = tmp_path / "drones.yaml"
    assert "claim candidates" in result.output and target.exists()
    validated = runner.invoke(main, ["validate", str(target)])
    assert validated.exit_code == 0, validated.output
    assert "still to write" in validated.output
    again = runner.invoke(main, ["draft", str(SEED), "--dir", str(tmp_path), "--slug", "drones"])
    assert again.exit_code == 1 and "already exists" in again.output


def test_the_command_reads_standard_input_and_writes_standard_output():
    result = CliRunner().invoke(main, ["draft", "-", "-o", "-"], input="Police said the road was closed on Friday.\n")
    assert result.exit_code == 0, result.output
    assert "Police said the road was closed on Friday." in result.output
    assert check_lesson_text(result.output, "stdin.yaml").errors == []


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\xff" * 100], ids=["empty", "binary"])
def test_the_command_reports_bad_input_without_a_traceback(tmp_path: Path, content: bytes):
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    result = CliRunner().invoke(main, ["draft", str(article), "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "Error: " in result.output and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.yaml"))


def test_a_missing_article_is_reported():
    result = CliRunner().invoke(main, ["draft", "no-such-article.txt"])
    assert result.exit_code == 1 and "cannot read no-such-article.txt" in result.output


_WORD = st.sampled_from(
    "the minister said police according to officials may could allegedly denied claimed report Reuters "
    "in 2021 on Monday “quoted” 'single' colon: hash # dash — ünïcödé 42 fire port closed".split()
)
_SENTENCE = st.lists(_WORD, min_size=3, max_size=18).map(lambda ws: " ".join(ws).capitalize() + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PARAGRAPH, min_size=1, max_size=6))
def test_any_article_drafts_to_a_valid_lesson_with_verbatim_quotes(paragraphs: list[str]):
    text = "\n\n".join(paragraphs)
    draft = draft_lesson(text.encode("utf-8"), "article.txt")
    result = check_lesson_text(draft.yaml, "draft.yaml")
    assert not result.errors, [d.format() for d in result.errors]
    lesson = yaml.safe_load(draft.yaml)
    assert [p["text"] for p in lesson["paragraphs"]] == [p.strip() for p in paragraphs]
    texts = {p["id"]: p["text"] for p in lesson["paragraphs"]}
    for entry in lesson["claims"] + lesson["timeline"] + lesson["glossary"]:
        assert quote_in(entry["evidence"], texts[entry["paragraph"]])


def _claims_by_speaker(text: str) -> list[tuple[str, str, str]]:
    lesson = drafted(text)
    names = {a["id"]: a["name"] for a in lesson["actors"]}
    return [(names[c["asserted_by"]], c["support"], c["evidence"]) for c in lesson["claims"]]


def test_speakers_are_found_before_after_and_back_in_the_text():
    claims = _claims_by_speaker(
        "Foreign ministry spokesperson Mao Ning said the ships had entered Chinese waters illegally.\n\n"
        '"The operations were professional and restrained," she said.\n\n'
        "Some witnesses say the boats collided twice, according to local reports.\n\n"
        '"We urge the Philippines to stop," a spokesperson for China\'s coast guard said in a statement.\n'
    )
    assert ("Mao Ning", "official-allegation", "the ships had entered Chinese waters illegally") in claims
    assert ("Mao Ning", "official-statement", "The operations were professional and restrained") in claims
    assert ("Unnamed witnesses", "unverified-media", "the boats collided twice") in claims
    assert ("China's coast guard", "official-statement", "We urge the Philippines to stop") in claims


def test_a_quotation_over_several_sentences_belongs_to_its_closing_frame():
    claims = _claims_by_speaker(
        "The Defense Ministry rejected the reports on Tuesday.\n\n"
        '"The allegations are absolutely untrue. The damage was done by a falling missile," the statement reads.\n'
    )
    quoted = [(speaker, support) for speaker, support, quote in claims if "absolutely untrue" in quote]
    assert quoted == [("Defense Ministry", "denial")]
    assert any(speaker == "Defense Ministry" and "falling missile" in quote for speaker, _, quote in claims)


def test_statements_nobody_is_named_for_go_to_an_unnamed_source_and_the_writer_keeps_judgements():
    lesson = drafted(
        "There are allegations that the plant dumped waste into the river.\n\n"
        "The closure signals a new phase in the town's economy.\n"
    )
    actors = {a["id"]: a for a in lesson["actors"]}
    allegation, judgement = lesson["claims"]
    assert actors[allegation["asserted_by"]]["named"] is False and allegation["support"] == "official-allegation"
    assert actors[judgement["asserted_by"]]["id"] == "writer" and judgement["support"] == "opinion"


def test_glossary_candidates_include_the_articles_repeated_multi_word_terms(seed_draft):
    terms = [entry["term"] for entry in seed_draft["glossary"]]
    assert "attack drones" in terms and "drone warfare" in terms
    # Function words never make a term ("these drones", "speculation that").
    assert not any(term.split()[0] in ("these", "that", "might") or term.endswith(" that") for term in terms)
