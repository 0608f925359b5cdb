"""kg.claims: the packaged sources and claims, resolving claim text, and linking claims to works."""

from __future__ import annotations

import networkx as nx
import pytest

from ingest.seeds import bibliography_entries
from kg.claims import (
    articles,
    ALIASES,
    add_sources_and_claims,
    claims,
    context_concepts,
    denied_direction,
    expected_direction,
    link_claims,
    on_point,
    resolve,
    sources,
    works_mentioning,
)
from kg.model import Claim, Mentions, Work, add_edge, add_node
from kg.parse import concept_node
from kg.vocabulary import broader, lookup, narrower
from tests.demo_graph import demo_graph

BDNF = lookup("BDNF").id
ACU = lookup("acupuncture").id
EA = lookup("electroacupuncture").id
SENSORY = lookup("sensory recovery").id
ENDORPHINS = lookup("endorphins").id
OPIOID_R = lookup("opioid receptors").id
NEUROPATHIC_PAIN = lookup("neuropathic pain").id


def test_sources_are_the_five_articles():
    got = [(s.id, s.file) for s in sources()]
    assert got == [
        ("source:000_ea83d5b817888792", "000_ea83d5b817888792.txt"),
        ("source:001_e8c8497d2a3291b2", "001_e8c8497d2a3291b2.txt"),
        ("source:002_3ef94f7409f58d51", "002_3ef94f7409f58d51.txt"),
        ("source:003_dd9a4136a9c3ef5a", "003_dd9a4136a9c3ef5a.txt"),
        ("source:004_cf2ed065232dcab9", "004_cf2ed065232dcab9.txt"),
    ]
    assert sources()[1].label == "Does Acupuncture Work For Neuropathy?"


def test_claims_are_numbered_per_source_and_resolved():
    cs = claims()
    assert len(cs) == 75 and len({c.id for c in cs}) == 75
    assert [c.id for c in cs if c.source == "source:002_3ef94f7409f58d51"][::4] == [
        "claim:002_3ef94f7409f58d51-01", "claim:002_3ef94f7409f58d51-05", "claim:002_3ef94f7409f58d51-09"]
    bdnf = next(c for c in cs if c.object == "BDNF")
    assert (bdnf.id, bdnf.subject_concept, bdnf.relation, bdnf.object_concept, bdnf.expected_direction) == (
        "claim:001_e8c8497d2a3291b2-06", ACU, "increases", BDNF, "up")
    assert (bdnf.context, bdnf.context_concepts, bdnf.context_concept, bdnf.cited_doi) == (
        "neuropathy", [NEUROPATHIC_PAIN], NEUROPATHIC_PAIN, None)
    yang = cs[0]
    assert (yang.cited_doi, yang.citation_tie, yang.object_concept) == (
        "10.3389/fncel.2023.1253438", "explicit", lookup("neuronal apoptosis").id)
    assert bdnf.label == "acupuncture increases BDNF (neuropathy)"
    healing = next(c for c in cs if c.object == "healing")
    assert healing.object_concept is None and healing.note == "uncited practitioner claim"
    assert [c.object for c in cs if c.object_concept is None] == ["healing"]
    assert sum(c.context is None for c in cs) == 8


def test_resolve_order():
    assert resolve("neurogenesis-related gene expression") == lookup("neurogenesis").id
    assert resolve("nerve growth factors (NGF)") == lookup("NGF").id
    assert resolve("numbness and tingling (paresthesia)") == lookup("paresthesia").id
    assert resolve("sciatic nerve crush, during re-innervation phase") == lookup("sciatic nerve crush").id
    assert resolve("neuroimaging; chronic pain") == lookup("chronic pain").id
    assert resolve("GB30 (Huantiao)") == "acupoint:gb30"
    assert resolve("healing") is None and resolve("") is None and resolve(None) is None
    assert all(lookup(name) is not None for name in ALIASES.values())


@pytest.mark.parametrize("relation, direction", [
    ("increases", "up"), ("upregulates", "up"), ("promotes", "up"), ("enhances", "up"), ("releases", "up"),
    ("activates", "up"), ("boosts", "up"), ("inhibits", "down"), ("reduces", "down"), ("decreases", "down"),
    ("suppresses", "down"), ("desensitizes", "down"), ("relieves", "down"), ("modulates", None),
    ("regulates", None), ("treats", None), ("causes", None),
])
def test_expected_direction(relation, direction):
    assert expected_direction(relation) == direction


def test_denied_direction():
    assert denied_direction("does_not_accelerate") == (True, "up")
    assert denied_direction("does_not_prevent") == (True, "down")
    assert denied_direction("does_not_treat") == (True, None)


def mention(G, work, concept, *, field="abstract", start=0, direction=None, negated=False, sentence="s"):
    if concept not in G:
        add_node(G, concept_node(concept))
    add_edge(G, Mentions(source=work, target=concept, field=field, sentence_index=0, start=start,
                         end=start + 3, sentence=sentence, matched="x", negated=negated, direction=direction))


