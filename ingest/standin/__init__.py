"""A synthetic OpenAlex and PubMed: a deterministic corpus of made-up works and a loopback server for it.

:mod:`ingest.standin.corpus` makes the works; :mod:`ingest.standin.server` serves them over
HTTP with OpenAlex's semantics (:mod:`~ingest.standin.api`) and PubMed's E-utilities
(:mod:`~ingest.standin.eutils`, records written by :mod:`~ingest.standin.render_xml`), so the
ingest and enrichment jobs can be tested without the internet.
Everything it serves is synthetic: titles start with ``[synthetic]``, venues are
"Synthetic …" journals and DOIs use the test prefix 10.5555.
"""
