"""Claim extraction rules of :mod:`kg.articles`, each on sentences written for it."""

from __future__ import annotations

from kg.articles import extract_claims, read


def triples(text: str, kind: str = "text") -> list[tuple[str, str, str]]:
    return [(c.subject_concept, c.relation, c.object_concept) for c in extract_claims(read(text, kind))]


def test_an_intervention_is_applied_at_the_acupoints_named_after_it():
    got = triples("Manual acupuncture was given at ST36 and SP6 twice a week to relieve allodynia.")
    assert ("intervention:manual-acupuncture", "applied_at", "acupoint:st36") in got
    assert ("intervention:manual-acupuncture", "applied_at", "acupoint:sp6") in got
    assert ("intervention:manual-acupuncture", "reduces", "condition:allodynia") in got


def test_an_acupoint_named_without_an_intervention_is_not_applied():
    assert not [t for t in triples("ST36 lies a hand width below the kneecap, near the tibia.") if t[1] == "applied_at"]


def test_a_list_led_in_as_causes_makes_its_conditions_cause_the_paragraphs_condition():
    text = ("Why feet burn at night\n"
            "Peripheral neuropathy rarely comes out of nowhere. In most people it develops because of:\n"
            "- Diabetes\n- Guillain-Barre syndrome\n- Something the doctors never find\n"
            "Electroacupuncture can ease the burning.")
    got = triples(text)
    assert [t for t in got if t[1] == "causes"] == [
        ("condition:diabetes", "causes", "condition:peripheral-neuropathy"),
        ("condition:guillain-barre-syndrome", "causes", "condition:peripheral-neuropathy"),
    ]
    claim = next(c for c in extract_claims(read(text)) if c.relation == "causes")
    assert claim.sentence == "In most people it develops because of: Diabetes" and claim.subject == "Diabetes"


def test_a_cause_list_of_a_saved_page_loses_its_bullets_and_still_reads_as_one():
    html = ("<h1>Facial palsy</h1><p>Facial palsy is frightening. Common causes include:</p>"
            "<ul><li>Stroke</li><li>Multiple sclerosis</li></ul><p>Acupuncture at LI4 is often used.</p>")
    got = triples(html, "html")
    assert ("condition:stroke", "causes", "condition:facial-palsy") in got
    assert ("condition:multiple-sclerosis", "causes", "condition:facial-palsy") in got
    assert ("intervention:acupuncture", "applied_at", "acupoint:li4") in got


def test_a_cause_list_naming_no_condition_takes_the_articles_main_one():
    text = ("Trigeminal neuralgia is a stabbing face pain. Trigeminal neuralgia is worse in winter.\n"
            "Attacks are often triggered by:\n- Stroke\n- Cold wind on the cheek")
    assert [t for t in triples(text) if t[1] == "causes"] == [
        ("condition:stroke", "causes", "condition:trigeminal-neuralgia")]


def test_a_list_that_is_not_led_in_as_causes_makes_no_cause_claims():
    got = triples("Acupuncture is offered in our clinic for:\n- Sciatica\n- Migraine")
    assert not [t for t in got if t[1] == "causes"]


def test_a_problem_set_out_before_a_remedy_is_what_the_remedy_affects():
    text = ("Many people with sciatica also suffer from depression and anxiety. "
            "Acupuncture helps restore calm by raising serotonin.")
    got = triples(text)
    assert ("intervention:acupuncture", "affects", "condition:depression") in got
    assert ("intervention:acupuncture", "affects", "condition:anxiety") in got
    # the population the problem sentence speaks of is a setting, not something treated
    assert ("intervention:acupuncture", "affects", "condition:sciatica") not in got
    claim = next(c for c in extract_claims(read(text)) if c.object_concept == "condition:depression")
    assert claim.sentence.startswith("Many people with sciatica") and claim.sentence.endswith("serotonin.")


def test_a_remedy_that_names_its_own_condition_does_not_take_the_problem_before_it():
    got = triples("Migraine patients often also suffer from depression. "
                  "Electroacupuncture relieves the throbbing of migraine within weeks.")
    assert ("intervention:electroacupuncture", "affects", "condition:depression") not in got


def test_a_problem_followed_by_no_effect_is_no_claim():
    got = triples("Patients with fibromyalgia often feel depression. Acupuncture was first described in China.")
    assert not [t for t in got if t[2] == "condition:depression"]


def test_a_condition_named_as_the_cause_of_another_is_the_context_not_an_object():
    got = extract_claims(read("Electroacupuncture eased the burning pain that persists after a spinal cord injury. "
                              "Acupuncture is helpful for allodynia caused by diabetic neuropathy."))
    assert [(c.subject_concept, c.object_concept, c.context_concepts) for c in got] == [
        ("intervention:electroacupuncture", "outcome:pain-intensity", ("condition:spinal-cord-injury",)),
        ("intervention:acupuncture", "condition:allodynia", ("condition:diabetic-peripheral-neuropathy",)),
    ]


def test_an_ambiguous_abbreviation_counts_once_the_article_names_its_concept():
    got = triples("Substance P rises after nerve injury and drives pain.\n"
                  "In rats, electroacupuncture lowered SP within a week.")
    assert ("intervention:electroacupuncture", "reduces", "mechanism:substance-p") in got
    assert not triples("In rats, electroacupuncture lowered SP within a week.")


def test_in_a_cause_list_an_ambiguous_abbreviation_of_a_condition_reads_as_the_condition():
    text = ("Neuropathic pain in young adults can happen due to:\n- Demyelinating diseases such as MS\n"
            "Samples were read by MS after electroacupuncture.")
    got = triples(text)
    assert ("condition:multiple-sclerosis", "causes", "condition:neuropathic-pain") in got
    assert not [t for t in got if t[0] != "condition:multiple-sclerosis" and "multiple-sclerosis" in t[2]]


def test_a_list_of_what_something_causes_is_not_a_list_of_causes():
    got = triples("Sciatica is common. In some people acupuncture can cause:\n- Bruising\n- Migraine")
    assert not [t for t in got if t[1] == "causes"]


def test_a_bulleted_cause_list_ends_at_the_first_line_without_a_bullet():
    got = triples("Sciatica has several origins. It often arises from:\n- Diabetes\nMigraine and sleep\n- Stroke")
    assert [t for t in got if t[1] == "causes"] == [("condition:diabetes", "causes", "condition:sciatica")]


def test_a_manipulation_is_no_claimed_effect():
    # the antagonist is how the effect was shown, not an effect of acupuncture on TrkB
    claims = extract_claims(read("Electroacupuncture raised BDNF and relieved allodynia in rats given a TrkB antagonist."))
    assert [(c.relation, c.direction) for c in claims if c.object_concept == "mechanism:bdnf"] == [("increases", "up")]
    assert [c.direction for c in claims if c.object_concept == "mechanism:trkb"] in ([], [None])
