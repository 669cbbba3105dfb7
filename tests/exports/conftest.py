"""Readers for exported files that are not quizgen's writers: lxml with the QTI 1.2 DTD, gift-pegjs, openpyxl.

Each reader turns a file back into plain records (stem, options, key,
points) that the tests compare with the lesson's own quiz.  gift-pegjs runs
under node from ``.cache/node`` (``scripts/bootstrap --test`` installs it);
a missing parser fails the tests instead of skipping them.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from quizgen.items import question_type
from quizgen.labels import gettext
from quizgen.quiz import QuizItem
from quizgen.text import cloze_blanks, normalize_answer

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DTD = FIXTURES / "ims_qtiasiv1p2.dtd"
GIFT_PEGJS = ROOT / ".cache" / "node" / "node_modules" / "gift-pegjs"
LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))


def expected(entry: QuizItem) -> dict:
    """What an export must carry of one item, worked out from the item itself (not from its export view)."""
    item = entry.item
    record: dict = {"id": item.id, "type": item.type, "stem": item.stem, "points": item.points}
    kind = item.type
    if kind == "single_choice":
        record |= {"options": list(entry.choices), "key": {item.answer}}
    elif kind == "multiple_select":
        record |= {"options": list(entry.choices), "key": set(item.answers)}
    elif kind == "true_false":
        record |= {"key": item.answer}
    elif kind == "short_answer":
        record |= {"key": set(item.accepted)}
    elif kind == "matching":
        record |= {"key": {pair.left: pair.right for pair in item.pairs}}
    elif kind == "ordering":
        record |= {
            "key": {text: gettext("Position %(number)s", number=n) for n, text in enumerate(item.items, start=1)}
        }
    elif kind == "cloze":
        blanks = [set(answers) for answers in cloze_blanks(item.text)]
        if entry.choices:  # with a word bank, the words of the bank that fit
            blanks = [
                {word for word in entry.choices if normalize_answer(word) in {normalize_answer(a) for a in answers}}
                for answers in blanks
            ]
        record |= {"key": blanks}
    elif kind == "open_response":
        record |= {"key": None}
    else:  # a type the tests do not know yet must be added here
        raise AssertionError(f"no expectation for {kind}")
    assert question_type(item)  # registered
    return record


# --- QTI ---------------------------------------------------------------------------------------


def qti_files(data: bytes) -> dict[str, bytes]:
    """Every file of a QTI zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def validated_qti(xml: bytes) -> etree._Element:
    """The assessment, parsed and validated against the QTI 1.2 DTD (an invalid file fails the test)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(xml, parser)
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    return root


def _text(material) -> str:
    return html.unescape(material.findtext("mattext") or "").replace("<br>", "\n")


def read_qti(root: etree._Element) -> list[dict]:
    """Each question item of an assessment as ``{id, kind, stem, points, options, key}``."""
    records = []
    for item in root.iter("item"):
        fields = {field.findtext("fieldlabel"): field.findtext("fieldentry") for field in item.iter("qtimetadatafield")}
        kind = fields["question_type"]
        if kind == "text_only_question":
            continue
        presentation = item.find("presentation")
        record = {
            "id": item.get("title").split(" ", 1)[1],
            "kind": kind,
            "points": int(fields["points_possible"]),
            "stem": _text(presentation.find("material")).split("\n")[0],
        }
        conditions = item.find("resprocessing").findall("respcondition")
        if kind in ("multiple_choice_question", "multiple_answers_question", "true_false_question"):
            labels = {
                label.get("ident"): _text(label.find("material")) for label in presentation.iter("response_label")
            }
            record["options"] = list(labels.values())
            correct = next(c for c in conditions if c.get("title") == "correct")
            record["key"] = {labels[v.text] for v in correct.iter("varequal") if v.getparent().tag != "not"}
        elif kind == "short_answer_question":
            correct = next(c for c in conditions if c.get("title") == "correct")
            record["key"] = {v.text for v in correct.iter("varequal")}
        elif kind == "matching_question":
            key = {}
            for response in presentation.findall("response_lid"):
                labels = {
                    label.get("ident"): _text(label.find("material")) for label in response.iter("response_label")
                }
                chosen = next(
                    v.text
                    for c in conditions
                    for v in c.iter("varequal")
                    if v.get("respident") == response.get("ident")
                )
                key[_text(response.find("material"))] = labels[chosen]
            record["key"] = key
        elif kind in ("fill_in_multiple_blanks_question", "multiple_dropdowns_question"):
            blanks = []
            for response in presentation.findall("response_lid"):
                labels = {
                    label.get("ident"): _text(label.find("material")) for label in response.iter("response_label")
                }
                blanks.append(
                    {
                        labels[v.text]
                        for c in conditions
                        for v in c.iter("varequal")
                        if v.get("respident") == response.get("ident")
                    }
                )
            record["key"] = blanks
        elif kind == "essay_question":
            record["key"] = None
        records.append(record)
    return records


# --- GIFT --------------------------------------------------------------------------------------

_NODE_SCRIPT = """
const {parse} = require(process.argv[1]);
const text = require("fs").readFileSync(0, "utf8");
process.stdout.write(JSON.stringify(parse(text)));
"""


def parse_gift(text: str) -> list[dict]:
    """The questions gift-pegjs reads from ``text`` (a parse error fails the test)."""
    node = shutil.which("node")
    if node is None or not GIFT_PEGJS.is_dir():
        pytest.fail("gift-pegjs is missing: scripts/bootstrap --test installs node and it (into .cache/node)")
    result = subprocess.run(
        [node, "-e", _NODE_SCRIPT, str(GIFT_PEGJS)],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def gift_text(value: dict | str | None) -> str:
    """A gift-pegjs text (``{format, text}``, or a bare string) as plain text: HTML entities read, ``<br>`` a newline.

    gift-pegjs leaves an escaped character of a matching answer as ``&&<code>;``; that is read too.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else value["text"]
    text = re.sub(r"&&(\d+);", lambda match: chr(int(match.group(1))), text)
    return html.unescape(text).replace("<br>", "\n")
