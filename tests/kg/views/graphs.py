"""Small graphs built by hand for the view tests, through the model's add_node / add_edge.

``tiny_graph()`` covers every node kind and edge type the views draw, a seed, a retracted
work, an animal-only association, a mixed one, a claim with support and contradiction, and
hostile record text (``EVIL``) in a work title, venue, author, a sentence, a source title, a
claim and a node id.
"""

from __future__ import annotations

import networkx as nx

from kg.model import (
    AssociatedWith,
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

#: Script-injection attempts that must show up literally and never run.
ALERT = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(1)</script>"
SENTINEL = "<img src=x onerror=\"window.__pwned=1\"><svg onload=\"window.__pwned=2\">"
EVIL = f"{ALERT} {BREAKOUT} <!-- {SENTINEL} href=javascript:alert(1)"
EVIL_WORK = "work:W9"
#: A node id holding a script breakout (ids reach the page too).
EVIL_ID = "source:</script><!--x"

CONCEPTS = [
    ("intervention:acupuncture", "acupuncture", "intervention"),
    ("intervention:electroacupuncture", "electroacupuncture", "intervention"),
    ("acupoint:st36", "ST36 Zusanli", "acupoint"),
    ("mechanism:bdnf", "brain-derived neurotrophic factor", "mechanism"),
    ("mechanism:il-10", "IL-10", "mechanism"),
    ("mechanism:gaba", "GABA", "mechanism"),
    ("condition:sciatic-nerve-injury", "sciatic nerve injury", "condition"),
    ("condition:neuropathic-pain", "neuropathic pain", "condition"),
]
# (short id, title, year, design, species, seed, retracted, first author)
WORKS = [
    ("W1", "Electroacupuncture raises BDNF after sciatic nerve crush in rats", 2012, "animal", "rat", True, False, "Li Wei"),
    ("W2", "Acupuncture for neuropathic pain: a randomised trial", 2018, "rct", "human", True, False, "Anna Smith"),
    ("W3", "Systematic review of acupuncture in neuropathic pain", 2021, "systematic_review", "human", False, False, "Jon Doe"),
    ("W4", "BDNF in Schwann cells in vitro", 2015, "in_vitro", None, False, False, "Mei Chen"),
    ("W5", "IL-10 after acupuncture: a cohort", 2019, "observational", "human", False, True, "Raj Patel"),
    ("W6", "ST36 electroacupuncture and GABA in mice", 2010, "animal", "mouse", False, False, "Kim Park"),
    ("W7", "A narrative review of acupuncture mechanisms", 2020, "review", None, False, False, None),
    ("W8", "Protocol for a trial of acupuncture", None, None, None, False, False, "Ola Berg"),
    ("W9", EVIL, 2016, "rct", "human", False, False, EVIL),
]
CITES = [("W2", "W1"), ("W3", "W2"), ("W3", "W5"), ("W3", "W9"), ("W7", "W1"), ("W7", "W4"),
         ("W7", "W6"), ("W5", "W1"), ("W9", "W1"), ("W8", "W2"), ("W6", "W4")]
# (work, concept, field, start, direction, negated)
MENTIONS = [
    ("W1", "mechanism:bdnf", "title", 0, "up", False),
    ("W1", "mechanism:bdnf", "abstract", 40, "up", False),
    ("W1", "condition:sciatic-nerve-injury", "title", 30, None, False),
    ("W1", "intervention:electroacupuncture", "title", 0, None, False),
    ("W4", "mechanism:bdnf", "title", 0, "up", False),
    ("W6", "mechanism:gaba", "title", 20, "up", False),
    ("W6", "acupoint:st36", "title", 0, None, False),
    ("W2", "condition:neuropathic-pain", "title", 20, None, False),
    ("W5", "mechanism:il-10", "title", 0, "up", False),
    ("W9", "mechanism:il-10", "abstract", 5, "down", False),
    ("W9", "condition:neuropathic-pain", "abstract", 50, None, False),
]


def tiny_graph(*, synthetic: bool = False) -> nx.MultiDiGraph:
    """The hand-built graph of this module (see its docstring)."""
    G = nx.MultiDiGraph(synthetic=synthetic, works=len(WORKS))
    for cid, label, kind in CONCEPTS:
        add_node(G, Concept(id=cid, label=label, kind=kind))
    for short, title, year, design, species, seed, retracted, author in WORKS:
        add_node(
            G,
            Work(
                id=f"work:{short}",
                label=title,
                openalex_id=short,
                doi=f"10.5555/{short.lower()}",
                title=title,
                year=year,
                venue=EVIL if short == "W9" else "Journal of Tests",
                design=design,
                species=species,
                seed=seed,
                retracted=retracted,
                hop=0 if seed else 1,
                first_author=author,
                authors=[author] if author else [],
            ),
        )
    for a, b in CITES:
        add_edge(G, Cites(source=f"work:{a}", target=f"work:{b}"))
    for w, c, field, start, direction, negated in MENTIONS:
        sentence = EVIL if w == "W9" else f"Sentence about {c} in {w}."
        add_edge(
            G,
            Mentions(source=f"work:{w}", target=c, field=field, sentence_index=0, start=start,
                     end=start + 4, sentence=sentence, matched=c.split(":")[1],
                     direction=direction, negated=negated),
        )
    add_edge(G, AssociatedWith(
        source="mechanism:bdnf", target="condition:sciatic-nerve-injury", studies=2,
        works=["work:W1", "work:W4"], n_up=2, direction="up", n_human=0, n_animal=2,
        n_animal_study=1, n_in_vitro=1, best_level=3, first_year=2012, last_year=2015))
    add_edge(G, AssociatedWith(
        source="mechanism:il-10", target="condition:neuropathic-pain", studies=2,
        works=["work:W5", "work:W9"], n_up=1, n_down=1, direction="mixed", n_human=2,
        n_rct=1, n_observational=1, best_level=6, first_year=2016, last_year=2019))
    add_edge(G, AssociatedWith(
        source="intervention:electroacupuncture", target="mechanism:bdnf", studies=1,
        works=["work:W1"], n_up=1, direction="up", n_animal=1, n_animal_study=1,
        best_level=3, first_year=2012, last_year=2012))
    add_edge(G, AssociatedWith(
        source="acupoint:st36", target="mechanism:gaba", studies=1, works=["work:W6"],
        direction=None, n_animal=1, n_animal_study=1, best_level=3, first_year=2010,
        last_year=2010))
    add_node(G, Source(id="source:a1", label="Acupuncture heals nerves", file="a1.txt"))
    add_node(G, Source(id=EVIL_ID, label=EVIL, file="evil.txt"))
    add_node(G, Claim(id="claim:a1-01", label="acupuncture increases BDNF", source="source:a1",
                      subject="acupuncture", relation="increases", object="BDNF",
                      object_kind="mechanism", object_concept="mechanism:bdnf",
                      expected_direction="up", cited_doi="10.5555/w1"))
    add_node(G, Claim(id="claim:evil-01", label=EVIL, source=EVIL_ID, subject=EVIL,
                      relation="increases", object="IL-10", object_kind="mechanism",
                      object_concept="mechanism:il-10", expected_direction="up", note=EVIL))
    add_node(G, Claim(id="claim:a1-02", label="acupuncture modulates GABA", source="source:a1",
                      subject="acupuncture", relation="modulates", object="GABA",
                      object_kind="mechanism"))
    add_edge(G, Makes(source="source:a1", target="claim:a1-01"))
    add_edge(G, Makes(source="source:a1", target="claim:a1-02"))
    add_edge(G, Makes(source=EVIL_ID, target="claim:evil-01"))
    add_edge(G, SupportedBy(source="claim:a1-01", target="work:W1", field="title",
                            sentence="BDNF rose.", direction="up"))
    add_edge(G, SupportedBy(source="claim:a1-01", target="work:W4", field="title",
                            sentence="BDNF in Schwann cells.", direction="up"))
    add_edge(G, SupportedBy(source="claim:evil-01", target="work:W5", field="title",
                            sentence="IL-10 rose.", direction="up"))
    add_edge(G, ContradictedBy(source="claim:evil-01", target="work:W9", field="abstract",
                               sentence=EVIL, direction="down"))
    add_edge(G, Cites(source="source:a1", target="work:W1", confidence="explicit"))
    return G


def random_graph(n_works: int, *, seed: int = 1, cites_per_work: int = 3) -> nx.MultiDiGraph:
    """A graph of ``n_works`` works citing earlier ones (deterministic), for scale tests."""
    import random

    from kg.model import DESIGNS

    rng = random.Random(seed)
    G = nx.MultiDiGraph(synthetic=True)
    for i in range(n_works):
        add_node(G, Work(id=f"work:W{i}", label=f"Work {i}", openalex_id=f"W{i}",
                         doi=f"10.5555/w{i}", title=f"Work {i}", year=1990 + i % 35,
                         design=rng.choice(DESIGNS), seed=i < 5, hop=0 if i < 5 else 1,
                         first_author=f"Author{i % 97} Name{i}"))
        for j in rng.sample(range(i), min(i, cites_per_work)):
            add_edge(G, Cites(source=f"work:W{i}", target=f"work:W{j}"))
    return G


def association_graph(n_interventions: int, n_mechanisms: int, n_conditions: int, *,
                      seed: int = 2) -> nx.MultiDiGraph:
    """Concepts linked by random associations (no works), for evidence-map scale tests."""
    import random

    rng = random.Random(seed)
    G = nx.MultiDiGraph(synthetic=True)
    kinds = {"intervention": n_interventions, "mechanism": n_mechanisms, "condition": n_conditions}
    ids = {k: [f"{k}:c{i}" for i in range(n)] for k, n in kinds.items()}
    for kind, nodes in ids.items():
        for node in nodes:
            add_node(G, Concept(id=node, label=node.split(":")[1], kind=kind))
    for left, right in (("intervention", "mechanism"), ("mechanism", "condition")):
        for u in ids[left]:
            for v in rng.sample(ids[right], min(6, len(ids[right]))):
                studies = rng.randint(1, 40)
                add_edge(G, AssociatedWith(
                    source=u, target=v, studies=studies, works=[], n_up=studies, direction="up",
                    n_human=studies, n_rct=studies, best_level=rng.randint(1, 7),
                    first_year=2000, last_year=2020))
    return G
