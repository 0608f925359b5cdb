"""The Cypher twins of the query helpers: the same questions asked of a graph database.

Each function takes a :class:`kg.backends.Backend` (Neo4j or FalkorDB) where its networkx
sibling takes ``G``, fetches plain rows with Cypher, and hands them to the same pure shaping
and scoring functions (:mod:`queries.shaping`, :mod:`queries.scoring`) the networkx helpers
use, so both return identical DataFrames. Concept names resolve through the same vocabulary
(:mod:`kg.resolve`). The helpers in ``queries.findings``, ``queries.associations``,
``queries.claims`` and ``queries.citations`` dispatch here when given a backend.

The Cypher is the openCypher Neo4j 5 and FalkorDB share: no ``COUNT {}`` / ``EXISTS {}``
subqueries, no ``size(pattern)`` (pattern comprehensions instead), no regex; values only as
parameters; labels only from :mod:`kg.backends.dialect`'s checked set. Two FalkorDB quirks
(measured, see :mod:`kg.backends.dialect`) are avoided in the shared text: every pattern
comprehension names its variables uniquely, and a list made in a ``WITH`` is filtered with
``all(…)`` only in the next ``WITH``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from kg.backends import dialect
from kg.model import DESIGNS, LABELS, SPECIES, kind_of
from kg import evidence as evidence_rules, ids
from kg.claims import on_point, on_point_requirements
from kg.vocabulary import narrower, vocabulary
from kg import resolve
from queries import scoring, shaping

#: The columns of ``queries.in_memory.work_record``, read from a work ``w``.
WORK = ("w.id AS work, w.doi AS doi, w.title AS title, w.year AS year, w.design AS design, "
        "w.species AS species, w.retracted AS retracted")
#: In-graph citations of ``w``: works with a CITES relationship to it.
CITATIONS = "size([(citer:Work)-[:CITES]->(w) | citer.id]) AS citations"

EVIDENCE = (
    "MATCH (w:Work)-[m:MENTIONS]->(c:{label}) WHERE c.id IN $targets "
    "AND ($designs IS NULL OR w.design IN $designs) "
    "AND ($since IS NULL OR (w.year IS NOT NULL AND w.year >= $since)) "
    "AND ($species IS NULL OR w.species IN $species) "
    "WITH w, m, c, [(w)-[:MENTIONS]->(other) | other.id] AS seen "
    "WITH w, m, c, seen, $within AS within WHERE all(g IN within WHERE any(o IN g WHERE o IN seen)) "
    f"RETURN {WORK}, c.id AS concept, m.field AS field, m.direction AS direction, "
    f"m.negated AS negated, m.sentence AS sentence, {CITATIONS}, seen"
)
MECHANISMS_FOR = (
    "MATCH (w:Work)-[:MENTIONS]->(c:{label}) WHERE c.id IN $concepts "
    "WITH w, collect(DISTINCT c.id) AS anchors "
    "MATCH (w)-[m:MENTIONS]->(k:Mechanism) WHERE NOT k.id IN $concepts "
    f"RETURN {WORK}, k.id AS key, k.label AS label, m.direction AS direction, m.negated AS negated, anchors"
)
WORK_TABLE = f"RETURN DISTINCT {WORK}, w.cited_by_count AS cited_by_count, {CITATIONS}"
REFERENCES = "MATCH (:Work {id: $id})-[:CITES]->(w:Work) " + WORK_TABLE
CITED_BY = "MATCH (w:Work)-[:CITES]->(:Work {id: $id}) " + WORK_TABLE
MOST_CITED = (
    f"MATCH (w:Work) WITH w, {CITATIONS} "
    f"RETURN {WORK}, w.cited_by_count AS cited_by_count, citations "
    "ORDER BY citations DESC, coalesce(w.cited_by_count, 0) DESC, "
    "coalesce(w.year, -2147483648) DESC, w.id"
)
WORK_KIND = "MATCH (w:Work {id: $id}) RETURN w.kind AS kind"
WORKS = f"MATCH (w:Work) WHERE w.id IN $ids RETURN {WORK}"
MENTIONERS = "MATCH (w:Work)-[:MENTIONS]->(c:{label}) WHERE c.id IN $ids RETURN DISTINCT c.id AS concept, w.id AS work"
CLAIMS = (
    "MATCH (c:Claim) RETURN c.id AS id, properties(c) AS props, "
    "[(c)-[:SUPPORTED_BY]->(pro:Work) | pro.id] AS supporting, "
    "[(c)-[:CONTRADICTED_BY]->(con:Work) | con.id] AS contradicting"
)
SOURCES = (
    "MATCH (s:Source) WHERE s.id IN $ids "
    "RETURN s.id AS id, s.label AS label, [(s)-[:CITES]->(cited:Work) | {id: cited.id, doi: cited.doi}] AS cites"
)
CONCEPTS = "MATCH (c:{label}) WHERE c.id IN $ids RETURN c.id AS id, c.label AS label"
MENTIONS_OF = (
    "MATCH (w:Work)-[m:MENTIONS]->(k:{label} {{id: $concept}}) "
    "RETURN w.id AS work, m.direction AS direction, m.negated AS negated"
)
CONDITIONS_OF = (
    "MATCH (w:Work)-[:MENTIONS]->(c:Condition) WHERE w.id IN $works "
    "RETURN DISTINCT w.id AS work, c.id AS key, c.label AS label"
)
MECHANISM_MENTIONS = (
    "MATCH (w:Work)-[m:MENTIONS]->(k:Mechanism) WHERE k.id IN $ids "
    "RETURN w.id AS work, k.id AS concept, m.direction AS direction, m.negated AS negated"
)


def _label(concept_id: str) -> str:
    """The checked label of a concept's node."""
    return dialect.check_label(LABELS.get(kind_of(concept_id), ""))


