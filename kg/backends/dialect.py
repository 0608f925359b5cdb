"""Every difference between Neo4j 5 and FalkorDB that acukg meets, in one place.

The statement text is built here and only here. Labels and relationship types are formatted
into the text, so each one is checked against the model's fixed sets first
(:data:`kg.model.LABELS`, :data:`kg.model.EDGE_TYPES`, plus the graph-facts label
:data:`META_LABEL`); values always travel as parameters (``$rows``, ``$id``, ...).

Differences that matter to acukg (measured on FalkorDB 4.x through its own client, and from
Neo4j 5's documentation):

==========================  =========================================  ==========================================
what                        Neo4j 5                                    FalkorDB
==========================  =========================================  ==========================================
uniqueness on ``id``        ``CREATE CONSTRAINT … REQUIRE n.id IS      ``CREATE INDEX FOR (n:L) ON (n.id)`` (fails
                            UNIQUE`` (makes its own index)             if present: check ``CALL db.indexes()``),
                                                                       then ``GRAPH.CONSTRAINT CREATE … UNIQUE``
                                                                       over the Redis protocol
other indexes               ``CREATE INDEX name IF NOT EXISTS …``      ``CREATE INDEX FOR … ON …`` once
listing the schema          ``SHOW INDEXES`` / ``SHOW CONSTRAINTS``    ``CALL db.indexes()`` / ``CALL db.constraints()``
transactions                ``execute_write`` batches roll back        each query applies on its own: every write
                            as a whole                                 must be safe to repeat (MERGE, never CREATE)
graphs / databases          ``database`` (``NEO4J_DATABASE``)          a graph name (a Redis key) per graph
``size((a)-->())``          removed: use a pattern comprehension       works; pattern comprehensions work too
``COUNT {}`` / ``EXISTS{}`` available                                  not available (the twins use neither)
==========================  =========================================  ==========================================

Two FalkorDB quirks that return wrong rows without an error (measured; the shared Cypher avoids
them): two pattern comprehensions in one clause that reuse a variable name
(``[(c)-[:A]->(w) | w.id], [(c)-[:B]->(w) | w.id]``) give the second one the first one's
bindings, so every comprehension names its variables uniquely; and ``WITH …, [pattern] AS seen
WHERE all(x IN $list WHERE x IN seen)`` drops every row, so such a filter goes in the next
``WITH``. A pattern comprehension inside ``all(…)`` is an error there, and FalkorDB's
``toJSON()`` does not escape quotes (its output is not JSON), so pulls read maps, not JSON.

Shared forms used by the push, the pull and the Cypher twins: ``UNWIND $rows AS row MERGE …
SET n += row.props`` (a ``null`` in ``props`` removes the property on both), ``properties(n)``,
pattern comprehensions ``[(a)-[r]->(b) | {…}]``, map literals, ``ORDER BY … LIMIT $n``. Both drop
null properties on write, so the pull restores them from the model schema.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import BackendError
from kg.model import EDGE_TYPES, LABELS

#: Label of the one node holding the graph-level facts (``G.graph``) as JSON.
META_LABEL = "AcukgGraph"
#: Its ``id`` (passed as a parameter).
META_ID = "graph"
#: Every label acukg writes.
ALL_LABELS = tuple(LABELS.values()) + (META_LABEL,)
#: Node properties that get an index besides ``id`` (label -> properties).
EXTRA_INDEXES = {"Work": ("doi", "year")}


def check_label(label: str) -> str:
    """Return ``label`` if it is one of acukg's fixed node labels, else raise BackendError."""
    if label not in ALL_LABELS:
        raise BackendError(f"refusing node label {label!r}: not one of {ALL_LABELS}")
    return label


def check_type(type_: str) -> str:
    """Return ``type_`` if it is one of the model's relationship types, else raise BackendError."""
    if type_ not in EDGE_TYPES:
        raise BackendError(f"refusing relationship type {type_!r}: not one of {EDGE_TYPES}")
    return type_


# ---------------------------------------------------------------------------------------
# Writes shared by both databases


def merge_nodes(label: str) -> str:
    """Batched node upsert: one row ``{id, props}`` per node in ``$rows``."""
    return f"UNWIND $rows AS row MERGE (n:{check_label(label)} {{id: row.id}}) SET n += row.props"


