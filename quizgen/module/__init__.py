"""The teaching module built around the quiz: guide, pre-reading, lateral reading, discussion, annotation,
writing task, exit ticket and standards, from the lesson's module parts (:mod:`quizgen.module_model`).

Plain Python only: no Flask, SQLAlchemy or WeasyPrint.
"""
