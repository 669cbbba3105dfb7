"""PDF speed and memory: one worksheet against plain WeasyPrint, a 30-student class set, the cache.

For each workload it prints, in one run:

* ``ours``: one worksheet end to end from a built quiz (HTML from the
  templates, safe fetcher, shared fonts and stylesheet, attachment removal,
  PDF bytes), warm, median of several runs;
* ``baseline``: ``weasyprint.HTML(string=html).write_pdf()`` with default
  settings on the same HTML (the stylesheet inlined in a ``<style>`` so it
  renders the same), and the ratio ours / baseline;
* ``class set``: 30 worksheets in one document and one WeasyPrint pass, per
  worksheet, without and with the teacher's pages (roster, 30 answer grids,
  item reference), and the peak RSS of the process that rendered it
  (measured in a fresh subprocess, so it includes Python, WeasyPrint and fonts);
* ``cached``: a repeated identical request through :class:`quizgen.pdf.PdfCache`.

Targets: ours <= 1.1x baseline; <= 0.12 s per worksheet in the class set;
cached < 10 ms; class-set peak memory < 400 MB.

Run: ``.venv/bin/python benchmarks/pdf.py`` (``--quick`` for fewer repeats).
"""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizgen.generators import item_bank  # noqa: E402
from quizgen.loader import load_lesson  # noqa: E402
from quizgen.quiz import QuizOptions, build_quiz  # noqa: E402

ALL = -1
# (label, lesson file, items per worksheet: a number, None for the lesson's default quiz length, or ALL)
WORKLOADS = [
    ("real lesson, 12 items", "lessons/nk-drones-security.yaml", 12),
    ("real lesson, default 20", "lessons/nk-drones-security.yaml", None),
    ("test lesson, all 28 items", "tests/fixtures/mini.yaml", ALL),
    ("real lesson, all items", "lessons/nk-drones-security.yaml", ALL),
]


def quiz_options(lesson, count: int | None) -> QuizOptions:
    """The options a workload asks for, ALL meaning the whole item bank."""
    return QuizOptions(count=len(item_bank(lesson)) if count == ALL else count)


STUDENTS = 30


def median_time(function, repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time of ``function``, in seconds."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def page_count(data: bytes) -> int:
    """Pages in a PDF."""
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def class_set_child(lesson_path: str, count: int | None, keys: str) -> None:
    """Run in a subprocess: render one class set after a warm-up, print time, pages and peak RSS as JSON."""
    import resource

    from quizgen import pdf

    lesson = load_lesson(ROOT / lesson_path)
    options = quiz_options(lesson, count)
    pdf.render_class_set(lesson, 1, 1, keys="none", quiz_options=options)  # fonts and stylesheet, as in a server
    started, cpu = time.perf_counter(), time.process_time()
    data = pdf.render_class_set(lesson, 2024, STUDENTS, keys=keys, quiz_options=options)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "pages": page_count(data), "peak_mb": peak_mb}))


def class_set(lesson_path: str, count: int | None, keys: str) -> dict:
    """Class-set figures from a fresh interpreter, so peak RSS belongs to this render alone."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", lesson_path, str(count or 0), keys],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(quick: bool = False) -> None:
    from weasyprint import HTML

    from quizgen import pdf

    repeat = 3 if quick else 7
    rows = []
    for label, lesson_path, count in WORKLOADS:
        lesson = load_lesson(ROOT / lesson_path)
        quiz = build_quiz(lesson, 2024, quiz_options(lesson, count))
        standalone = pdf.worksheet_html(lesson, quiz, inline_css=True)
        sample = pdf.render_worksheet(lesson, quiz)  # warm-up: fonts, stylesheet, templates
        HTML(string=standalone).write_pdf()
        ours = median_time(lambda lesson=lesson, quiz=quiz: pdf.render_worksheet(lesson, quiz), repeat)
        baseline = median_time(lambda standalone=standalone: HTML(string=standalone).write_pdf(), repeat)
        cache = pdf.PdfCache()
        pdf.worksheet_pdf(lesson, "benchmark", 2024, quiz_options=quiz_options(lesson, count), cache=cache)
        cached, _ = median_time(
            lambda lesson=lesson, count=count, cache=cache: pdf.worksheet_pdf(
                lesson, "benchmark", 2024, quiz_options=quiz_options(lesson, count), cache=cache
            ),
            101,
        )
        sheets_only = class_set(lesson_path, count, "none")
        with_keys = class_set(lesson_path, count, "grids")
        rows.append((label, page_count(sample), ours, baseline, sheets_only, with_keys, cached))

    print(
        f"PDF benchmark: WeasyPrint {__import__('weasyprint').__version__}, {STUDENTS}-student class sets, "
        f"median of {repeat} runs (cached: 101)"
    )
    print("Times are wall / CPU seconds; CPU time is what the render costs when other processes share the 2 cores.")
    header = (
        f"{'workload':<26}{'pages':>6}{'one worksheet':>15}{'plain WeasyPrint':>18}{'ratio':>6}"
        f"{'class set, per ws':>19}{'set pages':>10}{'+keys, per ws':>15}{'peak MB':>8}{'+keys':>6}{'cached ms':>10}"
    )
    print(header)
    print("-" * len(header))
    for label, pages, ours, baseline, sheets, keys, cached in rows:
        per_ws = f"{sheets['seconds'] / STUDENTS:.3f} / {sheets['cpu'] / STUDENTS:.3f}"
        per_ws_keys = f"{keys['seconds'] / STUDENTS:.3f} / {keys['cpu'] / STUDENTS:.3f}"
        print(
            f"{label:<26}{pages:>6}{ours[0]:>8.3f} / {ours[1]:.3f}{baseline[0]:>11.3f} / {baseline[1]:.3f}"
            f"{ours[1] / baseline[1]:>6.2f}{per_ws:>19}{sheets['pages']:>10}{per_ws_keys:>15}"
            f"{sheets['peak_mb']:>8.0f}{keys['peak_mb']:>6.0f}{cached * 1000:>10.3f}"
        )
    print("targets: ratio <= 1.10 (CPU); class set <= 0.120 s per worksheet; cached < 10 ms; peak < 400 MB")
    print(
        "class set: 30 worksheets, one document, one pass; +keys: the same set plus roster, 30 answer grids and "
        "the item reference, divided by 30; peak = max RSS of a fresh process rendering it"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        class_set_child(sys.argv[2], int(sys.argv[3]) or None, sys.argv[4])
    else:
        main(quick="--quick" in sys.argv)
