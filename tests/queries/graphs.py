"""Small graphs built by hand through kg.model, with exactly the attributes the builder writes.

``tiny()`` — six works on BDNF, GABA and NGF in neuropathic pain and sciatic nerve injury:

======  =================  =======  ====  ===============================================
work    design             species  year  mentions (field, direction, negated)
======  =================  =======  ====  ===============================================
W1      rct                human    2015  EA (title); BDNF (abstract, up); NP (abstract)
W2      animal             rat      2012  EA; BDNF (title, up) + (abstract, up); NP; SNI;
                                          GABA (abstract, none)
W3      animal             rat      2018  acupuncture; BDNF (abstract, none, negated); NP
W4      systematic_review  human    2020  acupuncture; BDNF (abstract, down); NP
W5      rct (retracted)    human    2019  BDNF (abstract, up); NP
W6      in_vitro           None     2010  GABA (abstract, up); NGF (abstract, negated); SNI
======  =================  =======  ====  ===============================================

CITES: W4→W1, W4→W2, W4→W3, W3→W1, W3→W2, W1→W2, W5→W1; source S1 cites W1 and W6.
Claims of S1: 01 acupuncture increases BDNF (supported by W1, W2; contradicted by W3, W4;
cites W1), 02 increases GABA (supported by W6; cites W6), 03 modulates serotonin (no work
mentions it), 04 treats neuropathic pain (supported by W1), 05 increases NGF (contradicted
by W6), 06 restores qi flow (object unknown to the vocabulary).
"""

from __future__ import annotations

import networkx as nx

from kg.model import (
    Cites,
    Claim,
    Concept,
    ContradictedBy,
    Makes,
    Mentions,
    Source,
    SupportedBy,
    Work,
    add_edge,
    add_node,
)
from kg.vocabulary import lookup

EA, ACU = "intervention:electroacupuncture", "intervention:acupuncture"
BDNF, GABA, NGF, SEROTONIN = "mechanism:bdnf", "mechanism:gaba", "mechanism:ngf", "mechanism:serotonin"
NP, SNI = "condition:neuropathic-pain", "condition:sciatic-nerve-injury"
S1 = "source:s1"


def concept(G, cid: str) -> None:
    c = lookup(cid)
    add_node(G, Concept(id=c.id, label=c.label, kind=c.kind, mesh_id=c.mesh_id))


def work(G, short: str, design, species, year, *, retracted=False, cited_by_count=0) -> str:
    node = f"work:{short}"
    add_node(
        G,
        Work(
            id=node,
            label=f"Study {short}",
            openalex_id=short,
            doi=f"10.5555/{short.lower()}",
            title=f"Study {short}",
            year=year,
            type="article",
            cited_by_count=cited_by_count,
            retracted=retracted,
            design=design,
            species=species,
        ),
    )
    return node


def mention(G, work_: str, cid: str, field="abstract", direction=None, negated=False, start=0) -> None:
    sentence = f"{work_} {cid} {direction or 'no direction'}{' not' if negated else ''}."
    add_edge(
        G,
        Mentions(
            source=work_,
            target=cid,
            field=field,
            sentence_index=0,
            start=start,
            end=start + 4,
            sentence=sentence,
            matched=cid.split(":")[1],
            negated=negated,
            direction=direction,
        ),
    )


def cite(G, a: str, b: str) -> None:
    add_edge(G, Cites(source=a, target=b))


def claim(G, number: int, relation: str, obj: str, object_concept, expected, cited_doi, support=(), contradict=()):
    node = f"claim:s1-{number:02d}"
    add_node(
        G,
        Claim(
            id=node,
            label=f"acupuncture {relation} {obj}",
            source=S1,
            subject="acupuncture",
            relation=relation,
            object=obj,
            object_kind="mechanism",
            subject_concept=ACU,
            object_concept=object_concept,
            expected_direction=expected,
            cited_doi=cited_doi,
            citation_tie="explicit" if cited_doi else None,
        ),
    )
    add_edge(G, Makes(source=S1, target=node))
    for w in support:
        add_edge(G, SupportedBy(source=node, target=w, field="abstract", sentence="s", direction=expected))
    for w in contradict:
        add_edge(G, ContradictedBy(source=node, target=w, field="abstract", sentence="s", negated=True))


