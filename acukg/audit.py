"""``acukg audit ARTICLE``: what one practitioner article claims, against the works it cites.

The job: read the article (text, Markdown or saved HTML; :mod:`kg.articles`), take its claims
and its references, resolve the references to OpenAlex works (DOIs and PMIDs by the ingest's
own resolution; reference-list entries without an identifier by OpenAlex title search; with
the demo, the bibliography's real DOIs through the stand-in's seed map), ingest those works and
the works they cite with the same job into the same record store, build a graph holding the
article and its claims, and write the audit: ``DATA/audit/<article>/index.html`` (the claims
table, verdict first, and the references as resolved) and ``claims.csv``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from kg import ids
from kg.articles import Article, ExtractedClaim, Reference, extract_claims, extract_references, read
from kg.claims import Articles, expected_direction
from kg.errors import AcukgError
from kg.model import Claim, Source
from kg.settings import Settings
from kg.vocabulary import vocabulary

KINDS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}
#: Share of a title guess's words a search hit's title must hold to count as the work cited.
TITLE_MATCH = 0.8
#: Words of a title guess sent to the title search.
SEARCH_WORDS = 14
_WORD = re.compile(r"[^\W_]+")


class AuditError(AcukgError, ValueError):
    """An article that cannot be audited (the message says which and why)."""


@dataclass(frozen=True)
class Resolved:
    """A reference and the OpenAlex work it was resolved to (None: not resolved), and how."""

    reference: Reference
    openalex: str | None
    how: str
    doi: str | None = None


def load(path: str | Path) -> tuple[Article, str]:
    """The article at ``path`` and its kind (by suffix: .html/.htm, .md/.markdown, else text)."""
    path = Path(path)
    kind = KINDS.get(path.suffix.lower(), "text")
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise AuditError(f"cannot read the article {path}: {exc.strerror or exc}") from None
    article = read(raw, kind)
    if not article.paragraphs:
        raise AuditError(f"the article {path} holds no text")
    return article, kind


def slug(path: str | Path) -> str:
    """The article's folder name under ``DATA/audit``: its file name, tamed.

    >>> slug("/tmp/My Post (2024).html")
    'my-post-2024'
    """
    return re.sub(r"[^a-z0-9]+", "-", Path(path).stem.lower()).strip("-") or "article"


def claim_nodes(source: str, claims: list[ExtractedClaim]) -> tuple[Claim, ...]:
    """The extracted claims as Claim nodes of ``source``, numbered from 01."""
    by_id = vocabulary().by_id
    out = []
    for n, c in enumerate(claims, start=1):
        context = "; ".join(by_id[k].label for k in c.context_concepts) or None
        words = c.relation.replace("does_not_", "does not ").replace("_", " ")
        out.append(Claim(
            id=f"claim:{source.split(':', 1)[1]}-{n:02d}",
            label=f"{c.subject} {words} {c.object}" + (f" ({context})" if context else ""),
            source=source, subject=c.subject, relation=c.relation, object=c.object, object_kind=c.object_kind,
            subject_concept=c.subject_concept, object_concept=c.object_concept, context=context,
            context_concept=c.context_concepts[0] if c.context_concepts else None,
            context_concepts=list(c.context_concepts), expected_direction=expected_direction(c.relation),
            note=c.sentence,
        ))
    return tuple(out)


def search_title(transport, title: str) -> tuple[str, str | None] | None:
    """The work an OpenAlex title search finds for a reference's title guess: ``(W id, DOI)``
    of the hit whose title holds most of the guess's words (at least :data:`TITLE_MATCH`)."""
    from pyalex import Works

    words = _WORD.findall(title.lower())[:SEARCH_WORDS]
    if not words:
        return None
    url = Works().filter(title={"search": " ".join(words)}).select(["id", "doi", "display_name"]).url
    best, score = None, 0.0
    for _raw, work in transport.get_list(url).results:
        found = set(_WORD.findall((work.get("display_name") or "").lower()))
        share = sum(w in found for w in words) / len(words)
        if share > score:
            best, score = work, share
    if best is None or score < TITLE_MATCH:
        return None
    return ids.openalex(best["id"]), ids.doi(best.get("doi"))