def claim(cid, subject, relation, obj, direction=None):
    return Claim(id=cid, label=cid, source="source:s", subject=subject, relation=relation, object=obj,
                 object_kind="mechanism", subject_concept=subject, object_concept=obj,
                 expected_direction=direction)


@pytest.fixture
def graph():
    G = nx.MultiDiGraph()
    for i in range(1, 10):
        add_node(G, Work(id=f"work:W{i}", label=f"W{i}", openalex_id=f"W{i}"))
    mention(G, "work:W1", ACU, field="title")
    mention(G, "work:W1", BDNF, start=10, direction="up", sentence="EA raised BDNF.")
    mention(G, "work:W1", OPIOID_R, start=30, direction="up")
    mention(G, "work:W2", ACU)
    mention(G, "work:W2", BDNF, start=10, negated=True, direction="up", sentence="BDNF did not rise.")
    mention(G, "work:W3", BDNF, direction="up")  # no intervention: never evidence on an acupuncture claim
    mention(G, "work:W4", "acupoint:st36", field="title")
    mention(G, "work:W4", BDNF, field="title", start=5, direction="up", sentence="ST36 raises BDNF")
    mention(G, "work:W4", BDNF, start=50, direction="down", sentence="BDNF fell in the cortex.")
    mention(G, "work:W5", ACU)
    mention(G, "work:W5", BDNF, start=10)  # no direction
    mention(G, "work:W6", EA)
    mention(G, "work:W6", SENSORY, start=10, negated=True, sentence="Sensory recovery was not faster.")
    mention(G, "work:W7", EA)
    mention(G, "work:W7", SENSORY, start=10, direction="up", sentence="Sensory recovery was faster.")
    mention(G, "work:W8", ENDORPHINS)
    mention(G, "work:W8", OPIOID_R, start=10, direction="up", sentence="Endorphins activate opioid receptors.")
    mention(G, "work:W9", ACU)
    mention(G, "work:W9", BDNF, start=10, direction="up")
    mention(G, "work:W9", BDNF, start=20, direction="up")
    mention(G, "work:W9", BDNF, start=30, negated=True)
    return G


def links(G, cid):
    return {(v, d["type"], d["field"], d["sentence"], d["direction"], d["negated"])
            for _, v, d in G.out_edges(cid, data=True)}


def test_directional_claim(graph):
    c = claim("claim:a", ACU, "increases", BDNF, "up")
    add_node(graph, c)
    link_claims(graph, [c])
    assert links(graph, "claim:a") == {
        ("work:W1", "SUPPORTED_BY", "abstract", "EA raised BDNF.", "up", False),
        ("work:W2", "CONTRADICTED_BY", "abstract", "BDNF did not rise.", "up", True),
        # one up (title), one down (abstract): a tie contradicts, with the disagreeing sentence
        ("work:W4", "CONTRADICTED_BY", "abstract", "BDNF fell in the cortex.", "down", False),
        # two up, one null: the majority supports
        ("work:W9", "SUPPORTED_BY", "abstract", "s", "up", False),
    }


def test_claim_without_direction(graph):
    c = claim("claim:b", ACU, "modulates", BDNF)
    add_node(graph, c)
    link_claims(graph, [c])
    got = {(v, t) for v, t, *_ in links(graph, "claim:b")}
    assert got == {("work:W1", "SUPPORTED_BY"), ("work:W2", "CONTRADICTED_BY"), ("work:W4", "SUPPORTED_BY"),
                   ("work:W5", "SUPPORTED_BY"), ("work:W9", "SUPPORTED_BY")}


def test_claim_of_no_effect(graph):
    c = claim("claim:c", EA, "does_not_accelerate", SENSORY)
    add_node(graph, c)
    link_claims(graph, [c])
    assert links(graph, "claim:c") == {
        ("work:W6", "SUPPORTED_BY", "abstract", "Sensory recovery was not faster.", None, True),
        ("work:W7", "CONTRADICTED_BY", "abstract", "Sensory recovery was faster.", "up", False),
    }


def test_claim_with_a_mechanism_subject_needs_that_subject(graph):
    c = claim("claim:d", ENDORPHINS, "activates", OPIOID_R, "up")
    add_node(graph, c)
    link_claims(graph, [c])
    assert {(v, t) for v, t, *_ in links(graph, "claim:d")} == {("work:W8", "SUPPORTED_BY")}


def test_unresolved_claims_stay_unlinked(graph):
    cs = [claim("claim:e", ACU, "promotes", None, "up"), claim("claim:f", None, "causes", BDNF)]
    for c in cs:
        add_node(graph, c)
    link_claims(graph, cs)
    assert graph.out_degree("claim:e") == 0 and graph.out_degree("claim:f") == 0


