"""The Neo4j backend's statements, parameters, sessions and credentials, through a recording
driver double.

No Neo4j server can be installed on this machine (none on PyPI, Debian or npm; Maven Central is
out of reach), so these unit tests replace ``neo4j.GraphDatabase.driver`` with a double that
records what the backend sends; it is the only mock in the suite. The same integration tests
that run on FalkorDB run on a real Neo4j when NEO4J_URI is set (tests/kg/backends/test_backends.py).
"""

from __future__ import annotations

import logging

import neo4j
import pytest
from neo4j.exceptions import AuthError, ServiceUnavailable, TransientError

from kg.backends import dialect, open_backend
from kg.backends import neo4j as neo4j_backend
from kg.errors import BackendError
from kg.settings import Settings
from tests.kg.backends.conftest import NASTY, hand_graph

SECRET = "n30-s3cr3t-pw"
ENV = {"NEO4J_URI": "neo4j://db.example:7687", "NEO4J_USER": "reader",
       "NEO4J_PASSWORD": SECRET, "NEO4J_DATABASE": "papers"}


class Record(dict):
    def data(self):
        return dict(self)


class Result:
    def consume(self):
        return None


class Tx:
    def __init__(self, log):
        self.log = log

    def run(self, query, **params):
        self.log.append(("tx.run", query, params))
        return Result()


class Session:
    def __init__(self, driver, config):
        self.driver, self.config = driver, config

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute_write(self, fn, *args):
        self.driver.log.append(("execute_write", self.config))
        if self.driver.fail_write and self.driver.fail_write(args):
            raise TransientError("the lock could not be acquired")
        return fn(Tx(self.driver.log), *args)


class Driver:
    """Records sessions, transactions and queries; answers reads from ``respond``."""

    created: list = []

    def __init__(self, uri, auth=None, **config):
        self.uri, self.auth, self.config = uri, auth, config
        self.log = []
        self.execute_query_bookmark_manager = object()
        self.fail_connect = None
        self.fail_write = None
        self.respond = lambda query, params: []
        self.closed = False
        Driver.created.append(self)

    def verify_connectivity(self):
        if self.fail_connect:
            raise self.fail_connect

    def session(self, **config):
        return Session(self, config)

    def execute_query(self, query, parameters_=None, database_=None, **kw):
        self.log.append(("execute_query", query, parameters_ or {}, database_))
        return [Record(r) for r in self.respond(query, parameters_ or {})], None, []

    def close(self):
        self.closed = True


@pytest.fixture
def driver(monkeypatch):
    """The double every ``GraphDatabase.driver`` call returns from now on (fresh cache)."""
    neo4j_backend.close_drivers()
    Driver.created = []
    monkeypatch.setattr(neo4j.GraphDatabase, "driver", Driver)
    yield Driver
    neo4j_backend.close_drivers()


def _open(**options):
    return open_backend(Settings.from_env(ENV), "neo4j", **options)


def test_settings_reach_the_driver(driver):
    db = _open()
    (d,) = driver.created
    assert d.uri == "neo4j://db.example:7687" and d.auth == ("reader", SECRET)
    assert db.where == "neo4j://db.example:7687 database 'papers'"


def test_schema_comes_first_then_nodes_then_relationships_then_facts(driver):
    db = _open()
    G = hand_graph()
    db.save_graph(G, batch_size=2)
    log = driver.created[0].log
    queries = [entry[1] for entry in log if entry[0] in ("execute_query", "tx.run")]
    schema = dialect.Neo4jSchema().statements()
    assert queries[:len(schema)] == schema
    writes = queries[len(schema):]
    first_edge = next(i for i, q in enumerate(writes) if "MERGE (a)-[r:" in q)
    assert all("MERGE (n:" in q for q in writes[:first_edge])
    assert all("MERGE (a)-[r:" in q for q in writes[first_edge:-1])
    assert writes[-1] == dialect.MERGE_META
    runs = [e for e in log if e[0] == "tx.run"]
    assert sum(len(e[2]["rows"]) for e in runs) == G.number_of_nodes() + G.number_of_edges()
    assert max(len(e[2]["rows"]) for e in runs) == 2


def test_values_travel_only_as_parameters(driver):
    db = _open()
    db.save_graph(hand_graph())
    log = driver.created[0].log
    for entry in log:
        if entry[0] in ("execute_query", "tx.run"):
            assert "work:W1" not in entry[1] and NASTY not in entry[1] and "'" not in entry[1]
    work_rows = next(e[2]["rows"] for e in log
                     if e[0] == "tx.run" and e[1] == dialect.merge_nodes("Work"))
    assert work_rows[0] == {"id": "work:W1", "props": hand_graph().nodes["work:W1"]}
    assert work_rows[0]["props"]["title"] == NASTY


