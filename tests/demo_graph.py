"""The demo's graph, built once per test run: every work of the demo's synthetic corpus
(``acukg run --demo`` size and seed), with the practitioner articles and their claims."""

from __future__ import annotations

from functools import cache


@cache
def demo_graph():
    """The graph (shared: do not mutate)."""
    from acukg.pipeline import DEMO_SEED, DEMO_WORKS
    from ingest.seeds import bibliography_entries
    from ingest.standin.corpus import SyntheticCorpus
    from kg.build import build_graph
    from kg.claims import articles

    corpus = SyntheticCorpus(DEMO_WORKS, DEMO_SEED)
    return build_graph(corpus.works(), hops=corpus.hops(), seed_map=corpus.seed_map(),
                       articles=articles(bibliography_entries()), synthetic=True,
                       built_at="2026-12-01T00:00:00+00:00")
