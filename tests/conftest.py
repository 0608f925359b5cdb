"""Fixtures shared across the test folders."""

from __future__ import annotations

import pytest

#: The small synthetic corpus most graph-level tests build on (fast, deterministic).
SMALL_CORPUS = dict(size=400, seed=7)


@pytest.fixture(scope="session")
def synthetic_corpus():
    """A small deterministic synthetic OpenAlex corpus (no HTTP involved)."""
    from ingest.standin.corpus import SyntheticCorpus

    return SyntheticCorpus(**SMALL_CORPUS)


@pytest.fixture(scope="session")
def synthetic_graph(synthetic_corpus):
    """The graph built from every work of the small synthetic corpus, claims included.

    Session-scoped and shared: tests must not mutate it (copy it first).
    """
    from kg.build import build_graph

    return build_graph(
        synthetic_corpus.works(),
        hops=synthetic_corpus.hops(),
        seed_map=synthetic_corpus.seed_map(),
        synthetic=True,
    )
