"""QTI 1.2 packages, as Canvas, Blackboard, D2L (Brightspace) and Schoology import them.

A zip holds ``imsmanifest.xml`` (IMS Content Packaging) and one assessment
file per section (the bank, or each variant), each valid against the QTI
1.2 DTD (``ims_qtiasiv1p2.dtd``).  Items carry Canvas's ``question_type``
and ``points_possible`` metadata, which the other platforms ignore.  Every
text is escaped HTML (``texttype="text/html"``): a lesson's markup shows as
text, it never runs on the platform; the passage is the lesson's Markdown
rendered and sanitised, as on quizgen's own pages.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from html import escape

from ..items.exporting import BlanksView, ChoiceView, EssayView, ExportView, PairsView, TrueFalseView, TypedView
from ..labels import gettext
from ..quiz import QuizItem
from .common import (
    ExportSet,
    Section,
    attribution,
    clean,
    general_feedback,
    item_name,
    one_line,
    option_feedback,
    passage_html,
    rubric_text,
    skipped,
    view_of,
)

DOCTYPE = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE questestinterop SYSTEM "ims_qtiasiv1p2.dtd">\n'


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name.rstrip("_"): clean(value) for name, value in attributes.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _html(text: str) -> str:
    return escape(clean(text), quote=False).replace("\n", "<br>")


def _material(parent: ET.Element, html: str) -> ET.Element:
    material = _el(parent, "material")
    _el(material, "mattext", html, texttype="text/html")
    return material


def _metadata(item: ET.Element, fields: dict[str, str]) -> None:
    qtimetadata = _el(_el(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        field = _el(qtimetadata, "qtimetadatafield")
        _el(field, "fieldlabel", label)
        _el(field, "fieldentry", entry)


def _outcomes(resprocessing: ET.Element) -> None:
    _el(_el(resprocessing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")


def _condition(resprocessing: ET.Element, *, keep_going: bool = False, title: str | None = None) -> ET.Element:
    attributes = {"continue": "Yes" if keep_going else "No"}
    if title:
        attributes["title"] = title
    return _el(resprocessing, "respcondition", **attributes)


def _score(condition: ET.Element, value: float, action: str = "Set") -> None:
    _el(condition, "setvar", f"{value:.4f}".rstrip("0").rstrip("."), action=action, varname="SCORE")


def _feedback(item: ET.Element, ident: str, html: str) -> None:
    flow = _el(_el(item, "itemfeedback", ident=ident), "flow_mat")
    _material(flow, html)


def _general_condition(resprocessing: ET.Element) -> None:
    # Canvas shows general feedback through a condition that always holds and points at it.
    condition = _condition(resprocessing, keep_going=True)
    _el(_el(condition, "conditionvar"), "other")
    _el(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")


def canvas_type(view: ExportView) -> str:
    """Canvas's name for the question type a view becomes (other platforms read the item's structure)."""
    if isinstance(view, ChoiceView):
        return "multiple_answers_question" if view.multiple else "multiple_choice_question"
    if isinstance(view, BlanksView):
        return "multiple_dropdowns_question" if view.word_bank else "fill_in_multiple_blanks_question"
    return {
        TrueFalseView: "true_false_question",
        TypedView: "short_answer_question",
        PairsView: "matching_question",
        EssayView: "essay_question",
    }[type(view)]


def _item(section: ET.Element, export: ExportSet, owner: Section, entry: QuizItem) -> None:
    view = view_of(entry)
    if view is None:
        skipped(export, entry, "QTI", gettext("has no way to show this type"))
        return
    lesson, question = export.lesson, entry.item
    ident = f"{owner.code}-{question.id}"
    item = _el(section, "item", ident=ident, title=item_name(entry))
    _metadata(item, {"question_type": canvas_type(view), "points_possible": str(question.points)})
    presentation = _el(item, "presentation")
    stem_html = _html(question.stem)
    if isinstance(view, BlanksView):
        stem_html += "<br>" + "".join(
            _html(segment) + (f"[blank{number}]" if number <= len(view.blanks) else "")
            for number, segment in enumerate(view.segments, start=1)
        )
    _material(presentation, stem_html)
    resprocessing = ET.Element("resprocessing")
    _outcomes(resprocessing)
    _general_condition(resprocessing)
    feedback = [("general_fb", _html(general_feedback(lesson, question)))]

    if isinstance(view, (ChoiceView, TrueFalseView)):
        options: tuple[str, ...]
        correct: tuple[bool, ...]
        if isinstance(view, TrueFalseView):
            options, correct = (gettext("True"), gettext("False")), (view.answer, not view.answer)
            cardinality = "Single"
        else:
            options, correct = view.options, view.correct
            cardinality = "Multiple" if view.multiple else "Single"
        response = _el(presentation, "response_lid", ident="response1", rcardinality=cardinality)
        render = _el(response, "render_choice")
        for index, option in enumerate(options, start=1):
            _material(_el(render, "response_label", ident=f"choice{index}"), _html(option))
        keys = [f"choice{index}" for index, right in enumerate(correct, start=1) if right]
        if cardinality == "Single":
            condition = _condition(resprocessing, title="correct")
            _el(_el(condition, "conditionvar"), "varequal", keys[0], respident="response1")
            _score(condition, 100)
        else:
            condition = _condition(resprocessing, title="correct")
            both = _el(_el(condition, "conditionvar"), "and")
            for index, right in enumerate(correct, start=1):
                test = both if right else _el(both, "not")
                _el(test, "varequal", f"choice{index}", respident="response1")
            _score(condition, 100)
            # Partial credit where the platform reads it: each right tick adds a share, each wrong one takes it away.
            share = 100 / len(keys)
            for index, right in enumerate(correct, start=1):
                partial = _condition(resprocessing, keep_going=True)
                _el(_el(partial, "conditionvar"), "varequal", f"choice{index}", respident="response1")
                _score(partial, share if right else -share, "Add")
        if not isinstance(view, TrueFalseView):
            for index, (option, right) in enumerate(zip(options, correct, strict=True), start=1):
                show = _condition(resprocessing, keep_going=True)
                _el(_el(show, "conditionvar"), "varequal", f"choice{index}", respident="response1")
                _el(show, "displayfeedback", feedbacktype="Response", linkrefid=f"choice{index}_fb")
                feedback.append((f"choice{index}_fb", _html(option_feedback(lesson, question, option, right))))

    elif isinstance(view, TypedView):
        response = _el(presentation, "response_str", ident="response1", rcardinality="Single")
        _el(_el(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        condition = _condition(resprocessing, title="correct")
        accepted = _el(_el(condition, "conditionvar"), "or")
        for text in view.accepted:
            _el(accepted, "varequal", one_line(text), respident="response1")
        _score(condition, 100)
        if view.pattern:
            export.note(
                gettext(
                    "%(id)s: the pattern of accepted answers is not exported; the listed answers are.", id=question.id
                )
            )

    elif isinstance(view, PairsView):
        rights = list(dict.fromkeys([right for _, right in view.pairs] + list(view.extra_rights)))
        share = 100 / len(view.pairs)
        for number, (left, match) in enumerate(view.pairs, start=1):
            response = _el(presentation, "response_lid", ident=f"response_{number}")
            _material(response, _html(left))
            render = _el(response, "render_choice")
            for index, right_text in enumerate(rights, start=1):
                _material(_el(render, "response_label", ident=f"match{index}"), _html(right_text))
            condition = _condition(resprocessing, keep_going=True)
            _el(
                _el(condition, "conditionvar"),
                "varequal",
                f"match{rights.index(match) + 1}",
                respident=f"response_{number}",
            )
            _score(condition, share, "Add")

    elif isinstance(view, BlanksView):
        share = 100 / len(view.blanks)
        for number, answers in enumerate(view.blanks, start=1):
            response = _el(presentation, "response_lid", ident=f"response_blank{number}")
            _material(response, f"blank{number}")
            render = _el(response, "render_choice")
            if view.word_bank:
                choices = list(view.word_bank)
                right_ones = [i for i, word in enumerate(choices, start=1) if view.fits(number - 1, word)]
            else:
                choices = list(answers)
                right_ones = list(range(1, len(choices) + 1))
            for index, choice in enumerate(choices, start=1):
                _material(_el(render, "response_label", ident=f"blank{number}_{index}"), _html(choice))
            condition = _condition(resprocessing, keep_going=True)
            accepted = _el(_el(condition, "conditionvar"), "or")
            for index in right_ones:
                _el(accepted, "varequal", f"blank{number}_{index}", respident=f"response_blank{number}")
            _score(condition, share, "Add")

    elif isinstance(view, EssayView):
        response = _el(presentation, "response_str", ident="response1", rcardinality="Single")
        _el(_el(response, "render_fib", rows="12"), "response_label", ident="answer1", rshuffle="No")
        lines = [gettext("Rubric:"), *rubric_text(view.rubric, view.sample_answer)]
        feedback[0] = ("general_fb", feedback[0][1] + "<br>" + "<br>".join(_html(line) for line in lines))

    item.append(resprocessing)
    for ident_fb, html in feedback:
        _feedback(item, ident_fb, html)


def _assessment(export: ExportSet, section_data: Section) -> bytes:
    lesson = export.lesson
    root = ET.Element("questestinterop")
    title = f"{one_line(lesson.title)} \u2014 {section_data.title}"
    assessment = _el(root, "assessment", ident=f"{lesson.id}-{section_data.code}", title=title)
    _el(assessment, "qticomment", " / ".join(attribution(lesson)))
    section = _el(assessment, "section", ident="root_section")
    # The passage first, as a text block the items follow.
    passage = _el(section, "item", ident=f"{section_data.code}-passage", title=gettext("Reading passage"))
    _metadata(passage, {"question_type": "text_only_question", "points_possible": "0"})
    _material(_el(passage, "presentation"), passage_html(lesson))
    for entry in section_data.entries:
        _item(section, export, section_data, entry)
    return (DOCTYPE + ET.tostring(root, encoding="unicode")).encode("utf-8")


def _manifest(export: ExportSet, files: list[tuple[str, str]]) -> bytes:
    lesson = export.lesson
    root = ET.Element(
        "manifest",
        {
            "identifier": f"quizgen-{lesson.id}",
            "xmlns": "http://www.imsglobal.org/xsd/imscp_v1p1",
        },
    )
    metadata = _el(root, "metadata")
    _el(metadata, "schema", "IMS Content")
    _el(metadata, "schemaversion", "1.1.3")
    _el(root, "organizations")
    resources = _el(root, "resources")
    for ident, href in files:
        resource = _el(resources, "resource", identifier=ident, type="imsqti_xmlv1p2", href=href)
        _el(resource, "file", href=href)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")).encode("utf-8")


def write(export: ExportSet) -> bytes:
    """The QTI 1.2 zip of every section, with its manifest and a notes file of what the platform will not get."""
    buffer = io.BytesIO()
    files = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for section in export.sections:
            ident = f"{export.lesson.id}-{section.code}"
            href = f"{ident}/{ident}.xml"
            archive.writestr(href, _assessment(export, section))
            files.append((ident, href))
        archive.writestr("imsmanifest.xml", _manifest(export, files))
        archive.writestr("quizgen-notes.txt", notes_text(export).encode("utf-8"))
    return buffer.getvalue()


def notes_text(export: ExportSet) -> str:
    """The attribution and the notes, as a plain text file beside the assessments."""
    lines = [*attribution(export.lesson), ""]
    lines += export.notes or [gettext("Every item was exported.")]
    return "\n".join(lines) + "\n"
