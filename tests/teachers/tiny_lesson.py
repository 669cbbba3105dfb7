"""A four-question lesson whose statistics are worked out by hand in test_results.py."""

TINY_LESSON_ID = "tiny-stats"
TINY_LESSON = """\
id: tiny-stats
title: Four questions for statistics
level: Grade 8
language: en
estimated_minutes: 5
objectives:
  - id: obj
    text: Read a short report closely.
source:
  headline: A short report
  outlet: Test Gazette
paragraphs:
  - id: p1
    text: The drone was made in Russia, officials said. Analysts were not sure. The report was short.
questions:
  - id: easy
    type: single_choice
    stem: What was made?
    options: [The drone, A ship, A tank]
    answer: The drone
    paragraph: p1
    evidence: The drone was made
    topic: comprehension
    skill: who-is-behind-it
  - id: mid
    type: single_choice
    stem: Who said it?
    options: [Officials, Analysts, Nobody]
    answer: Officials
    paragraph: p1
    evidence: officials said
    topic: comprehension
    skill: who-is-behind-it
  - id: hard
    type: single_choice
    stem: Where was the drone made, according to officials?
    options: [Russia, Iran, China]
    answer: Russia
    paragraph: p1
    evidence: made in Russia
    topic: source-evaluation
    skill: what-is-the-evidence
  - id: tricky
    type: single_choice
    stem: Were analysts sure?
    options: ["No", "Yes", Partly]
    answer: "No"
    paragraph: p1
    evidence: Analysts were not sure
    topic: source-evaluation
    skill: what-is-the-evidence
"""