def _by_label(ids: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cid in sorted(set(ids)):
        if kind_of(cid) in LABELS:
            out.setdefault(_label(cid), []).append(cid)
    return out


def _record(row: dict) -> dict:
    """``queries.in_memory.work_record`` from a row holding :data:`WORK`."""
    return {"work": row["work"], "doi": row["doi"], "title": row["title"], "year": row["year"],
            "design": row["design"], "species": row["species"],
            "retracted": bool(row["retracted"])}


def _as_set(value, name: str, allowed) -> list[str] | None:
    """Validate a filter as ``queries.findings.evidence`` does (same message), as a sorted list."""
    values = shaping.as_set(value, name, allowed)
    return None if values is None else sorted(values)


def _vocabulary_ids(kind: str) -> list[str]:
    return sorted(c.id for c in vocabulary().concepts if c.kind == kind)


def _existing(db, ids: Iterable[str]) -> dict[str, str]:
    """Concept id -> label (its id when it has none) of those of ``ids`` present in the database."""
    out = {}
    for label, group in _by_label(ids).items():
        for row in db.run(CONCEPTS.format(label=label), ids=group):
            out[row["id"]] = row["label"] or row["id"]
    return out


class _WorkView:
    """Just enough of a graph for ``queries.resolve.work``: membership and a node's kind."""

    def __init__(self, db):
        self._db, self._kinds = db, {}
        self.nodes = self

    def _kind(self, node):
        if node not in self._kinds:
            rows = self._db.run(WORK_KIND, id=node)
            self._kinds[node] = rows[0]["kind"] if rows else None
        return self._kinds[node]

    def __contains__(self, node) -> bool:
        return self._kind(node) is not None

    def __getitem__(self, node) -> dict:
        return {"kind": self._kind(node)}


# ---------------------------------------------------------------------------------------


def evidence(db, *, mechanism=None, condition=None, intervention=None, design=None, species=None,
             since=None, exact=False) -> pd.DataFrame:
    """Twin of :func:`queries.findings.evidence` (same parameters, same DataFrame)."""
    ids = {role: resolve.concept(term).id
           for role, term in (("mechanism", mechanism), ("condition", condition),
                              ("intervention", intervention)) if term is not None}
    designs = _as_set(design, "design", DESIGNS)
    wanted = _as_set(species, "species", (*SPECIES, "animal"))
    under = (lambda c: [c]) if exact else (lambda c: sorted(narrower(c)))
    target = None
    if ids:
        target = next(ids[r] for r in ("mechanism", "condition", "intervention") if r in ids)
        targets = under(target)
    else:
        targets = sorted(_existing(db, _vocabulary_ids("mechanism")))
    filters = {c: under(c) for c in ids.values() if c != target}
    within = [group for _, group in sorted(filters.items())]
    narrower_filters = {c for asked, group in filters.items() for c in group if c != asked}

    def via(row: dict) -> list[str]:
        found = narrower_filters.intersection(row["seen"])
        if target is not None and row["concept"] != target:
            found.add(row["concept"])
        return sorted(found)

    # "human" and "animal" are evidence groups (kg.evidence.group): applied to the rows here
    by_group = wanted is not None and bool({"human", "animal"} & set(wanted))
    params = dict(designs=designs, since=since, species=None if by_group else wanted, within=within)
    rows = []
    for label, group in _by_label(targets).items():
        for row in db.run(EVIDENCE.format(label=label), targets=group, **params):
            if by_group and not scoring.species_match(row["design"], row["species"], set(wanted)):
                continue
            rows.append(_record(row) | {
                "concept": row["concept"], "field": row["field"], "direction": row["direction"],
                "negated": bool(row["negated"]), "sentence": row["sentence"],
                "citations": row["citations"], "via": via(row)})
    return shaping.evidence_frame(rows)


def mechanisms_for(db, condition: str, *, exact: bool = False) -> pd.DataFrame:
    """Twin of :func:`queries.associations.mechanisms_for`."""
    cid = resolve.concept(condition).id
    concepts = [cid] if exact else sorted(narrower(cid))
    rows = [_record(row) | {"key": row["key"], "label": row["label"] or row["key"],
                            "direction": row["direction"], "negated": bool(row["negated"]),
                            "via": [a for a in row["anchors"] if a != cid]}
            for row in db.run(MECHANISMS_FOR.format(label=_label(cid)), concepts=concepts)]
    return shaping.associations_frame(rows, key="mechanism")


def conditions_for(db, mechanism: str, *, exact: bool = False) -> pd.DataFrame:
    """Twin of :func:`queries.associations.conditions_for`."""
    mid = resolve.concept(mechanism).id
    anchors = [mid] if exact else sorted(narrower(mid))
    mentions: dict[str, list] = {}
    anchors_of: dict[str, set[str]] = {}
    for anchor in anchors:
        for row in db.run(MENTIONS_OF.format(label=_label(mid)), concept=anchor):
            mentions.setdefault(row["work"], []).append((row["direction"], bool(row["negated"])))
            anchors_of.setdefault(row["work"], set()).add(anchor)
    records = {r["work"]: _record(r) for r in db.run(WORKS, ids=sorted(mentions))}
    conditions = set(_existing(db, _vocabulary_ids("condition")))
    groups: dict[str, dict] = {}
    for row in db.run(CONDITIONS_OF, works=sorted(mentions)):
        if row["key"] in anchors or row["key"] not in conditions:
            continue
        group = groups.setdefault(row["key"], {"label": row["label"] or row["key"], "works": {}, "via": set()})
        group["works"][row["work"]] = {**records[row["work"]], "mentions": mentions[row["work"]]}
        group["via"].update(a for a in anchors_of[row["work"]] if a != mid)
    return shaping.rank_associations(groups, key="condition")


def gaps(db) -> pd.DataFrame:
    """Twin of :func:`queries.associations.gaps`: mentions fetched, the same rules applied here."""
    from queries.associations import GAP_COLUMNS

    mechanisms = _existing(db, _vocabulary_ids("mechanism"))
    conditions = _existing(db, _vocabulary_ids("condition"))
    mentions: dict[str, dict[str, list]] = {}
    for row in db.run(MECHANISM_MENTIONS, ids=sorted(mechanisms)):
        by_work = mentions.setdefault(row["concept"], {})
        by_work.setdefault(row["work"], []).append((row["direction"], bool(row["negated"])))
    mentioners: dict[str, set[str]] = {c: set() for c in conditions}
    for row in db.run(MENTIONERS.format(label=_label("condition:x")), ids=sorted(conditions)):
        mentioners[row["concept"]].add(row["work"])
    findings = {m: {w: evidence_rules.finding(p) for w, p in by_work.items()} for m, by_work in mentions.items()}
    every = set().union(*(set(f) for f in findings.values()))
    records = {r["work"]: _record(r) for r in db.run(WORKS, ids=sorted(every))}
    out = []
    for m in sorted(mechanisms):
        finding_of = findings.get(m, {})
        for c in sorted(conditions):
            shared = sorted(mentioners[c] & finding_of.keys())
            s = scoring.summarise([records[w] | {"finding": finding_of[w]} for w in shared])
            reasons = scoring.gap_reasons(s) if s["studies"] else []
            if reasons:
                out.append({"mechanism": m, "mechanism_label": mechanisms[m], "condition": c,
                            "condition_label": conditions[c],
                            **{k: s[k] for k in ("studies", "human", "animal", "direction", "support", "against",
                                                 "score")},
                            "reasons": ", ".join(reasons)})
    out.sort(key=lambda r: (-r["studies"], r["mechanism"], r["condition"]))
    return shaping.frame(out, GAP_COLUMNS)


def _work_table(rows: list[dict], *, n: int | None = None) -> pd.DataFrame:
    return shaping.work_table(
        [_record(r) | {"citations": r["citations"], "cited_by_count": r["cited_by_count"] or 0}
         for r in rows], n=n)


def references(db, work: str) -> pd.DataFrame:
    """Twin of :func:`queries.citations.references`."""
    node = resolve.work(_WorkView(db), work)
    return _work_table(db.run(REFERENCES, id=node))


def cited_by(db, work: str) -> pd.DataFrame:
    """Twin of :func:`queries.citations.cited_by`."""
    node = resolve.work(_WorkView(db), work)
    return _work_table(db.run(CITED_BY, id=node))


def most_cited(db, *, n: int = 20) -> pd.DataFrame:
    """Twin of :func:`queries.citations.most_cited` (ordered and limited in the database)."""
    if n is None:
        return _work_table(db.run(MOST_CITED))
    return _work_table(db.run(MOST_CITED + " LIMIT $n", n=int(n)), n=n)


def _facts(db) -> dict:
    rows = db.run(dialect.READ_META, id=dialect.META_ID)
    return json.loads(rows[0]["facts"]) if rows and rows[0]["facts"] else {}


def claims_audit(db) -> pd.DataFrame:
    """Twin of :func:`queries.claims.claims_audit`."""
    claims = db.run(CLAIMS)
    if not claims:
        return shaping.claims_frame([])
    sources = {r["id"]: r for r in db.run(SOURCES, ids=sorted({c["props"].get("source") for c in claims
                                                                   if c["props"].get("source")}))}
    needed = {c for row in claims for need in (on_point_requirements(row["props"]) or ()) for c in need}
    needed |= {c for row in claims if row["props"].get("object_concept")
               for c in narrower(row["props"]["object_concept"])}
    mentioners: dict[str, set[str]] = {c: set() for c in needed}
    for label, group in _by_label(needed).items():
        for row in db.run(MENTIONERS.format(label=label), ids=group):
            mentioners[row["concept"]].add(row["work"])

    def mentioning(concept: str) -> set[str]:
        return mentioners.get(concept, set())

    unions: dict = {}
    seed_map = {ids.doi(k): v for k, v in (_facts(db).get("seed_map") or {}).items()}

    def cited_work(claim: dict) -> str | None:
        doi = claim.get("cited_doi")
        if not doi:
            return None
        source = sources.get(claim.get("source"))
        if source:
            for cited in sorted(source["cites"], key=lambda c: c["id"]):
                if cited["doi"] == doi:
                    return cited["id"]
        if doi in seed_map:
            return "work:" + str(seed_map[doi]).rsplit("/", 1)[-1].upper()
        return None

    prepared, involved = [], set()
    for row in claims:
        claim = dict(row["props"], id=row["id"])
        obj = claim.get("object_concept")
        entry = dict(claim=claim, supporting=set(row["supporting"]),
                     contradicting=set(row["contradicting"]),
                     mentioning=set().union(*map(mentioning, narrower(obj))) if obj else set(),
                     on_point=on_point(claim, mentioning, unions), cited=cited_work(claim))
        involved |= entry["supporting"] | entry["contradicting"] | entry["mentioning"] | entry["on_point"]
        involved |= {entry["cited"]} if entry["cited"] else set()
        prepared.append(entry)
    records = {r["work"]: _record(r) for r in db.run(WORKS, ids=sorted(involved))}
    out = []
    for entry in prepared:
        claim, cited = entry["claim"], entry["cited"]
        if cited is not None and cited not in records:  # a seed-map work not in the database
            cited = None
        works = entry["supporting"] | entry["contradicting"] | entry["mentioning"] | entry["on_point"]
        works |= {cited} if cited else set()
        source = sources.get(claim.get("source"))
        out.append(shaping.claim_row(
            claim, source_title=(source["label"] or source["id"]) if source else None,
            works={w: records[w] for w in works if w in records},
            supporting=entry["supporting"], contradicting=entry["contradicting"],
            mentioning=entry["mentioning"], on_point=entry["on_point"], cited_work=cited))
    return shaping.claims_frame(out)


def chains(db, intervention: str, condition: str, *, max_len: int = 3) -> pd.DataFrame:
    """Twin of :func:`queries.associations.chains`."""
    if max_len not in (2, 3):
        raise ValueError(f"max_len must be 2 or 3 hops, got {max_len!r}")
    start = resolve.concept(intervention).id
    end = resolve.concept(condition).id
    labels = _existing(db, [start, end])
    if start not in labels or end not in labels:
        return shaping.chains_frame([])
    mechanism_labels = _existing(db, _vocabulary_ids("mechanism"))
    mechanisms = sorted(m for m in mechanism_labels if m not in (start, end))
    labels |= mechanism_labels
    mentioners: dict[str, set[str]] = {start: set(), end: set()}
    for label, group in _by_label([start, end]).items():
        for row in db.run(MENTIONERS.format(label=label), ids=group):
            mentioners[row["concept"]].add(row["work"])
    pairs: dict[str, dict[str, list]] = {}
    for row in db.run(MECHANISM_MENTIONS, ids=mechanisms):
        by_work = pairs.setdefault(row["concept"], {})
        by_work.setdefault(row["work"], []).append((row["direction"], bool(row["negated"])))
    stances = {m: {w: evidence_rules.finding(p) for w, p in by_work.items()} for m, by_work in pairs.items()}
    works_of = {m: set(s) for m, s in stances.items()}
    every = set().union(mentioners[start], mentioners[end], *works_of.values())
    records = {r["work"]: _record(r) for r in db.run(WORKS, ids=sorted(every))}

    def summary(a: str, b: str) -> dict:
        measured = a if b == end else b
        other_works = mentioners[start] if a == start else mentioners[end] if b == end else works_of.get(a, set())
        stance_of = stances.get(measured, {})
        shared = sorted(other_works & stance_of.keys())
        return scoring.summarise([records[w] | {"finding": stance_of[w]} for w in shared])

    paths, hops = shaping.chain_paths(start, end, mechanisms, summary, max_len)
    return shaping.chains_frame(shaping.chain_row(p, hops, labels) for p in paths)
