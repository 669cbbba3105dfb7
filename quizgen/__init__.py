"""quizgen: turn a news article into a lesson, a web quiz and printable worksheets.

The core (model, loader, generators, quiz assembly, grading) lives in this
package's top-level modules and imports nothing from Flask, SQLAlchemy or
WeasyPrint; :mod:`quizgen.web` and :mod:`quizgen.pdf` build on it.
"""

__version__ = "0.1.0"
