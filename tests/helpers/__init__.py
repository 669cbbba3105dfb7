"""Helpers shared by the test folders: answers and key texts, PDF text, the browser."""
