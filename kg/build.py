"""Build the graph from OpenAlex work dicts: a pure function of its inputs.

:func:`build_graph` parses each work (:mod:`kg.parse`), classifies its design and species
(:mod:`kg.classify`), tags its concept mentions (:mod:`kg.tagging`), then adds CITES among the
stored works, the derived ASSOCIATED_WITH edges, and the practitioner articles with their
claims (:mod:`kg.claims`). Nodes and the few thousand derived edges are :mod:`kg.model`
dataclasses added by :func:`kg.model.add_node` / :func:`kg.model.add_edge`; the millions of
MENTIONS and CITES edges are attribute dicts shaped as :class:`kg.model.Mentions` and
:class:`kg.model.Cites`, added in bulk by :func:`kg.model.add_edges`.

PubMed records (:mod:`kg.pubmed`), matched to works by PMID or else by DOI, fill what
OpenAlex lacks: the abstract when OpenAlex has none, the MeSH headings when OpenAlex lists
none, and the NLM publication types, which decide the design before the text rules
(:func:`kg.classify.design_with_source`). Every MENTIONS edge says whose record held its text
(``text_source``: openalex or pubmed). MeSH gives one mention per descriptor (its
qualifiers in the edge's sentence, "Pain / therapy, drug therapy"), however often OpenAlex
lists the descriptor.

ASSOCIATED_WITH (mechanism -> condition, intervention/acupoint -> mechanism) is counted from
each work's concept sets, one pass over the works, no pairs of works. Control interventions
(vocabulary group ``control``: sham acupuncture) are not sources: the findings are the
treatment's.

The evidence rules are :mod:`kg.evidence`'s (the ones the queries and views use): each work's
*finding* about the mechanism (``n_up``, ``n_down``, ``n_null`` count them), the consensus
``direction``, and ``n_human`` / ``n_animal`` (:func:`kg.evidence.group`). Retracted works
are not evidence: they are left out of ASSOCIATED_WITH. ``n_<design>`` counts designs
(``n_animal_study`` for ``animal``), with ``n_unknown_design`` for works the classifier could
not place; ``best_level`` is the best design's rung on the evidence ladder.

Each work's design comes with where it came from (``design_source``:
:func:`kg.classify.design_with_source`); ``G.graph["design_sources"]`` counts them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cache
from sys import intern

import networkx as nx

from kg import evidence
from kg import mesh as mesh_
from kg.gc_pause import gc_paused
from kg.model import (
    DESIGN_COUNT_FIELD,
    AssociatedWith,
    Cites,
    add_edge,
    add_edges,
    add_node,
    design_level,
    edge_attrs,
    edge_key,
    kind_of,
)
from kg import ids
from kg.parse import ParseError, concept_node, parse_work
from kg.text import sentences
from kg.vocabulary import vocabulary

_FAMILY = ("intervention", "acupoint")
#: Vocabulary groups of interventions that are controls, not treatments (sham acupuncture).
CONTROL_GROUPS = frozenset({"control"})


def _mention_edges(mentions, texts: dict[str, str | None], sources: dict[str, str],
                   mesh_terms: list[str] = ()) -> list[tuple[str, str, dict]]:
    """``(concept, key, attrs)`` of a work's MENTIONS edges, attrs as :class:`kg.model.Mentions`
    has them (built as plain dicts: a build makes millions).

    ``texts`` holds the title and abstract the tagger read; a mention's sentence is found
    again with :func:`kg.text.sentences` (equal sentences share one string). Keyword
    mentions stand in their term, MeSH mentions in ``mesh_terms`` (the heading with its
    qualifiers). ``sources`` says whose record held each field.
    """
    shared: dict[str, str] = {}
    edges = []
    for m in mentions:
        field = m.field
        if field == "title" or field == "abstract":
            text = texts[field]
            s_start, s_end = sentences(text)[m.sentence]
            sentence = text[s_start:max(s_end, m.end)]
        elif field == "mesh" and m.start < len(mesh_terms):
            sentence = mesh_terms[m.start]
        else:
            sentence = m.matched
        sentence = shared.setdefault(sentence, sentence)
        key = intern(edge_key("MENTIONS", field, m.start))
        attrs = {
            "field": field,
            "sentence_index": m.sentence,
            "start": m.start,
            "end": m.end,
            "sentence": sentence,
            "matched": intern(m.matched),
            "negated": m.negated,
            "direction": None if m.manipulated else m.direction,  # a manipulation is no finding
            "method": "mesh" if field == "mesh" else "vocabulary",
            "text_source": sources[field],
            "type": "MENTIONS",
        }
        edges.append((m.concept, key, attrs))
    return edges


@cache
def _controls() -> frozenset[str]:
    return frozenset(c.id for c in vocabulary().concepts if getattr(c, "group", None) in CONTROL_GROUPS)


class _WorkFacts:
    """What ASSOCIATED_WITH needs of one work."""

    __slots__ = ("year", "design", "group", "retracted", "mechanisms", "conditions", "family")

    def __init__(self, node, edges: list[tuple[str, str, dict]]):
        self.year, self.design, self.retracted = node.year, node.design, node.retracted
        self.group = evidence.group(node.design, node.species)
        by_mechanism: dict[str, list[tuple[str | None, bool]]] = {}
        conditions, family = set(), set()
        for target, _, attrs in edges:
            kind = kind_of(target)
            if kind == "mechanism":
                by_mechanism.setdefault(target, []).append((attrs["direction"], attrs["negated"]))
            elif kind == "condition":
                conditions.add(target)
            elif kind in _FAMILY and target not in _controls():
                family.add(target)
        self.mechanisms = {m: evidence.finding(ms) for m, ms in by_mechanism.items()}
        self.conditions, self.family = conditions, family


def _associations(facts: dict[str, _WorkFacts]) -> list[AssociatedWith]:
    pairs: dict[tuple[str, str], list[str]] = {}
    for work, f in facts.items():
        if f.retracted:
            continue  # not evidence
        for mechanism in f.mechanisms:
            for condition in f.conditions:
                pairs.setdefault((mechanism, condition), []).append(work)
            for intervention in f.family:
                pairs.setdefault((intervention, mechanism), []).append(work)
    edges = []
    for (source, target), works in pairs.items():
        mechanism = target if kind_of(target) == "mechanism" else source
        counts = Counter()
        years = []
        best = 0
        for work in works:
            f = facts[work]
            counts[f.mechanisms[mechanism]] += 1
            counts[DESIGN_COUNT_FIELD.get(f.design, "n_unknown_design")] += 1
            counts[f"n_{f.group}"] += 1
            best = max(best, design_level(f.design))
            if f.year is not None:
                years.append(f.year)
        edges.append(
            AssociatedWith(
                source=source,
                target=target,
                studies=len(works),
                works=sorted(works),
                n_up=counts["up"],
                n_down=counts["down"],
                n_null=counts["null"],
                direction=evidence.consensus(counts["up"], counts["down"], counts["null"]),
                best_level=best,
                first_year=min(years) if years else None,
                last_year=max(years) if years else None,
                **{name: counts[name] for name in ("n_human", "n_animal", *DESIGN_COUNT_FIELD.values(), "n_unknown_design")},
            )
        )
    return sorted(edges, key=lambda e: (e.source, e.target))


def _pubmed_index(pubmed) -> tuple[dict, dict]:
    """``({pmid: record}, {doi: record})`` of PubMed records (a record seen twice: the last)."""
    by_pmid, by_doi = {}, {}
    for record in pubmed or ():
        by_pmid[record.pmid] = record
        if record.doi:
            by_doi[record.doi] = record
    return by_pmid, by_doi


def _mesh_terms(headings) -> list[str]:
    return [f"{h.name} / {', '.join(h.qualifiers)}" if h.qualifiers else h.name for h in headings]


def _count(G, works, attr: str) -> dict[str, int]:
    """Works by the value of a node attribute (None counted as "none"), sorted by name."""
    counts = Counter(G.nodes[w].get(attr) or "none" for w in works)
    return dict(sorted(counts.items()))


@gc_paused()
def build_graph(works, *, hops=None, seed_map=None, articles=None, synthetic=False, built_at=None,
                pubmed=None) -> nx.MultiDiGraph:
    """Build the knowledge graph from OpenAlex work dicts (pure: no I/O).

    Parameters
    ----------
    works : iterable of dict
        OpenAlex work objects; a work seen twice keeps its last record.
    hops : dict, optional
        OpenAlex id (short or URL) -> hop (0 = seed).
    seed_map : dict, optional
        Bibliography DOI -> OpenAlex id of the seed works (these are seeds whatever their hop).
    articles : kg.claims.Articles, optional
        Practitioner articles to add with their claims, citations and claim links.
    synthetic : bool
        The works are synthetic (recorded in ``G.graph["synthetic"]``).
    built_at : str, optional
        The build time to record (ISO 8601); the caller's clock, so the build stays pure.
    pubmed : iterable of kg.pubmed.PubmedRecord, optional
        PubMed records of the works (matched by PMID, else by DOI).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes and edges as :mod:`kg.model` defines them; ``G.graph`` holds ``synthetic``,
        ``vocabulary_version``, ``built_at``, ``works``, ``dangling_references`` (references to
        works not among ``works``, not added as nodes), ``mentions``, ``claims``,
        ``design_sources`` (source of the design -> works: :func:`kg.classify.design_with_source`),
        ``pubmed_records`` and ``abstract_sources`` (works by whose abstract the graph read:
        openalex, pubmed, none).

    Raises
    ------
    kg.parse.ParseError
        A record is not a work object with an OpenAlex id (the message gives its position).

    Examples
    --------
    >>> G = build_graph([{"id": "W1", "title": "Acupuncture", "referenced_works": ["W2"]}])
    >>> G.graph["works"], G.graph["dangling_references"]
    (1, 1)
    """
    from kg.classify import design_with_source, species
    from kg.tagging import tag_work

    G = nx.MultiDiGraph()
    hop_of = {ids.openalex(k): v for k, v in (hops or {}).items()}
    seeds = {ids.openalex(w) for w in (seed_map or {}).values()}
    facts: dict[str, _WorkFacts] = {}
    design_sources: dict[str, str | None] = {}
    references: dict[str, tuple[str, ...]] = {}
    mentions: dict[str, list[tuple[str, str, dict]]] = {}
    by_pmid, by_doi = _pubmed_index(pubmed)
    for position, record in enumerate(works):
        try:
            parsed = parse_work(record)
        except ParseError as exc:
            raise ParseError(f"work record #{position}: {exc}") from None
        node = parsed.node
        hop = hop_of.get(node.openalex_id)
        pm = by_pmid.get(node.pmid) if node.pmid else None
        pm = pm or (by_doi.get(node.doi) if node.doi else None)
        abstract, abstract_source = parsed.abstract, "openalex" if parsed.abstract else None
        if abstract is None and pm is not None and pm.abstract:
            abstract, abstract_source = pm.abstract, "pubmed"
        listed = record.get("mesh") if isinstance(record.get("mesh"), list) else []
        mesh_source = "openalex"
        if not listed and pm is not None and pm.mesh:
            listed, mesh_source = pm.mesh_entries(), "pubmed"
        try:
            headings = mesh_.headings(listed)
        except ValueError as exc:
            raise ParseError(f"work record #{position}: {exc}") from None
        mesh = [h.name for h in headings]
        types = [p.name for p in pm.publication_types] if pm is not None else ()
        design, source = design_with_source(parsed.title, abstract, node.type, mesh, types)
        node = replace(
            node,
            hop=hop,
            seed=hop == 0 or node.openalex_id in seeds,
            design=design,
            design_source=source,
            species=species(parsed.title, abstract, mesh),
            abstract_source=abstract_source,
            pmid=node.pmid or (pm.pmid if pm is not None else None),  # found by DOI
        )
        design_sources[node.id] = source
        add_node(G, node)  # a work seen again: its last record wins, here and below
        folded = [{"descriptor_ui": h.descriptor_ui, "descriptor_name": h.name} for h in headings]
        try:
            found = tag_work(dict(record, mesh=folded), abstract=abstract or "")
        except ValueError as exc:  # a malformed field the parser tolerates (a MeSH entry)
            raise ParseError(f"work record #{position}: {exc}") from None
        texts = {"title": record.get("title") or record.get("display_name") or "", "abstract": abstract}
        sources = {"title": "openalex", "abstract": abstract_source or "openalex", "keywords": "openalex",
                   "mesh": mesh_source}
        edges = mentions[node.id] = _mention_edges(found, texts, sources, _mesh_terms(headings))
        facts[node.id] = _WorkFacts(node, edges)
        references[node.id] = parsed.references

    for concept in sorted({target for edges in mentions.values() for target, _, _ in edges}):
        add_node(G, concept_node(concept))
    add_edges(G, ((work, target, key, attrs) for work, edges in mentions.items() for target, key, attrs in edges))
    n_mentions = sum(len({(target, key) for target, key, _ in edges}) for edges in mentions.values())
    del mentions

    dangling = 0
    cites_key, cites_attrs = edge_key("CITES"), edge_attrs(Cites(source="", target=""))
    node_ids = {work: work for work in facts}  # edges reuse the node's id string
    cites = []
    for work, refs in references.items():
        for target in map(node_ids.get, ["work:" + ref for ref in refs]):
            if target is None:
                dangling += 1
            else:
                cites.append((work, target, cites_key, cites_attrs.copy()))
    del references, node_ids
    add_edges(G, cites)
    del cites
    for edge in _associations(facts):
        add_edge(G, edge)
    n_claims = 0
    if articles is not None:
        from kg.claims import add_sources_and_claims

        add_sources_and_claims(G, articles, seed_map=seed_map)
        n_claims = len(articles.claims)

    G.graph.update(
        synthetic=bool(synthetic),
        vocabulary_version=vocabulary().version,
        built_at=built_at,
        works=len(facts),
        dangling_references=dangling,
        mentions=n_mentions,
        claims=n_claims,
        design_sources=dict(sorted(Counter(s for s in design_sources.values() if s).items())),
        seed_map=dict(sorted((seed_map or {}).items())),
        pubmed_records=len(by_pmid),
        abstract_sources=_count(G, facts, "abstract_source"),
    )
    return G
