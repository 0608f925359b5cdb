"""A synthetic OpenAlex: a deterministic corpus of made-up works and a loopback server for it.

:mod:`ingest.standin.corpus` makes the works; :mod:`ingest.standin.server` serves them over
HTTP with OpenAlex's semantics so the ingest job can be tested without the internet.
Everything it serves is synthetic: titles start with ``[synthetic]``, venues are
"Synthetic …" journals and DOIs use the test prefix 10.5555.
"""
