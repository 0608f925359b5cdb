"""Fixtures for the ingest tests: loopback stand-ins over small synthetic corpora."""

from __future__ import annotations

import pytest

from ingest.job import IngestOptions, ingest
from ingest.seeds import Seed, SeedList
from ingest.store import RecordStore
from ingest.transport import Transport
from kg.settings import Settings

#: Requests per second in tests: far above anything that would slow them down.
FAST = 2000.0


def demo_seed_list(corpus) -> SeedList:
    """The corpus's demo seeds as a seed list of W ids."""
    return SeedList(seeds=tuple(Seed("openalex", d.openalex_id) for d in corpus.demo_seeds()), source="test")


def settings_for_standin(standin, data_dir, **kw) -> Settings:
    return Settings(openalex_url=standin.url, data_dir=data_dir, rate_limit=kw.pop("rate_limit", FAST), **kw)


def fast_transport(settings, **kw) -> Transport:
    """A transport with tiny backoff, so fault tests stay quick (timeouts stay generous: a
    loaded machine must not turn a slow answer into a retry that tests would count)."""
    kw.setdefault("backoff", 0.01)
    kw.setdefault("timeout", (5.0, 10.0))
    return Transport(settings, **kw)


def run_ingest(standin, data_dir, seeds=None, *, depth=2, transport=None, **kw) -> dict:
    """An ingest of ``seeds`` (default: the demo seeds) from ``standin`` into ``data_dir``."""
    settings = kw.pop("settings", None) or settings_for_standin(standin, data_dir)
    seeds = seeds or demo_seed_list(standin.corpus)
    options = IngestOptions(depth=depth, max_works_per_hop=kw.pop("cap", None), cited_by=kw.pop("cited_by", False))
    transport = transport or fast_transport(settings)
    try:
        return ingest(settings, seeds, options=options, transport=transport,
                      synthetic=kw.pop("synthetic", {"size": standin.corpus.size, "seed": standin.corpus.seed}),
                      **kw)
    finally:
        transport.close()


def snapshot(data_dir):
    """What must be identical between two stores: ids, raw JSON, hops; and the missing ids."""
    with RecordStore(data_dir / "records.sqlite") as store:
        return list(store.raw_works()), store.missing()


@pytest.fixture(scope="session")
def standin(synthetic_corpus):
    """A fault-free stand-in over the small shared corpus (400 works, seed 7)."""
    from ingest.standin.server import start_standin

    with start_standin(corpus=synthetic_corpus) as s:
        yield s


@pytest.fixture(scope="session")
def _fault_standin(synthetic_corpus):
    from ingest.standin.server import start_standin

    with start_standin(corpus=synthetic_corpus) as s:
        yield s


@pytest.fixture
def fresh_standin(_fault_standin):
    """A stand-in whose faults and limits a test may change (reset before and after each test).

    Its ``stats`` are cumulative: compare differences.
    """
    s = _fault_standin
    s.faults.clear()
    s.limits.set_budget(1_000_000)
    s.limits.set_rate_limit(None)
    yield s
    s.faults.clear()
    s.limits.set_budget(1_000_000)
    s.limits.set_rate_limit(None)


@pytest.fixture(scope="session")
def reference_store(standin, tmp_path_factory):
    """An uninterrupted depth-2 ingest of the demo seeds: the store every other run must equal."""
    data = tmp_path_factory.mktemp("reference")
    run_ingest(standin, data, depth=2)
    return snapshot(data)