def test_batches_use_write_transactions_in_sessions_sharing_the_bookmark_manager(driver):
    db = _open()
    db.save_graph(hand_graph(), batch_size=100)
    d = driver.created[0]
    sessions = [e[1] for e in d.log if e[0] == "execute_write"]
    assert sessions and all(s == {"database": "papers",
                                  "bookmark_manager": d.execute_query_bookmark_manager}
                            for s in sessions)
    assert all(e[3] == "papers" for e in d.log if e[0] == "execute_query")


def test_one_driver_per_uri_and_user(driver):
    a, b = _open(), _open()
    assert len(driver.created) == 1 and a._driver is b._driver
    _open(user="writer")
    assert len(driver.created) == 2
    _open(password="changed")
    assert len(driver.created) == 3 and driver.created[0].closed


def test_the_password_appears_in_no_repr_log_or_error(driver, caplog):
    caplog.set_level(logging.DEBUG)
    db = _open()
    db.save_graph(hand_graph())
    d = driver.created[0]
    d.respond = lambda q, p: (_ for _ in ()).throw(RuntimeError(f"server said: bad auth {SECRET}"))
    with pytest.raises(BackendError) as info:
        db.run("RETURN 1")
    assert SECRET not in str(info.value) and "***" in str(info.value)
    assert SECRET not in repr(db) and SECRET not in repr(Settings.from_env(ENV))
    neo4j_backend.close_drivers()
    Driver.created = []
    original = Driver.__init__

    def refusing(self, uri, auth=None, **config):
        original(self, uri, auth, **config)
        self.fail_connect = AuthError("The client is unauthorized due to authentication failure.")

    Driver.__init__ = refusing
    try:
        with pytest.raises(BackendError, match="refused the credentials for user 'reader'") as info:
            _open()
    finally:
        Driver.__init__ = original
    assert SECRET not in str(info.value)
    assert not neo4j_backend._DRIVERS  # the refused driver is not kept
    assert any("pushed" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert SECRET not in record.getMessage()


def test_unreachable_server_is_a_clear_error(driver, monkeypatch):
    original = Driver.__init__

    def unreachable(self, uri, auth=None, **config):
        original(self, uri, auth, **config)
        self.fail_connect = ServiceUnavailable("Couldn't connect to db.example:7687")

    monkeypatch.setattr(Driver, "__init__", unreachable)
    with pytest.raises(BackendError, match=r"cannot open Neo4j at neo4j://db.example:7687 "
                                           r"database 'papers': the server cannot be reached"):
        _open()


def test_a_failed_batch_is_named(driver):
    db = _open()
    driver.created[0].fail_write = lambda args: any(r.get("id") == "work:W3" for r in args[1])
    with pytest.raises(BackendError, match=r"push failed at Work batch 2/2 \(rows 2-2 of 3\).*"
                                           r"lock could not be acquired"):
        db.save_graph(hand_graph(), batch_size=2)


def test_missing_uri_and_bad_scheme():
    with pytest.raises(BackendError, match="NEO4J_URI"):
        open_backend(Settings.from_env({}), "neo4j")
    with pytest.raises(BackendError, match="must start with"):
        open_backend(Settings.from_env({"NEO4J_URI": "http://u:p@x:7474"}), "neo4j")


def test_load_graph_pages_by_id_and_restores_nulls(driver):
    db = _open()
    d = driver.created[0]
    pages = {"": [{"id": "work:W1", "props": {"id": "work:W1", "kind": "work", "label": "A",
                                               "openalex_id": "W1", "seed": True},
                   "out": [{"type": "CITES", "target": "work:W2",
                            "props": {"key": "CITES", "type": "CITES"}}]}],
             "work:W1": [{"id": "work:W2", "props": {"id": "work:W2", "kind": "work",
                                                      "label": "B", "openalex_id": "W2"},
                          "out": []}],
             "work:W2": []}

    def respond(query, params):
        if query == dialect.read_nodes_page("Work"):
            return pages[params["after"]]
        if query == dialect.READ_META:
            return [{"facts": '{"works": 2}'}]
        return []

    d.respond = respond
    G = db.load_graph(page_size=1)
    assert G.graph == {"works": 2}
    assert G.nodes["work:W2"]["doi"] is None and G.nodes["work:W1"]["seed"] is True
    assert G.edges["work:W1", "work:W2", "CITES"] == {"type": "CITES", "confidence": None}
    afters = [e[2]["after"] for e in d.log if e[0] == "execute_query"
              and e[1] == dialect.read_nodes_page("Work")]
    assert afters == ["", "work:W1", "work:W2"]
