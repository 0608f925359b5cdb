"""``acukg audit``: claims and references read from an article, references resolved (the demo's
seed map, the stand-in's title search), the cited works ingested and the audit written.

The five practitioner articles are other people's data: read from ``../shared/seeds`` beside
the checkout, skipped when absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from acukg.audit import audit, load, resolve
from ingest.seeds import bibliography_entries
from ingest.standin.corpus import SyntheticCorpus
from ingest.standin.server import start_standin
from ingest.transport import Transport
from kg.articles import body, extract_claims, extract_references, read
from kg.claims import acupuncture_family, resolve as resolve_text
from kg.settings import Settings
from kg.text import sentences
from kg.vocabulary import narrower, vocabulary

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
HAND = json.loads((Path(__file__).resolve().parents[2] / "kg" / "data" / "seed_claims.json").read_text("utf-8"))


def seed_articles() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip("seed articles not available (../shared/seeds absent)")
    return sorted(SEEDS.glob("*.txt"))


def recovered(hand: dict, pairs: set[tuple[str, str]]) -> bool:
    """Whether an extracted (subject, object) pair matches a hand-extracted claim: the same
    subject (any two of the acupuncture family count as one) and the same object or one above
    or below it in the hierarchy."""
    family = acupuncture_family()
    s, o = resolve_text(hand["subject"]), resolve_text(hand["object"])
    if not s or not o:
        return False
    return any((gs == s or {gs, s} <= family) and (go in narrower(o) or o in narrower(go)) for gs, go in pairs)


def source_sentences(article, hand: dict, limit: int = 2) -> list[str]:
    """The article sentences a hand-extracted claim most likely comes from: those holding most of
    its subject's and object's words (five-letter stems) and vocabulary names (twice the weight)."""
    text = f"{hand['subject']} {hand['object']}".lower()
    stems = {w[:5] for w in re.findall(r"[a-z]{4,}", text)}
    concepts = {resolve_text(hand[part]) for part in ("subject", "object")} - {None}
    names = [re.compile(rf"\b{re.escape(n.lower())}\b") for c in concepts for n in vocabulary().by_id[c].names]
    scored = []
    for paragraph in body(article):
        for start, end in sentences(paragraph):
            sentence = paragraph[start:end]
            low = sentence.lower()
            score = sum(stem in low for stem in stems) + 2 * sum(bool(n.search(low)) for n in names)
            if score >= 2:
                scored.append((-score, len(scored), sentence))
    return [sentence for *_, sentence in sorted(scored)[:limit]]


def test_seed_articles_recover_80_percent_of_the_hand_extracted_claim_pairs():
    """Each article's recovery is printed with its misses (and the sentences they likely come
    from), and so is the share of extracted claims that match a hand-extracted one: a lower
    bound on precision, the hand list holding only what its author picked."""
    found = total = matching = extracted = 0
    short = []
    for path in seed_articles():
        article, _ = load(path)
        claims = extract_claims(article)
        pairs = {(c.subject_concept, c.object_concept) for c in claims}
        hand = [h for h in HAND if h["seed_file"] == path.name]
        hits = sum(recovered(h, pairs) for h in hand)
        kept = sum(any(recovered(h, {(c.subject_concept, c.object_concept)}) for h in hand) for c in claims)
        print(f"{path.name}: {hits} of {len(hand)} hand-extracted claim pairs ({hits / len(hand):.1%}); "
              f"{kept} of {len(claims)} extracted claims match one")
        for h in (h for h in hand if not recovered(h, pairs)):
            unresolved = [part for part in ("subject", "object") if not resolve_text(h[part])]
            print(f"  missed: {h['subject']} {h['relation']} {h['object']}"
                  + (f" (no vocabulary concept for its {' and '.join(unresolved)})" if unresolved else ""))
            for sentence in source_sentences(article, h):
                print(f"    | {sentence}")
        if hits / len(hand) < 0.8:
            short.append(f"{path.name} {hits}/{len(hand)}")
        found, total = found + hits, total + len(hand)
        matching, extracted = matching + kept, extracted + len(claims)
    print(f"recovered {found} of {total} hand-extracted claim pairs ({found / total:.1%}); "
          f"{matching} of {extracted} extracted claims ({matching / extracted:.1%}) match a hand-extracted one")
    assert total == 75 and not short, f"below 80% of the hand-extracted claim pairs: {', '.join(short)}"


def test_seed_articles_cite_the_bibliography_dois():
    entries = bibliography_entries()
    for path in seed_articles():
        got = {r.doi for r in extract_references(load(path)[0]) if r.doi}
        cited = {e["doi"].lower() for e in entries
                 if e["seed_file"] == path.name and e["mention_type"] == "explicit" and e["doi"]}
        assert got == cited, path.name


def test_claims_keep_direction_negation_and_context():
    article = read("Electroacupuncture increased BDNF in rats with sciatic nerve injury. "
                   "It did not reduce IL-6. Acupuncture is effective for trigeminal neuralgia.")
    got = [(c.subject_concept, c.relation, c.object_concept, c.context_concepts, c.negated)
           for c in extract_claims(article)]
    assert got == [
        ("intervention:electroacupuncture", "increases", "mechanism:bdnf", ("condition:sciatic-nerve-injury",), False),
        ("intervention:electroacupuncture", "does_not_reduce", "mechanism:il-6", ("condition:sciatic-nerve-injury",),
         True),
        ("intervention:acupuncture", "affects", "condition:trigeminal-neuralgia", (), False),
    ]


@pytest.fixture(scope="module")
def corpus():
    return SyntheticCorpus(400, 7)


def test_numbered_references_without_dois_resolve_by_title_search(corpus, tmp_path):
    titles = {i: json.loads(corpus.json_of(i, ("title",)))["title"].removeprefix("[synthetic] ") for i in (12, 150, 333)}
    lines = ["Acupuncture for nerve repair", "Electroacupuncture increased BDNF in rats [1].", "", "References"]
    for n, (i, title) in enumerate(titles.items(), start=1):
        lines.append(f"{n}. Chen X, Li Y, Wang Z. {title[:1].upper() + title[1:]}. J Acupunct Res. 2019;12(3):34-56.")
    lines.append("4. Nobody N. A study of quantum moxibustion on the far side of the moon. Imag J. 2020;1:1-2.")
    path = tmp_path / "numbered.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    refs = extract_references(load(path)[0])
    assert [r.doi for r in refs] == [None] * 4 and all(r.title for r in refs)
    with start_standin(corpus=corpus) as standin, Transport(Settings(openalex_url=standin.url)) as transport:
        got = resolve(refs, transport, {})
    assert [(r.how, r.openalex) for r in got] == [
        *(("title search", corpus.openalex_id(i)) for i in titles), ("not found", None)]


def test_audit_of_a_seed_article_with_the_demo_writes_its_page(tmp_path):
    path = next((p for p in seed_articles() if p.name.startswith("004")), None)
    if path is None:
        pytest.skip("seed article 004 not available")
    summary = audit(Settings(data_dir=tmp_path), path, demo=True, works=400)
    page = Path(summary["page"]).read_text("utf-8")
    # the five DOIs the article cites map to their synthetic stand-ins as the demo's seeds do
    assert summary["references"] == 5 and summary["resolved"] == 5 and summary["synthetic"]
    assert summary["claims"] >= 10 and "SYNTHETIC DATA" in page and "Verdict" in page
    assert sum(summary["verdicts"].values()) == summary["claims"]
    rows = Path(summary["table"]).read_text("utf-8").splitlines()
    assert rows[0].startswith("verdict,claim,on_point") and len(rows) == summary["claims"] + 1


def test_a_saved_html_article_reads_like_its_text():
    html = ("<html><head><title>Nerve pain &amp; acupuncture</title><style>p{}</style></head><body>"
            "<nav>Menu</nav><h1>Notes from the clinic</h1>"
            "<p>Electroacupuncture <b>increased</b> BDNF in rats with sciatic nerve injury.</p>"
            "<p>See <a href='https://doi.org/10.1310/sci1901-61'>the review</a>.</p><script>var x = 1;</script>"
            "</body></html>")
    article = read(html, "html")
    assert article.title == "Nerve pain & acupuncture" and "var x" not in article.text
    assert [(c.subject_concept, c.object_concept) for c in extract_claims(article)] == [
        ("intervention:electroacupuncture", "mechanism:bdnf")]
    assert [r.doi for r in extract_references(article)] == ["10.1310/sci1901-61"]


def test_audit_command_on_a_markdown_article(tmp_path):
    from click.testing import CliRunner

    from acukg.cli import cli

    path = tmp_path / "post.md"
    path.write_text("# Acupuncture and nerve pain\n\nAcupuncture **reduces** neuropathic pain "
                    "([Mehta 2013](https://doi.org/10.1310/sci1901-61)).\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", str(path), "--demo", "--works", "400", "-q", "--data", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "1 claims (" in result.output and "1 of 1 references resolved" in result.output
    assert (tmp_path / "d" / "audit" / "post" / "index.html").is_file()