def tiny() -> nx.MultiDiGraph:
    """The graph of the module docstring."""
    G = nx.MultiDiGraph()
    for cid in (EA, ACU, BDNF, GABA, NGF, SEROTONIN, NP, SNI):
        concept(G, cid)
    w1 = work(G, "W1", "rct", "human", 2015, cited_by_count=50)
    w2 = work(G, "W2", "animal", "rat", 2012, cited_by_count=10)
    w3 = work(G, "W3", "animal", "rat", 2018)
    w4 = work(G, "W4", "systematic_review", "human", 2020, cited_by_count=5)
    w5 = work(G, "W5", "rct", "human", 2019, retracted=True)
    w6 = work(G, "W6", "in_vitro", None, 2010)
    mention(G, w1, EA, "title")
    mention(G, w1, BDNF, direction="up", start=10)
    mention(G, w1, NP, start=40)
    mention(G, w2, EA, "title")
    mention(G, w2, BDNF, "title", direction="up", start=20)
    mention(G, w2, BDNF, direction="up", start=10)
    mention(G, w2, NP, start=40)
    mention(G, w2, SNI, start=60)
    mention(G, w2, GABA, start=80)
    mention(G, w3, ACU, "title")
    mention(G, w3, BDNF, negated=True, start=10)
    mention(G, w3, NP, start=40)
    mention(G, w4, ACU, "title")
    mention(G, w4, BDNF, direction="down", start=10)
    mention(G, w4, NP, start=40)
    mention(G, w5, BDNF, direction="up", start=10)
    mention(G, w5, NP, start=40)
    mention(G, w6, GABA, direction="up", start=10)
    mention(G, w6, NGF, negated=True, start=30)
    mention(G, w6, SNI, start=50)
    for a, b in ((w4, w1), (w4, w2), (w4, w3), (w3, w1), (w3, w2), (w1, w2), (w5, w1)):
        cite(G, a, b)
    add_node(G, Source(id=S1, label="Acupuncture heals nerves", file="s1.txt"))
    add_edge(G, Cites(source=S1, target=w1, confidence="high"))
    add_edge(G, Cites(source=S1, target=w6, confidence="high"))
    claim(G, 1, "increases", "BDNF", BDNF, "up", "10.5555/w1", support=(w1, w2), contradict=(w3, w4))
    claim(G, 2, "increases", "GABA", GABA, "up", "10.5555/w6", support=(w6,))
    claim(G, 3, "modulates", "serotonin", SEROTONIN, None, None)
    claim(G, 4, "treats", "neuropathic pain", NP, None, "10.5555/w9", support=(w1,))
    claim(G, 5, "increases", "NGF", NGF, "up", None, contradict=(w6,))
    claim(G, 6, "restores", "qi flow", None, None, None)
    return G


def two_clusters() -> nx.MultiDiGraph:
    """Two citation cliques of four works (A*, mentioning BDNF; B*, mentioning GABA) joined by
    one citation A1 → B1, plus an isolated work Z."""
    G = nx.MultiDiGraph()
    for cid in (BDNF, GABA, NP):
        concept(G, cid)
    for prefix, mech in (("A", BDNF), ("B", GABA)):
        members = [work(G, f"W{prefix}{i}", "animal", "rat", 2010 + i) for i in range(1, 5)]
        for i, a in enumerate(members):
            mention(G, a, mech)
            for b in members[i + 1 :]:
                cite(G, b, a)
        mention(G, members[0], NP, start=50)
    cite(G, "work:WA1", "work:WB1")
    work(G, "WZ", None, None, None)
    return G