def resolve(references: list[Reference], transport, seed_map: dict[str, str]) -> list[Resolved]:
    """Each reference with its work: a DOI the seed map names (the demo), a title guess by title
    search; DOIs and PMIDs are left to the ingest's resolution (``how`` says which)."""
    mapped = {ids.doi(k): ids.openalex(v) for k, v in seed_map.items()}
    out = []
    for ref in references:
        if ref.doi and ref.doi in mapped:
            out.append(Resolved(ref, mapped[ref.doi], "seed map", ref.doi))
        elif ref.doi:
            out.append(Resolved(ref, None, "doi", ref.doi))
        elif ref.pmid:
            out.append(Resolved(ref, None, "pmid"))
        elif ref.title:
            hit = search_title(transport, ref.title)
            out.append(Resolved(ref, hit[0], "title search", hit[1]) if hit else Resolved(ref, None, "not found"))
        else:
            out.append(Resolved(ref, None, "no identifier"))
    return out


def seed_list(resolved: list[Resolved], source: str):
    """The ingest's seeds: the works found, and the DOIs and PMIDs to resolve."""
    from ingest.seeds import Seed, SeedList

    seeds = []
    for r in resolved:
        if r.openalex:
            seeds.append(Seed("openalex", r.openalex, title=r.reference.title))
        elif r.how == "doi":
            seeds.append(Seed("doi", r.doi))
        elif r.how == "pmid":
            seeds.append(Seed("pmid", r.reference.pmid))
    return SeedList(seeds=tuple(dict.fromkeys(seeds)), source=f"audit of {source}")


def bibliography(resolved: list[Resolved], file: str) -> tuple[dict, ...]:
    """Bibliography entries (the build's Source -CITES-> Work) for the resolved references."""
    out = []
    for r in resolved:
        if r.doi or r.reference.pmid:
            confidence = "medium" if r.how == "title search" else "high"
            out.append({"seed_file": file, "doi": r.doi, "pmid": r.reference.pmid, "confidence": confidence})
    return tuple(out)


def audit(settings: Settings, path: str | Path, *, demo: bool = False, works: int | None = None,
          depth: int = 1, quiet: bool = True) -> dict:
    """Audit the article at ``path`` (see the module docstring); returns a summary with the
    paths written. ``demo`` serves the demo's synthetic corpus on loopback instead of OpenAlex."""
    from ingest.job import IngestOptions
    from ingest.progress import Progress

    article, kind = load(path)
    name = slug(path)
    source = Source(id=f"source:{name}", label=article.title, file=Path(path).name)
    claims = claim_nodes(source.id, extract_claims(article))
    references = extract_references(article)
    options = IngestOptions(depth=depth)
    progress = Progress(quiet=quiet)
    if demo:
        from acukg.pipeline import DEMO_RATE_LIMIT, DEMO_SEED, DEMO_WORKS
        from ingest.standin.server import start_standin

        with start_standin(size=works or DEMO_WORKS, seed=DEMO_SEED) as standin:
            local = settings.with_(openalex_url=standin.url, api_key=None, email=None,
                                   rate_limit=max(settings.rate_limit, DEMO_RATE_LIMIT))
            seed_map = standin.corpus.seed_map()
            synthetic = {"corpus": "SyntheticCorpus", "size": standin.corpus.size, "seed": standin.corpus.seed}
            resolved, manifest = _fetch(local, references, seed_map, options, progress, synthetic, source.file)
    else:
        seed_map, synthetic = {}, None
        resolved, manifest = _fetch(settings, references, seed_map, options, progress, synthetic, source.file)
    G = _build(settings, Articles((source,), claims, bibliography(resolved, source.file)),
               seed_map=seed_map, synthetic=demo or bool(manifest and manifest.get("synthetic")))
    return _write(settings.data_dir / "audit" / name, G, article, kind, resolved, manifest)


