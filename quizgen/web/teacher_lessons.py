"""The teacher's lesson page: the teaching module on screen, and every printed kind to download.

Routes (on the teachers blueprint, so behind its sign-in check)
    GET /teacher/lessons/<lesson_id>                the guide: plan, background, claim map, discussion, rubric
    GET /teacher/lessons/<lesson_id>/<kind>.pdf     one printed kind (``?variant=CODE`` for worksheet and key)
    POST /teacher/lessons/<lesson_id>/class-set     a class set, made in the background (its job page follows)
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..jobs import ClassSetRequest
from ..labels import use_language
from ..module.guide import guide_view
from ..quiz import QuizOptions, random_seed, seed_from_code, variant_code
from . import print_jobs, printing
from .lessons import lesson_or_404, library
from .teachers import bp

CLASS_SET_COPIES = 30
DEFAULT_SEED = 1
"""The variant the lesson page's worksheet and key links print, so the two match."""


def _kinds() -> list[tuple[str, str, str]]:
    """(kind, label, what it is) for every printed kind, in teaching order."""
    return [
        ("guide", _("Teacher guide"), _("Plan, background, claim map, discussion, rubric and keys.")),
        ("before-reading", _("Before you read"), _("Context cards, words to know and the anticipation guide.")),
        ("annotation", _("Annotation"), _("A clean copy of the article to mark, and the colour-coded key.")),
        ("lateral-reading", _("Lateral reading"), _("The organiser, the dated teacher key and then-and-now.")),
        ("discussion", _("Discussion cards"), _("Cards to cut out, and the look-fors for each.")),
        ("worksheet", _("Worksheet"), _("The quiz on paper (variant %(code)s).", code=variant_code(DEFAULT_SEED))),
        ("key", _("Answer key"), _("The key of that same variant.")),
        (
            "class-set",
            _("Class set"),
            _("%(count)s worksheets on different variants, with answer grids.", count=CLASS_SET_COPIES),
        ),
        ("exit-ticket", _("Exit ticket"), _("Two half-sheets per page.")),
    ]


@bp.context_processor
def module_links():
    """``module_lessons()`` for teacher pages: (id, title, language) of every lesson, for links to its module."""

    def module_lessons() -> list[tuple[str, str, str]]:
        return [(entry.lesson.id, entry.lesson.title, entry.lesson.language) for entry in library().entries()]

    return {"module_lessons": module_lessons}


@bp.get("/lessons/<lesson_id>")
def lesson_module(lesson_id: str):
    """The teaching module of a lesson: the guide on screen and links to every printed kind."""
    entry = lesson_or_404(lesson_id)
    lesson = entry.lesson
    with use_language(lesson.language):
        view = guide_view(lesson, entry.bank)
    return render_template("teacher/lesson.html", lesson=lesson, view=view, kinds=_kinds())


@bp.get("/lessons/<lesson_id>/<kind>.pdf")
def lesson_print(lesson_id: str, kind: str):
    """One printed kind of the lesson's teaching module, worksheet, key or class set."""
    from ..module_print import KINDS, MODULE_KINDS

    entry = lesson_or_404(lesson_id)
    if kind not in KINDS:
        abort(404, _("There is no printed kind of that name. Pick one from the lesson's page."))
    paper = request.args.get("paper", "A4")
    if paper not in printing.PAGE_SIZES:
        abort(400, _("Choose A4 or Letter paper."))
    if kind in MODULE_KINDS:
        data = printing.module_kind(entry, kind, page_size=paper)
        return printing.pdf_response(data, printing.safe_filename(entry.lesson.id, kind))
    if kind == "class-set":  # made in the background: see lesson_class_set
        return redirect(url_for(".lesson_module", lesson_id=entry.lesson.id), 303)
    typed = request.args.get("variant", "").strip()
    try:
        seed = seed_from_code(typed[:40]) if typed else DEFAULT_SEED
    except ValueError:
        abort(400, _("The variant code in this link is not valid. Check the code printed on the worksheet."))
    data = printing.worksheet(entry, seed, key=kind == "key", page_size=paper)
    name = printing.safe_filename(entry.lesson.id, "key" if kind == "key" else "", variant_code(seed))
    return printing.pdf_response(data, name)


@bp.post("/lessons/<lesson_id>/class-set")
def lesson_class_set(lesson_id: str):
    """Queue a class set of the lesson on new variants, with answer grids; the teacher lands on its job page.

    Asking again while it waits or runs (a double click) finds the same job, whatever variants it drew.
    """
    entry = lesson_or_404(lesson_id)
    paper = request.form.get("paper", "A4")
    if paper not in printing.PAGE_SIZES:
        abort(400, _("Choose A4 or Letter paper."))
    seed = random_seed()
    options = printing.print_options(paper)
    class_set = ClassSetRequest(
        lesson_id=entry.lesson.id,
        class_seed=seed,
        count=CLASS_SET_COPIES,
        names=None,
        keys="grids",
        odd_page_starts=False,
        quiz_options=QuizOptions().describe(),
        shared=False,
        page_size=options.page_size,
        base_url=options.base_url,
    )
    identity = {"lesson": entry.lesson.id, "kind": "class-set", "paper": options.page_size}
    filename = printing.safe_filename(entry.lesson.id, "class-set", str(seed))
    return print_jobs.start_class_set(None, class_set, filename, identity=identity)
