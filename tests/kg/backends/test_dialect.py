"""Statement text: fixed labels and types only, values only as parameters."""

from __future__ import annotations

import re

import pytest

from kg.backends import dialect
from kg.errors import BackendError
from kg.model import EDGE_TYPES, LABELS


def test_statements_take_values_only_as_parameters():
    texts = [dialect.merge_nodes(label) for label in LABELS.values()]
    texts += [dialect.merge_edges(t, "Work", "Mechanism") for t in EDGE_TYPES]
    texts += [dialect.MERGE_META, dialect.READ_META, dialect.read_nodes_page("Work")]
    for text in texts:
        assert "'" not in text and '"' not in text, text
    assert dialect.merge_nodes("Work") == (
        "UNWIND $rows AS row MERGE (n:Work {id: row.id}) SET n += row.props")
    assert re.search(r"MERGE \(a\)-\[r:CITES \{key: row.key\}\]->\(b\) SET r \+= row.props",
                     dialect.merge_edges("CITES", "Work", "Work"))


@pytest.mark.parametrize("bad", ["work", "Work) DETACH DELETE n //", "Person", ""])
def test_labels_outside_the_model_are_refused(bad):
    with pytest.raises(BackendError, match="refusing node label"):
        dialect.merge_nodes(bad)


def test_types_outside_the_model_are_refused():
    with pytest.raises(BackendError, match="refusing relationship type"):
        dialect.merge_edges("KNOWS", "Work", "Work")


def test_neo4j_schema_has_a_unique_constraint_per_label_and_work_indexes():
    statements = dialect.Neo4jSchema().statements()
    for label in dialect.ALL_LABELS:
        assert (f"CREATE CONSTRAINT acukg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) "
                f"REQUIRE n.id IS UNIQUE") in statements
    assert "CREATE INDEX acukg_work_doi IF NOT EXISTS FOR (n:Work) ON (n.doi)" in statements
    assert "CREATE INDEX acukg_work_year IF NOT EXISTS FOR (n:Work) ON (n.year)" in statements


def test_falkordb_schema_forms():
    forms = dialect.FalkorSchema()
    assert ("Work", "doi") in forms.wanted_indexes() and ("Claim", "id") in forms.wanted_indexes()
    assert forms.create_index("Work", "year") == "CREATE INDEX FOR (n:Work) ON (n.year)"
    with pytest.raises(BackendError):
        forms.create_index("Work", "title")
    assert forms.unique_constraint_command("g", "Work") == (
        "GRAPH.CONSTRAINT", "CREATE", "g", "UNIQUE", "NODE", "Work", "PROPERTIES", 1, "id")