def merge_edges(type_: str, start: str, end: str) -> str:
    """Batched relationship upsert: rows ``{source, target, key, props}``; ends matched by label + id."""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{check_label(start)} {{id: row.source}}) "
        f"MATCH (b:{check_label(end)} {{id: row.target}}) "
        f"MERGE (a)-[r:{check_type(type_)} {{key: row.key}}]->(b) SET r += row.props"
    )


def merge_node_one(label: str) -> str:
    """One node per statement (``$id``, ``$props``): the slow baseline the benchmark compares against."""
    return f"MERGE (n:{check_label(label)} {{id: $id}}) SET n += $props"


def merge_edge_one(type_: str, start: str, end: str) -> str:
    """One relationship per statement (``$source``, ``$target``, ``$key``, ``$props``)."""
    return (
        f"MATCH (a:{check_label(start)} {{id: $source}}) MATCH (b:{check_label(end)} {{id: $target}}) "
        f"MERGE (a)-[r:{check_type(type_)} {{key: $key}}]->(b) SET r += $props"
    )


MERGE_META = f"MERGE (m:{META_LABEL} {{id: $id}}) SET m.facts = $facts"

# ---------------------------------------------------------------------------------------
# Reads shared by both databases


def read_nodes_page(label: str) -> str:
    """A page of nodes of one label after ``$after`` (keyset paging on the ``id`` index),
    each with its outgoing relationships (type, target id, properties)."""
    return (
        f"MATCH (a:{check_label(label)}) WHERE a.id > $after "
        f"WITH a ORDER BY a.id LIMIT $limit "
        f"RETURN a.id AS id, properties(a) AS props, "
        f"[(a)-[r]->(b) | {{type: type(r), target: b.id, props: properties(r)}}] AS out"
    )


READ_META = f"MATCH (m:{META_LABEL} {{id: $id}}) RETURN m.facts AS facts"


def count_nodes(label: str) -> str:
    return f"MATCH (n:{check_label(label)}) RETURN count(n) AS n"


def count_edges(type_: str) -> str:
    return f"MATCH ()-[r:{check_type(type_)}]->() RETURN count(r) AS n"


def delete_label_batch(label: str) -> str:
    """Delete up to ``$limit`` nodes of one of acukg's labels (and their relationships)."""
    return f"MATCH (n:{check_label(label)}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"


# ---------------------------------------------------------------------------------------
# Schema: the one place the two databases part ways on writes


@dataclass(frozen=True)
class Neo4jSchema:
    """Neo4j 5: a uniqueness constraint per label on ``id`` (it brings its own index), and
    range indexes on ``Work.doi`` and ``Work.year``. All idempotent (``IF NOT EXISTS``)."""

    def statements(self) -> list[str]:
        out = [
            f"CREATE CONSTRAINT acukg_{label.lower()}_id IF NOT EXISTS "
            f"FOR (n:{check_label(label)}) REQUIRE n.id IS UNIQUE"
            for label in ALL_LABELS
        ]
        for label, props in EXTRA_INDEXES.items():
            for prop in props:
                out.append(
                    f"CREATE INDEX acukg_{label.lower()}_{prop} IF NOT EXISTS "
                    f"FOR (n:{check_label(label)}) ON (n.{prop})"
                )
        return out


@dataclass(frozen=True)
class FalkorSchema:
    """FalkorDB: range indexes created with ``CREATE INDEX`` only when ``CALL db.indexes()`` does
    not list them (creating one twice is an error), then a unique constraint per label on ``id``
    through the ``GRAPH.CONSTRAINT`` command (it needs the index; it is built in the background)."""

    list_indexes: str = "CALL db.indexes() YIELD label, properties RETURN label, properties"
    list_constraints: str = (
        "CALL db.constraints() YIELD type, label, properties RETURN type, label, properties"
    )

    def wanted_indexes(self) -> list[tuple[str, str]]:
        out = [(label, "id") for label in ALL_LABELS]
        out += [(label, prop) for label, props in EXTRA_INDEXES.items() for prop in props]
        return out

    def create_index(self, label: str, prop: str) -> str:
        if prop not in ("id",) + EXTRA_INDEXES.get(label, ()):
            raise BackendError(f"refusing index on {label}.{prop}: not in acukg's schema")
        return f"CREATE INDEX FOR (n:{check_label(label)}) ON (n.{prop})"

    def unique_constraint_command(self, graph: str, label: str) -> tuple:
        """Arguments of the Redis command making ``label.id`` unique in ``graph``."""
        return ("GRAPH.CONSTRAINT", "CREATE", graph, "UNIQUE", "NODE", check_label(label),
                "PROPERTIES", 1, "id")