def test_add_sources_and_claims_cites_by_seed_map_doi_and_pmid():
    G = nx.MultiDiGraph()
    add_node(G, Work(id="work:W1", label="Yang 2023", openalex_id="W1", doi="10.3389/fncel.2023.1253438"))
    add_node(G, Work(id="work:W2", label="stand-in", openalex_id="W2", doi="10.5555/standin"))
    add_node(G, Work(id="work:W3", label="Hu 2019", openalex_id="W3", pmid="30712736"))
    add_node(G, Work(id="work:W4", label="PLOS", openalex_id="W4", doi="10.1371/journal.pone.0073764"))
    add_sources_and_claims(G, articles(bibliography_entries()),
                           seed_map={"10.1186/1472-6882-12-141": "https://openalex.org/W2"})
    kinds = [d["kind"] for _, d in G.nodes(data=True)]
    assert kinds.count("source") == 5 and kinds.count("claim") == 75
    makes = [(u, v) for u, v, t in G.edges(data="type") if t == "MAKES"]
    assert len(makes) == 75
    cites = {(u, v, d["confidence"]) for u, v, d in G.edges(data=True) if d["type"] == "CITES"}
    assert cites == {
        ("source:000_ea83d5b817888792", "work:W1", "high"),
        ("source:001_e8c8497d2a3291b2", "work:W1", "low"),
        ("source:004_cf2ed065232dcab9", "work:W1", "high"),
        ("source:002_3ef94f7409f58d51", "work:W2", "high"),
        ("source:003_dd9a4136a9c3ef5a", "work:W3", "medium"),
        ("source:003_dd9a4136a9c3ef5a", "work:W4", "low"),
    }
    # every concept a claim names is a node, and nothing else was added
    named = {x for c in claims() for x in (c.subject_concept, c.object_concept, c.context_concept) if x}
    concepts = {n for n, d in G.nodes(data=True) if d["kind"] not in ("work", "source", "claim")}
    assert concepts == named


# ---------------------------------------------------------------------------------------
# Context and on point


def test_channel_claims_resolve_to_three_different_concepts():
    channels = {c.object: c.object_concept for c in claims() if c.object.endswith("channels")}
    assert channels == {
        "sodium channels": "mechanism:sodium-channels",
        "potassium channels": "mechanism:potassium-channels",
        "calcium channels": "mechanism:calcium-channels",
    }
    assert all(lookup("ion channels").id in broader(c) for c in channels.values())


def test_context_names_conditions_only():
    assert context_concepts("sciatic nerve crush (mice)") == [lookup("sciatic nerve injury").id]
    assert context_concepts("stroke; spinal cord injury") == [lookup("stroke").id, lookup("spinal cord injury").id]
    assert context_concepts("pain and function") == []  # "pain" is an outcome, not a context
    assert context_concepts("vs standard care") == [] and context_concepts(None) == []


def test_on_point_needs_object_context_and_subject_or_narrower(graph):
    pni = lookup("peripheral nerve injury").id
    mention(graph, "work:W1", lookup("spared nerve injury").id, start=60)  # narrower than the context
    mention(graph, "work:W9", lookup("stroke").id, start=60)  # another context
    c = Claim(id="claim:g", label="g", source="source:s", subject="acupuncture", relation="increases",
              object="neurotrophic factors", object_kind="mechanism", subject_concept=ACU,
              object_concept=lookup("neurotrophic factors").id, context="nerve injury", context_concept=pni,
              context_concepts=[pni], expected_direction="up")
    mentioning = works_mentioning(graph)
    # BDNF is under neurotrophic factors; only W1 also mentions a nerve injury under the context
    assert on_point(c, mentioning) == {"work:W1"}
    without_context = Claim(**{**c.__dict__, "context_concepts": [], "context_concept": None})
    assert on_point(without_context, mentioning) == {"work:W1", "work:W2", "work:W4", "work:W5", "work:W9"}
    add_node(graph, c)
    link_claims(graph, [c])
    assert {(v, t) for v, t, *_ in links(graph, "claim:g")} == {("work:W1", "SUPPORTED_BY")}


@pytest.mark.slow  # builds the demo's graph
def test_bdnf_in_neuropathy_on_the_demo_is_on_point_exactly_where_all_three_are_mentioned():
    """The on-point works of "acupuncture increases BDNF (neuropathy)" are those that mention
    BDNF (or narrower), neuropathic pain (or narrower) and an acupuncture-family concept; its
    SUPPORTED_BY and CONTRADICTED_BY edges go to those works only."""
    G = demo_graph()
    claim = next(c for c in claims() if c.object == "BDNF")

    def mentioners(concepts):
        return {u for c in concepts if c in G for u, _, t in G.in_edges(c, data="type") if t == "MENTIONS"}

    family = [n for n, d in G.nodes(data=True) if d.get("kind") in ("intervention", "acupoint")
              and lookup(n).group not in ("control", "comparator")]
    expected = mentioners(narrower(BDNF)) & mentioners(narrower(NEUROPATHIC_PAIN)) & mentioners(family)
    assert expected, "the demo has works on BDNF in neuropathic pain"
    assert mentioners(narrower(BDNF)) > expected  # the context narrows the evidence
    assert on_point(claim, works_mentioning(G)) == expected
    linked = {v for _, v, t in G.out_edges(claim.id, data="type") if t in ("SUPPORTED_BY", "CONTRADICTED_BY")}
    assert linked and linked <= expected
