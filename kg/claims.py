"""The practitioner articles and their claims: Source and Claim nodes, and links to the works.

Data: :func:`articles` reads ``kg/data/sources.json`` (the five articles) and
``kg/data/seed_claims.json`` (what they claim); what they cite (bibliography entries) comes
from the caller, so the build itself reads nothing.

Resolving a claim's text to concepts: the explicit :data:`ALIASES` first (practitioner
phrasings the vocabulary does not hold), then :func:`kg.vocabulary.lookup` on the whole text,
on the text without its parenthesis, on the parenthesis, then on each ``;``/``,`` part.
Text that still does not resolve leaves the concept field None.

Context: the claim's context text ("peripheral nerve injury", "sciatic nerve crush (mice)",
"stroke; spinal cord injury") resolves, part by ``;``, to the condition concepts it names
(:func:`context_concepts`); text naming no condition ("vs standard care") leaves no context.

On point (:func:`on_point`): a work is on point for a claim when it mentions the claim's object
or a narrower concept (``kg.vocabulary.narrower``), and, where the claim has a context, one of
its context concepts or a narrower one, and its subject: for a subject of the acupuncture
family (any acupoint, any intervention but controls and comparators such as sham acupuncture
and TENS) a mention of any member of the family; for another subject (a mechanism, a
condition) that concept or a narrower one. An unresolved subject or object leaves the claim
with no work on point.

Linking a claim to a work (:func:`link_claims`): each mention of the object (or a narrower
concept) by an on-point work agrees, disagrees or says nothing:

- claim with a direction (``increases`` -> up): agrees if not negated and in that direction;
  disagrees if negated (a null finding) or in the opposite direction;
- claim without a direction (``modulates``, ``treats``): agrees if not negated, disagrees if
  negated;
- claim of no effect (``does_not_accelerate``): agrees if negated; disagrees if not negated and
  in the denied direction (any direction when the verb has none).

One edge per (claim, work): SUPPORTED_BY when agreeing mentions outnumber disagreeing ones,
CONTRADICTED_BY when at least one mention disagrees and agreeing ones do not outnumber them
(a tie contradicts: a claim is supported only where the work's evidence leans its way). The
edge carries the first deciding mention in reading order (title, abstract, keywords, MeSH).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kg.model import FIELDS, Cites, Claim, ContradictedBy, Makes, Source, SupportedBy, add_edge, add_node
from kg import ids
from kg.parse import concept_node
from kg.vocabulary import lookup, narrower, normalize, vocabulary

log = logging.getLogger(__name__)

#: Relation -> the direction of change the claim expects in its object.
UP_RELATIONS = frozenset(
    {"increases", "upregulates", "promotes", "enhances", "releases", "activates", "boosts",
     "improves", "accelerates"}
)
DOWN_RELATIONS = frozenset(
    {"inhibits", "reduces", "decreases", "suppresses", "desensitizes", "relieves", "reverses",
     "prevents"}
)
#: Relations that deny an effect: ``does_not_<verb>``.
NEGATED_PREFIX = "does_not_"

#: Practitioner phrasings the vocabulary does not hold -> the vocabulary name they mean.
ALIASES = {
    "neurogenesis-related gene expression": "neurogenesis",
    "nerve growth factor release": "nerve growth factor",
    "endogenous opioid system": "endogenous opioids",
    "nerve inflammation": "inflammation",
    "sciatic nerve regeneration": "axon regeneration",
    "sensory and motor nerve fibre regeneration": "axon regeneration",
    "repair of brain and spinal cord nerve tracts": "axon regeneration",
    "blood flow to injured nerves": "blood flow",
    "autonomic nervous system": "parasympathetic tone",
    "allodynia/hypersensitivity": "allodynia",
    "neuropathic pain onset": "neuropathic pain",
    "pain after nerve damage": "neuropathic pain",
    "chronic nerve pain": "chronic pain",
    "after spinal cord injury": "spinal cord injury",
    "pain-signal transmission to the brain": "nociceptive transmission",
}
_ALIAS_KEYS = {normalize(text): name for text, name in ALIASES.items()}
#: Contexts as practitioners write them: the neuropathy a pain practice treats is neuropathic pain.
CONTEXT_ALIASES = {"neuropathy": "neuropathic pain", "neuropathies": "neuropathic pain"}

_CONFIDENCE_RANK = {"high": 3, "medium": 2, "low": 1}
_PARENS = re.compile(r"\s*\(([^)]*)\)\s*")
_FIELD_ORDER = {f: i for i, f in enumerate(FIELDS)}
_ACUPUNCTURE_FAMILY = ("intervention", "acupoint")
#: Intervention groups outside the acupuncture family: controls (sham) and comparators (TENS).
NOT_ACUPUNCTURE = frozenset({"control", "comparator"})


def _data(package: str, name: str):
    return json.loads(resources.files(package).joinpath(f"data/{name}").read_text(encoding="utf-8"))


def resolve(text: str | None) -> str | None:
    """The concept id a claim's text names, or None (see the module docstring for the order).

    >>> resolve("nerve growth factors (NGF)"), resolve("healing")
    ('mechanism:ngf', None)
    """
    if not text or not text.strip():
        return None
    bare = _PARENS.sub(" ", text).strip()
    inner = [m.group(1) for m in _PARENS.finditer(text)]
    parts = [p for p in re.split(r"[;,]", text) if p.strip()]
    for candidate in (text, bare, *inner, *parts, *(_PARENS.sub(" ", p) for p in parts)):
        candidate = candidate.strip()
        if not candidate:
            continue
        found = lookup(_ALIAS_KEYS.get(normalize(candidate), candidate))
        if found is not None:
            return found.id
    return None


def context_concepts(text: str | None) -> list[str]:
    """The condition concepts a claim's context names, in order, each once (see the module
    docstring).

    >>> context_concepts("stroke; spinal cord injury; chronic nerve pain")
    ['condition:stroke', 'condition:spinal-cord-injury', 'condition:chronic-pain']
    >>> context_concepts("neuropathy"), context_concepts("vs standard care")
    (['condition:neuropathic-pain'], [])
    """
    out: list[str] = []
    for part in re.split(r";", text or ""):
        part = part.strip()
        found = resolve(CONTEXT_ALIASES.get(normalize(_PARENS.sub(" ", part)), part))
        if found and found not in out and vocabulary().by_id[found].kind == "condition":
            out.append(found)
    return out


@cache
def acupuncture_family() -> frozenset[str]:
    """The acupoints and the interventions but controls and comparators (ids)."""
    return frozenset(
        t.id for t in vocabulary().concepts if t.kind in _ACUPUNCTURE_FAMILY and t.group not in NOT_ACUPUNCTURE
    )


def on_point_requirements(claim) -> list[frozenset[str]] | None:
    """The concept sets an on-point work mentions one member of each: the object and what is
    under it, the subject (the acupuncture family, or the subject and what is under it) and,
    where the claim has a context, its context concepts and what is under them. None when the
    subject or object is unresolved. ``claim``: a :class:`kg.model.Claim` or its attributes."""
    get = claim.get if isinstance(claim, dict) else lambda name: getattr(claim, name, None)
    subject, obj = get("subject_concept"), get("object_concept")
    if not subject or not obj:
        return None
    family = acupuncture_family()
    needs = [narrower(obj), family if subject in family else narrower(subject)]
    contexts = get("context_concepts") or ([get("context_concept")] if get("context_concept") else [])
    if contexts:
        needs.append(frozenset().union(*(narrower(c) for c in contexts)))
    return needs


def on_point(claim, mentioning: Callable[[str], Iterable[str]], unions: dict | None = None) -> set[str]:
    """The works on point for ``claim`` (rule: module docstring), given ``mentioning``: concept
    id -> the works that mention it; ``unions`` (optional) keeps the works of each concept set
    across calls (the acupuncture family is the same for most claims)."""
    needs = on_point_requirements(claim)
    if needs is None:
        return set()
    unions = {} if unions is None else unions
    works: set[str] | None = None
    for concepts in sorted(needs, key=len):
        if concepts not in unions:
            unions[concepts] = set().union(*(mentioning(c) for c in concepts))
        found = unions[concepts]
        works = set(found) if works is None else works & found
        if not works:
            return set()
    return works or set()


def expected_direction(relation: str) -> str | None:
    """The direction a relation claims for its object: "up", "down" or None.

    >>> expected_direction("upregulates"), expected_direction("relieves"), expected_direction("modulates")
    ('up', 'down', None)
    """
    if relation in UP_RELATIONS:
        return "up"
    if relation in DOWN_RELATIONS:
        return "down"
    return None


def denied_direction(relation: str) -> tuple[bool, str | None]:
    """Whether a relation denies an effect (``does_not_prevent``), and the direction it denies.

    >>> denied_direction("does_not_accelerate"), denied_direction("increases")
    ((True, 'up'), (False, None))
    """
    if not relation.startswith(NEGATED_PREFIX):
        return False, None
    verb = relation[len(NEGATED_PREFIX):]
    return True, expected_direction(verb + "s") or expected_direction(verb)


@cache
def sources() -> tuple[Source, ...]:
    """The practitioner articles as Source nodes (from ``kg/data/sources.json``)."""
    return tuple(
        Source(id=s["id"], label=s["title"], file=s["file"]) for s in _data("kg", "sources.json")["sources"]
    )


@cache
def claims() -> tuple[Claim, ...]:
    """The claims of ``kg/data/seed_claims.json`` as Claim nodes, numbered per source from 01."""
    by_file = {s.file: s for s in sources()}
    out, seen = [], {}
    for i, row in enumerate(_data("kg", "seed_claims.json")):
        source = by_file.get(row.get("seed_file"))
        if source is None:
            raise ValueError(f"seed_claims.json entry {i} names unknown seed file {row.get('seed_file')!r}")
        seen[source.id] = seen.get(source.id, 0) + 1
        relation = row["relation"].strip()
        context = (row.get("condition_context") or "").strip() or None
        label = f"{row['subject']} {relation.replace('_', ' ')} {row['object']}"
        out.append(
            Claim(
                id=f"claim:{source.id.split(':', 1)[1]}-{seen[source.id]:02d}",
                label=label + (f" ({context})" if context else ""),
                source=source.id,
                subject=row["subject"],
                relation=relation,
                object=row["object"],
                object_kind=row["object_kind"],
                subject_concept=resolve(row["subject"]),
                object_concept=resolve(row["object"]),
                context=context,
                context_concept=next(iter(context_concepts(context)), None),
                context_concepts=context_concepts(context),
                expected_direction=expected_direction(relation),
                cited_doi=ids.doi(row.get("cited_work_doi")),
                citation_tie=row.get("citation_tie") or None,
                note=row.get("note") or None,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Articles:
    """Practitioner articles: their Source nodes, their Claim nodes and the bibliography
    entries of the works they cite (``seed_file``, ``doi``, ``pmid``, ``confidence``)."""

    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    bibliography: tuple[dict, ...] = ()


def articles(bibliography=()) -> Articles:
    """The five packaged practitioner articles and their claims, citing ``bibliography``."""
    return Articles(sources(), claims(), tuple(bibliography))


def add_sources_and_claims(G, articles: Articles, *, seed_map: dict | None = None) -> None:
    """Add the Source and Claim nodes, MAKES, Source -CITES-> Work and the claim links to ``G``.

    ``G`` already holds the works and their MENTIONS edges. ``seed_map`` maps bibliography
    DOIs to OpenAlex ids; works not found there are matched by DOI, then by PMID.
    """
    for source in articles.sources:
        add_node(G, source)
    for claim in articles.claims:
        add_node(G, claim)
        for concept in (claim.subject_concept, claim.object_concept, claim.context_concept):
            if concept and concept not in G:
                add_node(G, concept_node(concept))
        add_edge(G, Makes(source=claim.source, target=claim.id))
    _add_source_citations(G, articles, seed_map or {})
    link_claims(G, articles.claims)


def _add_source_citations(G, articles: Articles, seed_map: dict) -> None:
    by_file = {s.file: s.id for s in articles.sources}
    by_doi, by_pmid = {}, {}
    for node, data in G.nodes(data=True):
        if data.get("kind") == "work":
            if data.get("doi"):
                by_doi.setdefault(data["doi"], node)
            if data.get("pmid"):
                by_pmid.setdefault(data["pmid"], node)
    mapped = {ids.doi(doi): ids.openalex(w) for doi, w in seed_map.items()}
    best: dict[tuple[str, str], str] = {}
    unmatched = 0
    for entry in articles.bibliography:
        source = by_file.get(entry.get("seed_file"))
        doi, pmid = ids.doi(entry.get("doi")), ids.pmid(entry.get("pmid"))
        openalex = mapped.get(doi) if doi else None
        work = f"work:{openalex}" if openalex and f"work:{openalex}" in G else None
        work = work or by_doi.get(doi) or by_pmid.get(pmid)
        if source is None or work is None:
            unmatched += 1
            continue
        confidence = entry.get("confidence") or None
        key = (source, work)
        if key not in best or _CONFIDENCE_RANK.get(confidence, 0) > _CONFIDENCE_RANK.get(best[key], 0):
            best[key] = confidence
    for (source, work), confidence in best.items():
        add_edge(G, Cites(source=source, target=work, confidence=confidence))
    if unmatched:
        log.info("%d of the practitioner articles' %d bibliography entries match no work in the graph"
                 " (no verified DOI or PMID, or not fetched): their citations are not drawn",
                 unmatched, len(articles.bibliography))


def _verdict(mention: dict, direction: str | None, denies: bool, denied: str | None) -> int:
    """+1 if a mention agrees with a claim, -1 if it disagrees, 0 if it says nothing."""
    negated, found = mention["negated"], mention["direction"]
    if denies:
        if negated:
            return 1
        return -1 if (denied is None or found == denied) else 0
    if negated:
        return -1
    if direction is None:
        return 1
    if found == direction:
        return 1
    return -1 if found in ("up", "down") else 0


def works_mentioning(G) -> Callable[[str], set[str]]:
    """concept id -> the works that mention it in ``G`` (MENTIONS edges), read once per concept."""
    cache: dict[str, set[str]] = {}

    def mentioning(concept: str) -> set[str]:
        if concept not in cache:
            cache[concept] = (
                {w for w, _, t in G.in_edges(concept, data="type") if t == "MENTIONS"} if concept in G else set()
            )
        return cache[concept]

    return mentioning


def link_claims(G, claim_nodes) -> None:
    """Add SUPPORTED_BY / CONTRADICTED_BY edges from claims to their on-point works (rule:
    module docstring)."""
    mentioning, unions = works_mentioning(G), {}
    for claim in claim_nodes:
        works = on_point(claim, mentioning, unions)
        if not works:
            continue
        objects = [c for c in narrower(claim.object_concept) if c in G]
        denies, denied = denied_direction(claim.relation)
        for work in sorted(works):
            mentions = [
                attrs for concept in objects for attrs in (G.get_edge_data(work, concept) or {}).values()
                if attrs["type"] == "MENTIONS"
            ]
            mentions.sort(key=lambda m: (_FIELD_ORDER.get(m["field"], len(FIELDS)), m["start"]))
            votes = [(_verdict(m, claim.expected_direction, denies, denied), m) for m in mentions]
            agree = sum(1 for v, _ in votes if v > 0)
            disagree = sum(1 for v, _ in votes if v < 0)
            if agree > disagree:
                cls, want = SupportedBy, 1
            elif disagree:
                cls, want = ContradictedBy, -1
            else:
                continue
            evidence = next(m for v, m in votes if v == want)
            add_edge(
                G,
                cls(
                    source=claim.id,
                    target=work,
                    field=evidence["field"],
                    sentence=evidence["sentence"],
                    direction=evidence["direction"],
                    negated=evidence["negated"],
                ),
            )