def _fetch(settings, references, seed_map, options, progress, synthetic, file):
    from ingest.job import ingest
    from ingest.transport import Transport

    with Transport(settings) as transport:
        resolved = resolve(references, transport, seed_map)
        seeds = seed_list(resolved, file)
        manifest = None
        if seeds.seeds:
            manifest = ingest(settings, seeds, options=options, progress=progress, synthetic=synthetic,
                              seed_map={r.doi: r.openalex for r in resolved if r.doi and r.openalex} or None,
                              transport=transport)
    found = (manifest or {}).get("seed_resolution") or {}
    return [_with_ingest(r, found) for r in resolved], manifest


def _with_ingest(r: Resolved, found: dict) -> Resolved:
    """A DOI or PMID reference with the work the ingest resolved it to, if any."""
    if r.openalex or r.how not in ("doi", "pmid"):
        return r
    key = r.doi if r.how == "doi" else f"pmid:{r.reference.pmid}"
    work = found.get(key)
    return Resolved(r.reference, ids.openalex(work) if work else None, r.how, r.doi)


def _build(settings: Settings, articles: Articles, *, seed_map: dict, synthetic: bool):
    from ingest.store import RecordStore
    from kg.build import build_graph

    if not settings.store_path.exists():
        return build_graph([], articles=articles, synthetic=synthetic, built_at=_now())
    with RecordStore(settings.store_path) as store:
        return build_graph(store.works(), hops=store.hops(), seed_map=seed_map, articles=articles,
                           synthetic=synthetic, built_at=_now())


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write(out_dir: Path, G, article: Article, kind: str, resolved: list[Resolved], manifest) -> dict:
    import jinja2

    from acukg import claims as shown
    from kg.views import style
    from kg.views.html import write_atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    frame = shown.audit(G)
    rows = shown.table_rows(G, frame)
    env = jinja2.Environment(loader=jinja2.PackageLoader("acukg", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    counts = {v: int((frame["verdict"] == v).sum()) for v in style.VERDICT_LABELS}
    html = env.get_template("audit.html").render(
        title=article.title, kind=kind, synthetic=bool(G.graph.get("synthetic")), built_at=G.graph.get("built_at"),
        verdicts=[(v, style.VERDICT_LABELS[v], style.VERDICT_RULES[v], counts[v]) for v in style.VERDICT_LABELS],
        claim_rows=rows, references=[_reference_row(r) for r in resolved],
        works=sum(1 for _, k in G.nodes(data="kind") if k == "work"),
    )
    page = write_atomic(out_dir / "index.html", html)
    table = out_dir / "claims.csv"
    with table.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["verdict", "claim", "on_point", "mention_object", "supporting", "contradicting",
                         "best_design", "human_evidence", "sentence"])
        notes = dict(G.nodes(data="note"))
        for row, (_, r) in zip(rows, frame.iterrows()):
            writer.writerow([row["verdict_label"], row["text"], row["n_on_point"], row["n_mention_object"],
                             row["n_supporting"], row["n_contradicting"], r["best_design"] or "",
                             bool(r["human_evidence"]), notes.get(r["claim"]) or ""])
    return {
        "page": str(page), "table": str(table), "claims": len(frame),
        "references": len(resolved), "resolved": sum(1 for r in resolved if r.openalex),
        "verdicts": {k: n for k, n in counts.items() if n},
        "synthetic": bool(G.graph.get("synthetic")), "run_id": (manifest or {}).get("run_id"),
    }


def _reference_row(r: Resolved) -> dict:
    ref = r.reference
    shown = ref.text or ref.doi or ref.pmid or ref.pmcid or ""
    return {"text": shown if len(shown) <= 220 else shown[:219] + "…", "how": r.how, "openalex": r.openalex,
            "url": f"https://openalex.org/{r.openalex}" if r.openalex else None}
