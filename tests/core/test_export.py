"""CSV exports open cleanly and safely in a spreadsheet."""

import csv
import io

from quizgen.export import to_csv


def test_csv_round_trips_names_commas_quotes_and_newlines():
    text = to_csv(["student", "item", "points"], [['Zoë, "Z" Kim', "q1", 1.0], ["김민준", "q2\nline", 0.5]])
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["student", "item", "points"], ['Zoë, "Z" Kim', "q1", "1"], ["김민준", "q2\nline", "0.5"]]


def test_formulas_in_untrusted_cells_are_defused_but_negative_numbers_are_not():
    text = to_csv(["name", "score"], [['=HYPERLINK("http://evil")', -1], ["@SUM(A1)", "+1"], ["-2+3", "-0.5"]])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ['\'=HYPERLINK("http://evil")', "-1"]
    assert rows[2] == ["'@SUM(A1)", "+1"]
    assert rows[3] == ["'-2+3", "-0.5"]
