"""Item generation rules, one module per family of lesson facts.

``claims`` (who says it, what kind of statement, how to check it, classify),
``timeline`` (order, before/after), ``glossary`` (matching, definitions),
``actors`` (who did this?) and ``cloze`` (marked sentences).  They share
:mod:`.common` (distractor choice, wording helpers) and :mod:`.signals`
(the words that show what kind of statement a claim is).  The registry of
rules and the bank of a lesson live in :mod:`quizgen.generators`.
"""
