"""Tests of kg.vocabulary: ids, MeSH ids, coverage, lookup across spelling variants."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import CONCEPT_KINDS
from kg.vocabulary import Term, broader, key, lookup, narrower, normalize, parse, vocabulary

#: MeSH ids verified on public pages (see the shared vocabulary); nothing else may carry one.
VERIFIED_MESH = {
    "intervention:acupuncture": "D015670",
    "mechanism:bdnf": "D019208",
    "mechanism:gaba": "D005680",
    "mechanism:serotonin": "D012701",
    "mechanism:noradrenaline": "D009638",
    "mechanism:glutamate": "D018698",
    "mechanism:il-10": "D016753",
    "mechanism:tnf-alpha": "D014409",
    "mechanism:il-1beta": "D053583",
    "mechanism:il-6": "D015850",
    "mechanism:inflammation": "D007249",
    "mechanism:cytokines": "D016207",
    "mechanism:microglia": "D017628",
    "mechanism:astrocytes": "D001253",
    "mechanism:neuronal-apoptosis": "D017209",
    "anatomy:thalamus": "D013788",
    "anatomy:amygdala": "D000679",
    "anatomy:limbic-system": "D008032",
    "anatomy:vagus-nerve": "D014630",
    "anatomy:sciatic-nerve": "D012584",
    "condition:peripheral-nerve-injury": "D059348",
    "condition:neuropathic-pain": "D009437",
    "condition:diabetic-peripheral-neuropathy": "D003929",
    "condition:postherpetic-neuralgia": "D051474",
    "condition:trigeminal-neuralgia": "D014277",
    "condition:carpal-tunnel-syndrome": "D002349",
    "condition:sciatica": "D012585",
    "condition:spinal-cord-injury": "D013119",
    "condition:stroke": "D020521",
    "condition:multiple-sclerosis": "D009103",
}

VOCAB = vocabulary()
ALL_NAMES = [(c.id, n) for c in VOCAB.concepts for n in (c.label, *c.synonyms)]


def test_ids_are_kind_prefixed_slugs():
    for c in VOCAB.concepts:
        assert c.kind in CONCEPT_KINDS
        kind, slug = c.id.split(":", 1)
        assert kind == c.kind
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), c.id


def test_version_is_first_key():
    from importlib import resources

    text = resources.files("kg").joinpath("data/vocabulary.json").read_text(encoding="utf-8")
    assert next(iter(json.loads(text))) == "version"
    assert VOCAB.version


@pytest.mark.parametrize(
    "concept_id",
    [
        "mechanism:bdnf", "mechanism:ngf", "mechanism:beta-endorphin", "mechanism:gaba",
        "mechanism:il-10", "mechanism:tnf-alpha", "condition:neuropathic-pain",
        "condition:peripheral-nerve-injury", "intervention:electroacupuncture", "acupoint:st36",
        "mechanism:nt-3", "mechanism:nt-4", "mechanism:gdnf", "mechanism:trka", "mechanism:trkb",
        "mechanism:trkc", "mechanism:p75ntr", "mechanism:gap-43", "mechanism:s100", "mechanism:mbp",
        "mechanism:mpz", "mechanism:nf-200", "mechanism:beta-iii-tubulin", "mechanism:krox-20",
        "mechanism:c-jun", "mechanism:atf3", "mechanism:pmp22", "mechanism:bcl-2", "mechanism:bax",
        "mechanism:caspase-3", "mechanism:caspase-9", "mechanism:cytochrome-c", "mechanism:il-1beta",
        "mechanism:il-6", "mechanism:tgf-beta", "mechanism:il-4", "mechanism:il-17",
        "mechanism:microglia", "mechanism:astrocytes", "mechanism:schwann-cells",
        "mechanism:satellite-glial-cells", "mechanism:oligodendrocytes", "mechanism:iba1",
        "mechanism:gfap", "mechanism:cd11b", "mechanism:nav1-7", "mechanism:nav1-8", "mechanism:nav1-3",
        "mechanism:trpv1", "mechanism:trpa1", "mechanism:p2x3", "mechanism:p2x4", "mechanism:p2x7",
        "mechanism:nmda-receptor", "mechanism:ampa-receptor", "mechanism:mu-opioid-receptor",
        "mechanism:delta-opioid-receptor", "mechanism:kappa-opioid-receptor", "mechanism:gaba-a-receptor",
        "mechanism:gaba-b-receptor", "mechanism:5-ht-receptors", "mechanism:cb1", "mechanism:cb2",
        "mechanism:adenosine-a1-receptor", "mechanism:glutamate", "mechanism:serotonin",
        "mechanism:noradrenaline", "mechanism:dopamine", "mechanism:acetylcholine",
        "mechanism:substance-p", "mechanism:cgrp", "mechanism:enkephalin", "mechanism:dynorphin",
        "mechanism:endomorphin", "mechanism:orexin", "mechanism:oxytocin", "mechanism:adenosine",
        "mechanism:mapk-erk", "mechanism:p38-mapk", "mechanism:jnk", "mechanism:nf-kb",
        "mechanism:pi3k-akt", "mechanism:mtor", "mechanism:jak-stat3", "mechanism:camp-pka",
        "mechanism:bdnf-trkb-signalling", "mechanism:wnt", "mechanism:notch", "mechanism:hmgb1",
        "mechanism:tlr4", "mechanism:nlrp3", "mechanism:neuroplasticity", "mechanism:axon-regeneration",
        "mechanism:remyelination", "mechanism:neuronal-apoptosis", "mechanism:neuroinflammation",
        "mechanism:central-sensitization", "mechanism:oxidative-stress", "mechanism:autophagy",
        "mechanism:angiogenesis", "mechanism:blood-flow", "mechanism:vagal-tone",
        "mechanism:descending-pain-inhibition", "anatomy:dorsal-horn", "anatomy:drg",
        "anatomy:spinal-cord", "anatomy:pag", "anatomy:rvm", "anatomy:thalamus",
        "anatomy:somatosensory-cortex", "anatomy:acc", "anatomy:insula", "anatomy:amygdala",
        "anatomy:hippocampus", "anatomy:hypothalamus", "anatomy:pfc", "anatomy:sciatic-nerve",
        "anatomy:median-nerve", "condition:sciatic-nerve-injury", "condition:diabetic-peripheral-neuropathy",
        "condition:cipn", "condition:postherpetic-neuralgia", "condition:trigeminal-neuralgia",
        "condition:carpal-tunnel-syndrome", "condition:sciatica", "condition:spinal-cord-injury",
        "condition:stroke", "condition:facial-palsy", "condition:guillain-barre-syndrome",
        "condition:hiv-neuropathy", "condition:chronic-constriction-injury",
        "condition:spared-nerve-injury", "condition:spinal-nerve-ligation", "condition:allodynia",
        "condition:hyperalgesia", "condition:depression", "condition:anxiety",
        "outcome:pain-intensity", "outcome:nerve-conduction-velocity", "outcome:sciatic-functional-index",
        "outcome:paw-withdrawal-threshold", "outcome:paw-withdrawal-latency", "outcome:quality-of-life",
        "outcome:motor-function", "acupoint:sp6", "acupoint:li4", "acupoint:gb30", "acupoint:gb34",
        "acupoint:bl40", "acupoint:li11", "acupoint:pc6", "acupoint:bl23", "acupoint:bl60",
        "acupoint:gv20", "acupoint:gv14", "acupoint:st25", "acupoint:ki3", "acupoint:lr3",
        "acupoint:gb39", "acupoint:ex-b2", "acupoint:sp9", "acupoint:li10", "acupoint:te5",
        "acupoint:gb20", "acupoint:cv4", "acupoint:cv12",
    ],
)
def test_required_concepts_exist(concept_id):
    assert concept_id in VOCAB.by_id


def test_mesh_ids_are_only_the_verified_ones():
    carried = {c.id: c.mesh_id for c in VOCAB.concepts if c.mesh_id}
    assert carried == VERIFIED_MESH


def test_acupoints_have_code_pinyin_english():
    for c in VOCAB.concepts:
        if c.kind == "acupoint":
            assert c.extra["code"] and c.extra["pinyin"] and c.extra["english"], c.id
            assert c.label == f"{c.extra['code']} {c.extra['pinyin']}"


def test_no_name_means_two_concepts():
    owner = {}
    for c in VOCAB.concepts:
        for name in c.names:
            k = key(name)
            assert owner.setdefault(k, c.id) == c.id, f"{name!r} names {owner[k]} and {c.id}"


@pytest.mark.parametrize(
    "term, expected",
    [
        ("β-endorphin", "mechanism:beta-endorphin"),
        ("beta-endorphin", "mechanism:beta-endorphin"),
        ("TNF-α", "mechanism:tnf-alpha"),
        ("TNF-alpha", "mechanism:tnf-alpha"),
        ("TNFα", "mechanism:tnf-alpha"),
        ("IL-1β", "mechanism:il-1beta"),
        ("IL-1beta", "mechanism:il-1beta"),
        ("IL1B", "mechanism:il-1beta"),
        ("IL-1ß", "mechanism:il-1beta"),
        ("NF-κB", "mechanism:nf-kb"),
        ("NF-kappaB", "mechanism:nf-kb"),
        ("µ-opioid receptor", "mechanism:mu-opioid-receptor"),
        ("ST36", "acupoint:st36"),
        ("ST-36", "acupoint:st36"),
        ("ST 36", "acupoint:st36"),
        ("St36", "acupoint:st36"),
        ("Stomach 36", "acupoint:st36"),
        ("Zusanli", "acupoint:st36"),
        ("足三里", "acupoint:st36"),
        ("Bell’s palsy", "condition:facial-palsy"),
        ("GABAergic", "mechanism:gaba"),
        ("electro-acupuncture", "intervention:electroacupuncture"),
        ("mechanism:bdnf", "mechanism:bdnf"),
        ("p75(NTR)", "mechanism:p75ntr"),
        ("nerve growth factor", "mechanism:ngf"),
        ("gabapentin", None),
        ("each", None),
    ],
)
def test_lookup(term, expected):
    found = lookup(term)
    assert (found.id if found else None) == expected


def test_seed_claim_terms_resolve():
    from importlib import resources

    claims = json.loads(resources.files("kg").joinpath("data/seed_claims.json").read_text(encoding="utf-8"))
    for term in ("BDNF", "IL-10", "GABA", "nerve growth factor", "endorphins", "neuroplasticity",
                 "neuropathic pain", "sciatica", "trigeminal neuralgia", "GB30", "GB34"):
        assert lookup(term) is not None, term
    assert any(lookup(c["object"]) for c in claims)


def _variants(name: str, draw_case: str, sep: str) -> str:
    text = re.sub(r"[\s\-]+", sep, name)
    return {"lower": text.lower(), "upper": text.upper(), "same": text}[draw_case]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALL_NAMES), st.sampled_from(["lower", "upper", "same"]), st.sampled_from([" ", "-", "  ", " - "]))
def test_case_hyphen_spacing_variants_resolve_to_the_same_concept(item, case, sep):
    concept_id, name = item
    variant = _variants(name, case, sep)
    found = lookup(variant)
    assert found is not None and found.id == concept_id, (name, variant)


@given(st.text(max_size=40))
def test_normalize_is_idempotent_and_lookup_never_raises(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip() and "  " not in once
    lookup(text)


@given(st.sampled_from(ALL_NAMES))
def test_greek_spelled_out_resolves(item):
    concept_id, name = item
    spelled = name.replace("α", "alpha").replace("β", "beta").replace("κ", "kappa").replace("μ", "mu")
    assert lookup(spelled).id == concept_id


def test_parse_rejects_bad_entries():
    good = {"id": "mechanism:x", "kind": "mechanism", "label": "x"}
    with pytest.raises(ValueError, match="duplicate concept ids.*mechanism:x"):
        parse({"version": "1", "concepts": [good, good]})
    with pytest.raises(ValueError, match="unknown kind 'gene'"):
        parse({"version": "1", "concepts": [{"id": "gene:x", "kind": "gene", "label": "x"}]})
    with pytest.raises(ValueError, match="must start with its kind"):
        parse({"version": "1", "concepts": [{"id": "x", "kind": "mechanism", "label": "x"}]})
    with pytest.raises(ValueError, match="no 'label'"):
        parse({"version": "1", "concepts": [{"id": "mechanism:x", "kind": "mechanism"}]})
    with pytest.raises(ValueError, match="'version'"):
        parse({"concepts": []})


def test_parse_keeps_fields():
    v = parse({"version": "9", "concepts": [{"id": "acupoint:st36", "kind": "acupoint", "label": "ST36 Zusanli",
                                              "abbreviations": ["ST36"], "ambiguous": ["S36"], "code": "ST36",
                                              "group": "stomach", "mesh_id": None}]})
    c = v.by_id["acupoint:st36"]
    assert isinstance(c, Term)
    assert (c.abbreviations, c.ambiguous, c.group, c.mesh_id, c.extra) == (("ST36",), ("S36",), "stomach", None, {"code": "ST36"})


def test_nitric_oxide_and_its_abbreviation():
    no = lookup("nitric oxide")
    assert no.id == "mechanism:nitric-oxide" and no.kind == "mechanism"
    assert no.ambiguous == ("NO",) and no.abbreviations == ()


def test_nitric_oxide_synthase_is_not_nitric_oxide():
    assert lookup("inducible nitric oxide synthase").id == "mechanism:nitric-oxide-synthase"
    assert lookup("iNOS") is lookup("nNOS") is lookup("nitric oxide synthase")


def test_rating_scales_name_what_they_rate():
    assert lookup("HAMD").id == lookup("Beck Depression Inventory").id == "condition:depression"
    assert lookup("STAI").id == lookup("HAMA").id == "condition:anxiety"
    assert lookup("EQ-5D").id == lookup("SF-12").id == "outcome:quality-of-life"


# ---------------------------------------------------------------------------------------
# The hierarchy


def test_hierarchy_walks_down_and_up():
    assert narrower("mechanism:sodium-channels") == {
        "mechanism:sodium-channels", "mechanism:nav1-3", "mechanism:nav1-7", "mechanism:nav1-8"}
    assert {"mechanism:bdnf", "mechanism:ngf", "mechanism:nt-3"} <= narrower(lookup("neurotrophins").id)
    assert broader("condition:spared-nerve-injury") == {
        "condition:sciatic-nerve-injury", "condition:peripheral-nerve-injury", "condition:nervous-system-injury"}
    assert broader("intervention:electroacupuncture") == {"intervention:acupuncture"}
    assert narrower("mechanism:not-in-the-vocabulary") == {"mechanism:not-in-the-vocabulary"}


def test_claim_objects_get_distinct_concepts():
    ids = {lookup(name).id for name in ("sodium channels", "potassium channels", "calcium channels", "ion channels")}
    assert len(ids) == 4
    assert all(lookup("ion channels").id in broader(c) for c in ids - {lookup("ion channels").id})


def test_every_parent_is_a_concept_of_the_same_kind():
    for c in VOCAB.concepts:
        for parent in c.parents:
            assert VOCAB.by_id[parent].kind == c.kind, (c.id, parent)
            assert c.id in VOCAB.children[parent]


def test_parse_rejects_bad_parents():
    def doc(*entries):
        return {"version": "1", "concepts": list(entries)}

    a = {"id": "mechanism:a", "kind": "mechanism", "label": "a"}
    with pytest.raises(ValueError, match="'mechanism:a' has unknown parent 'mechanism:z'"):
        parse(doc(a | {"is_a": ["mechanism:z"]}))
    with pytest.raises(ValueError, match="'mechanism:a' \\(mechanism\\) has parent 'condition:b' of another kind"):
        parse(doc(a | {"is_a": ["condition:b"]}, {"id": "condition:b", "kind": "condition", "label": "b"}))
    with pytest.raises(ValueError, match="is its own ancestor"):
        parse(doc(a | {"is_a": ["mechanism:b"]},
                  {"id": "mechanism:b", "kind": "mechanism", "label": "b", "is_a": ["mechanism:a"]}))
