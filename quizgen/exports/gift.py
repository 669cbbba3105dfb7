"""GIFT, Moodle's text format: the types it can express, every special character escaped.

Choice (``=right ~wrong``), multiple choice with weights (``~%50%right
~%-50%wrong``), true/false, short answer (every accepted answer), matching
(``=left -> right``; an ordering item as matching to positions) and missing
word (a cloze item with one blank); open response is an essay (``{}``) with
its rubric as general feedback.  Cloze items with more than one blank cannot
be written in GIFT: they are listed at the top of the file and in the
warnings, never dropped silently.  GIFT has no points: they are in the notes.

Texts are ``[html]`` with HTML escaped (a lesson's markup shows as text),
then GIFT's own escapes (a backslash before ``~ = # { } :`` and itself);
newlines become ``<br>``, so no text can end a question early.
"""

from __future__ import annotations

import re
from html import escape

from ..items.exporting import BlanksView, ChoiceView, EssayView, PairsView, TrueFalseView, TypedView
from ..labels import gettext
from ..quiz import QuizItem
from .common import (
    ExportSet,
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
from .moodle import category_path, fraction

ARROW = "\u2192"
_SPECIAL = re.compile(r"([\\~=#{}:])")


def escape_gift(text: str) -> str:
    """``text`` with GIFT's special characters (and the backslash) escaped."""
    return _SPECIAL.sub(r"\\\1", text)


# An answer opening with "%" would read as a weight, one opening with "[" as a text format.
_OPENERS = {"%": "&#37;", "[": "&#91;"}


def _html(text: str) -> str:
    html = escape(clean(text), quote=False).replace("\r", "").replace("\n", "<br>")
    if html[:1] in _OPENERS:
        html = _OPENERS[html[0]] + html[1:]
    return escape_gift(html)


def _plain(text: str) -> str:
    # Answers of matching and short-answer items are compared as typed: plain text on one line, so an opening
    # "%" or "[" gets an explicit format in front instead of an entity.
    plain = escape_gift(one_line(text))
    return "[plain]" + plain if plain[:1] in _OPENERS else plain


def _comment(text: str) -> str:
    return "// " + one_line(text)


def _question(entry: QuizItem, body: str, answers: str) -> str:
    title = escape_gift(one_line(item_name(entry)))
    return f"::{title}::[html]{body}{{{answers}}}"


def _general(export: ExportSet, entry: QuizItem) -> str:
    return " ####" + _html(general_feedback(export.lesson, entry.item))


def _item(export: ExportSet, entry: QuizItem) -> str | None:
    view = view_of(entry)
    item = entry.item
    lesson = export.lesson
    if view is None:
        skipped(export, entry, "GIFT", gettext("has no way to show this type"))
        return None
    stem = _html(item.stem)
    general = _general(export, entry)
    if isinstance(view, ChoiceView):
        share = 100 / sum(view.correct)
        parts = []
        for option, right in zip(view.options, view.correct, strict=True):
            note = "#" + _html(option_feedback(lesson, item, option, right))
            if view.multiple:
                parts.append(f"~%{fraction(share if right else -share)}%{_html(option)}{note}")
            else:
                parts.append(f"{'=' if right else '~'}{_html(option)}{note}")
        return _question(entry, stem, "\n\t" + "\n\t".join(parts) + general + "\n")
    if isinstance(view, TrueFalseView):
        return _question(entry, stem, ("TRUE" if view.answer else "FALSE") + general)
    if isinstance(view, TypedView):
        if view.pattern:
            export.note(
                gettext("%(id)s: the pattern of accepted answers is not exported; the listed answers are.", id=item.id)
            )
        # GIFT reads "->" as a match and has no escape for it: such an answer cannot be written as typed.
        accepted = [text for text in view.accepted if "->" not in text]
        if not accepted:
            skipped(export, entry, "GIFT", gettext("accepts only answers containing \u201c->\u201d"))
            return None
        if len(accepted) < len(view.accepted):
            export.note(
                gettext(
                    "%(id)s: accepted answers containing \u201c->\u201d are left out (GIFT reads it as a match).",
                    id=item.id,
                )
            )
        return _question(entry, stem, " ".join("=" + _plain(text) for text in accepted) + general)
    if isinstance(view, PairsView):
        if view.extra_rights:
            export.note(gettext("%(id)s: GIFT has no spare right-hand choices; they are left out.", id=item.id))
        if len(view.pairs) < 3 and not view.extra_rights:
            export.note(gettext("%(id)s: Moodle wants at least three matches; add one after importing.", id=item.id))
        if any("->" in left for left, _ in view.pairs):
            # GIFT splits a match at its first "->" and has no escape for it.
            export.note(
                gettext("%(id)s: \u201c->\u201d in a left-hand entry is written as \u201c\u2192\u201d.", id=item.id)
            )
        pairs = "\n\t".join(f"={_plain(left.replace('->', ARROW))} -> {_plain(right)}" for left, right in view.pairs)
        return _question(entry, stem, "\n\t" + pairs + general + "\n")
    if isinstance(view, BlanksView):
        if len(view.blanks) != 1:
            skipped(export, entry, "GIFT", gettext("has only one missing word per question"))
            return None
        answers = view.blanks[0]
        if view.word_bank:
            choices = " ".join(("=" if view.fits(0, word) else "~") + _plain(word) for word in view.word_bank)
        else:
            choices = " ".join("=" + _plain(a) for a in answers)
        before, after = view.segments
        title = escape_gift(one_line(item_name(entry)))
        return f"::{title}::[html]{stem}<br>{_html(before)}{{{choices}{general}}}{_html(after)}"
    if isinstance(view, EssayView):
        rubric = [general_feedback(lesson, item), gettext("Rubric:"), *rubric_text(view.rubric, view.sample_answer)]
        return _question(entry, stem, " ####" + "<br>".join(_html(line) for line in rubric))
    raise TypeError(view)  # pragma: no cover - every shape is handled above


def write(export: ExportSet) -> bytes:
    """The GIFT file: attribution and warnings as comments, then per section the passage and the items."""
    lesson = export.lesson
    several = len(export.sections) > 1 or export.sections[0].code != "bank"
    blocks = []
    for section in export.sections:
        base = [lesson.title, section.title] if several else [lesson.title]
        blocks.append(f"$CATEGORY: {category_path(*base)}")
        blocks.append(
            f"::{escape_gift(gettext('Reading passage'))}::[html]{escape_gift(passage_html(lesson).replace(chr(10), ' '))}"
        )
        for topic in dict.fromkeys(entry.item.topic for entry in section.entries):
            blocks.append(f"$CATEGORY: {category_path(*base, topic)}")
            for entry in section.entries:
                if entry.item.topic == topic:
                    text = _item(export, entry)
                    if text is not None:
                        blocks.append(text)
    points = [entry for section in export.sections for entry in section.entries if entry.item.points != 1]
    if points:
        export.note(
            gettext(
                "GIFT has no points: Moodle gives every question 1 mark. Set these in the quiz: %(items)s.",
                items=", ".join(dict.fromkeys(f"{entry.item.id} ({entry.item.points} pt)" for entry in points)),
            )
        )
    header = [_comment(line) for line in attribution(lesson)]
    header += [_comment(gettext("Warnings:"))] + [_comment(note) for note in export.notes] if export.notes else []
    return ("\n".join(header) + "\n\n" + "\n\n".join(blocks) + "\n").encode("utf-8")
