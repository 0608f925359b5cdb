"""Fidelity on real annotated text: the tagger's direction and null findings, and the design classifier.

Reads the development corpora in ``../shared/data/real`` (relative to the repository root; see its
README) and scores:

GENIA 2011 (train)
    ``genia_direction``: every Positive_regulation / Negative_regulation event not marked negated,
    not itself the Theme of another event, whose Theme chain ends at a protein that
    :func:`kg.vocabulary.lookup` resolves. The chain may pass through further regulations and
    through Gene_expression / Transcription (transparent) and Protein_catabolism (a fall); its net
    polarity is the product of the signs ("attenuated the up-regulation of TNF-α": down). ``tag()``
    runs on the sentence holding the outer trigger (items whose protein stands in another sentence
    are left out, as are proteins two events of one sentence send opposite ways); right when the
    mention over the protein is not negated and has the net direction; no mention is wrong.
    ``genia_direction_findings`` (not a target): the same without the items whose outer trigger
    names a manipulation (:data:`MANIPULATIONS`: "inhibitor of X", "X-deficient", "in the absence
    of X", "neutralizing anti-X"), which GENIA annotates as regulation and the tagger reads as a
    manipulation: the change imposed, marked ``manipulated`` (a setting the evidence rules do not
    count). ``genia_negative_regulation``: the same on the items whose net polarity is
    down. ``genia_negated_events``: every event marked negated (not the Theme of another event)
    whose Theme chain ends at a resolved protein: right when that mention is ``negated``.
BioScope abstracts
    Every mention ``tag()`` finds of a mechanism, condition or outcome in a sentence; gold null
    when the mention lies inside the scope of a negation cue in :data:`NULL_CUES` (and is not the
    cue itself). Left out as cues: *lack(ing) of*, *absence*, *absent*, *without* + a noun, *rather
    than*, *with the exception of*, *loss*, *negative*: they name a condition, manipulation or
    contrast ("cells lacking X", "in the absence of X"), not a null finding. *without* + a verb in
    -ing ("without affecting X") counts. ``bioscope_null_precision`` / ``_recall`` of ``negated``.
Evidence Inference 2.0 (train)
    Prompts whose outcome text names exactly one vocabulary concept of a finding kind, with a
    majority label; ``tag()`` on the first evidence span given for that label that names the
    concept (else the first). "significantly
    increased" = up, "significantly decreased" = down, "no significant difference" = null (a
    ``negated`` mention). The reading is the first mention of the concept that commits (negated:
    null; else its direction). ``ei_accuracy`` over all items, ``ei_committed_accuracy`` over
    those with a reading, ``ei_commit_rate`` the share with a reading.
Design
    As ``benchmarks/design_eval.py`` defines them (one definition, its mapping of stated designs):
    ``design_stated_accuracy``, :func:`kg.classify.study_design` on the records of
    ``abstracts.jsonl`` with a stated design; ``rct_recall``, the share of the Evidence Inference
    articles (title and abstract, all randomised trial reports) called ``rct``.

Run: ``python benchmarks/fidelity.py``. Prints a table; the last line is one JSON object with
every figure and the number of items behind it (``n_<figure>``).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "benchmarks"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import design_eval  # noqa: E402
from kg.tagging import FINDING_KINDS, tag  # noqa: E402
from kg.text import sentences  # noqa: E402
from kg.vocabulary import lookup  # noqa: E402

REAL = ROOT.parent / "shared" / "data" / "real"
ABSENT = "real corpora not available (../shared/data/real absent)"

TARGETS = {
    "genia_direction": 0.85,
    "genia_negative_regulation": 0.75,
    "bioscope_null_precision": 0.80,
    "bioscope_null_recall": 0.80,
    "ei_committed_accuracy": 0.90,
    "ei_commit_rate": 0.70,
    "design_stated_accuracy": 0.93,
    "rct_recall": 0.95,
}

#: BioScope negation cues (lower case, spaces folded) that state a null finding.
NULL_CUES = frozenset(
    """not no n't never neither nor none nothing failed fail fails failure unable cannot
    can-not could-not did-not does-not do-not no-longer""".replace("-", " ").split()
) | {"can not", "could not", "did not", "does not", "do not", "no longer"}

#: Trigger words of a manipulation (GENIA regulation events the tagger reads as manipulations).
MANIPULATIONS = ("inhibitor", "deficien", "absence", "lack", "neutraliz", "antibod", "knockout", "antisense",
                 "sirna", "removal", "blocking", "mutant", "mutation", "deletion")

#: GENIA event type -> sign along a Theme chain (types not listed end the chain unscored).
CHAIN_SIGN = {"Positive_regulation": 1, "Negative_regulation": -1, "Gene_expression": 1, "Transcription": 1,
              "Protein_catabolism": -1}
EI_LABELS = {"significantly increased": "up", "significantly increase": "up",
             "significantly decreased": "down", "no significant difference": "null"}


@dataclass(frozen=True)
class Item:
    """One scored item: ``tag()`` runs on ``text``; the concept's mention nearest ``span`` is read
    (``span`` None: the first mention); ``gold`` is "up", "down" or "null"."""

    text: str
    concept: str
    gold: str
    span: tuple[int, int] | None = None
    cue: str = ""  # GENIA: the outer trigger's text


def reading(text: str, concept: str, span: tuple[int, int] | None = None, commit_first: bool = False) -> str | None:
    """What the tagger says of ``concept`` in ``text``: "up", "down", "null" (negated) or None.

    The mention read is the one overlapping ``span`` (when given), else the first; with
    ``commit_first`` the first mention that commits to an answer.
    """
    found = [m for m in tag(text) if m.concept == concept]
    if span is not None:
        found = [m for m in found if m.start < span[1] and span[0] < m.end]
    for m in found:
        said = "null" if m.negated else m.direction
        if said or not commit_first:
            return said
    return None


def share(right: int, n: int) -> float | None:
    return round(right / n, 4) if n else None


# --------------------------------------------------------------------------------------- GENIA


def genia_items(text: str, a1: str, a2: str) -> tuple[list[Item], list[Item]]:
    """Direction items and negated-event items of one GENIA document (see the module docstring)."""
    spans: dict[str, tuple[str, int, int]] = {}
    events: dict[str, tuple[str, str, str | None]] = {}  # id -> (type, trigger id, theme id)
    negated: set[str] = set()
    for line in (a1 + "\n" + a2).splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            kind, start, end = fields[1].split(" ")[:3]
            spans[fields[0]] = (kind, int(start), int(end))
        elif line.startswith("E") and len(fields) >= 2:
            args = fields[1].split()
            etype, trigger = args[0].split(":")
            theme = next((a.split(":")[1] for a in args[1:] if a.startswith("Theme:")), None)
            events[fields[0]] = (etype, trigger, theme)
        elif line.startswith("M") and len(fields) >= 2 and fields[1].startswith("Negation "):
            negated.add(fields[1].split()[1])
    themes_of_events = {theme for _, _, theme in events.values() if theme}
    bounds = _sentence_bounds(text)
    direction, denied = [], []
    seen: set[tuple] = set()
    for eid, (etype, trigger, theme) in events.items():
        if eid in themes_of_events or trigger not in spans:
            continue
        is_negated = eid in negated
        if not is_negated and etype not in ("Positive_regulation", "Negative_regulation"):
            continue
        leaf, sign = _chain(eid, events, negated, spans, strict=not is_negated)
        if leaf is None:
            continue
        _, p_start, p_end = spans[leaf]
        concept = lookup(text[p_start:p_end])
        if concept is None or concept.kind not in FINDING_KINDS:
            continue
        s_start, s_end = next(((a, b) for a, b in bounds if a <= spans[trigger][1] < b), (None, None))
        if s_start is None:
            continue
        k = (is_negated, spans[trigger][1:], p_start, sign)
        if k in seen:
            continue
        seen.add(k)
        if not s_start <= p_start < s_end:
            continue  # the protein stands in another sentence (a coreference)
        span = (p_start - s_start, p_end - s_start)
        item = Item(text[s_start:s_end], concept.id, "null" if is_negated else ("up" if sign > 0 else "down"), span,
                    text[spans[trigger][1] : spans[trigger][2]])
        (denied if is_negated else direction).append(item)
    # one mention, one reading: a protein that two events of one sentence send opposite ways
    # ("GH inhibits LPS-induced TNF-α production", not nested in the annotation) is left out
    ways = Counter((text, span) for text, span, _ in {(i.text, i.span, i.gold) for i in direction})
    return [i for i in direction if ways[(i.text, i.span)] == 1], denied


def _chain(eid: str, events: dict, negated: set, spans: dict, strict: bool) -> tuple[str | None, int]:
    """The protein at the end of an event's Theme chain and the net sign; (None, 0) when the chain
    leaves :data:`CHAIN_SIGN` (``strict``) or meets an inner negation."""
    sign, node, depth = 1, eid, 0
    while node in events and depth < 10:
        etype, _, theme = events[node]
        if (strict or node != eid) and etype not in CHAIN_SIGN or (node != eid and node in negated) or theme is None:
            return None, 0
        sign *= CHAIN_SIGN.get(etype, 1)
        node, depth = theme, depth + 1
    if node not in spans or spans[node][0] != "Protein":
        return None, 0
    return node, sign


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a GENIA text, lines first (the title is its own line)."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.extend((pos + a, pos + b) for a, b in sentences(line))
        pos += len(line) + 1
    return out


def read_genia(folder: Path, limit: int | None = None) -> tuple[list[Item], list[Item]]:
    direction, denied = [], []
    for txt in sorted(folder.glob("*.txt"))[:limit]:
        d, n = genia_items(*(txt.with_suffix(s).read_text(encoding="utf-8") for s in (".txt", ".a1", ".a2")))
        direction += d
        denied += n
    return direction, denied


def score_genia(direction: list[Item], denied: list[Item]) -> dict:
    said = [reading(i.text, i.concept, i.span) for i in direction]
    right = [s == i.gold for s, i in zip(said, direction)]
    neg = [r for r, i in zip(right, direction) if i.gold == "down"]
    found = [r for r, i in zip(right, direction) if not any(w in i.cue.lower() for w in MANIPULATIONS)]
    denied_right = sum(reading(i.text, i.concept, i.span) == "null" for i in denied)
    return {
        "genia_direction": share(sum(right), len(right)), "n_genia_direction": len(right),
        "genia_negative_regulation": share(sum(neg), len(neg)), "n_genia_negative_regulation": len(neg),
        "genia_direction_findings": share(sum(found), len(found)), "n_genia_direction_findings": len(found),
        "genia_no_direction": share(sum(s is None for s in said), len(said)), "n_genia_no_direction": len(said),
        "genia_negated_events": share(denied_right, len(denied)), "n_genia_negated_events": len(denied),
    }


# --------------------------------------------------------------------------------------- BioScope

_SENTENCE = re.compile(r"<sentence[^>]*>(.*?)</sentence>", re.S)
_TAG = re.compile(r"<(/?)(xcope|cue)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def bioscope_sentence(xml: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """Plain text of one ``<sentence>`` body, the spans of its null-finding scopes, and of their cues."""
    text, pos = [], 0
    open_tags: list[tuple[str, dict, int]] = []
    scopes: dict[str, tuple[int, int]] = {}
    cues: dict[str, list[tuple[int, int, str]]] = {}
    length = 0
    for m in _TAG.finditer(xml):
        piece = unescape(xml[pos : m.start()])
        text.append(piece)
        length += len(piece)
        pos = m.end()
        if m.group(1):
            name, attrs, start = open_tags.pop()
            if name == "xcope":
                scopes[attrs.get("id", "")] = (start, length)
            elif attrs.get("type") == "negation":
                cues.setdefault(attrs.get("ref", ""), []).append((start, length, ""))
        else:
            open_tags.append((m.group(2), dict(_ATTR.findall(m.group(3))), length))
    text.append(unescape(xml[pos:]))
    plain = "".join(text)
    null_scopes, null_cues = [], []
    for ref, spans in cues.items():
        words = " ".join(plain[a:b] for a, b, _ in spans).lower().split()
        phrase = " ".join(words)
        after = plain[spans[-1][1] :].split()[:1]
        if phrase in NULL_CUES or any(w in NULL_CUES for w in words) or (
            phrase == "without" and after and after[0].lower().endswith("ing")
        ):
            if ref in scopes:
                null_scopes.append(scopes[ref])
            null_cues.extend((a, b) for a, b, _ in spans)
    return plain, null_scopes, null_cues


def read_bioscope(path: Path, limit: int | None = None) -> list[tuple[str, list, list]]:
    xml = path.read_text(encoding="utf-8")
    return [bioscope_sentence(m.group(1)) for m in list(_SENTENCE.finditer(xml))[:limit]]


def score_bioscope(items: list[tuple[str, list, list]]) -> dict:
    tp = fp = fn = n = 0
    for plain, scopes, cues in items:
        for m in tag(plain):
            if m.kind not in FINDING_KINDS or any(a < m.end and m.start < b for a, b in cues):
                continue
            gold = any(a <= m.start and m.end <= b for a, b in scopes)
            n += 1
            tp += gold and m.negated
            fp += m.negated and not gold
            fn += gold and not m.negated
    return {
        "bioscope_null_precision": share(tp, tp + fp), "n_bioscope_null_precision": tp + fp,
        "bioscope_null_recall": share(tp, tp + fn), "n_bioscope_null_recall": tp + fn,
        "n_bioscope_mentions": n,
    }


# --------------------------------------------------------------------------------------- Evidence Inference


def ei_items(prompts: list[dict], answers: list[dict]) -> list[Item]:
    """Items from ``prompts_merged.csv`` and ``v2_annotations.csv`` rows (see the module docstring)."""
    by_prompt: dict[str, list[dict]] = {}
    for row in answers:
        if row.get("Label") in EI_LABELS:
            by_prompt.setdefault(row["PromptID"], []).append(row)
    out = []
    for p in prompts:
        rows = by_prompt.get(p["PromptID"])
        if not rows:
            continue
        votes = Counter(EI_LABELS[r["Label"]] for r in rows).most_common()
        if len(votes) > 1 and votes[0][1] == votes[1][1]:
            continue  # no majority
        gold = votes[0][0]
        concepts = {m.concept for m in tag(p["Outcome"]) if m.kind in FINDING_KINDS}
        if len(concepts) != 1:
            continue
        concept = concepts.pop()
        spans = [r["Annotations"] for r in rows if EI_LABELS[r["Label"]] == gold]
        evidence = next((e for e in spans if any(m.concept == concept for m in tag(e))), spans[0])
        out.append(Item(evidence, concept, gold))
    return out


def read_ei(folder: Path, limit: int | None = None) -> list[Item]:
    def rows(name: str) -> list[dict]:
        with open(folder / name, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    return ei_items(rows("prompts_merged.csv")[:limit], rows("v2_annotations.csv"))


def score_ei(items: list[Item]) -> dict:
    said = [reading(i.text, i.concept, commit_first=True) for i in items]
    committed = [(s, i.gold) for s, i in zip(said, items) if s]
    right = sum(s == g for s, g in committed)
    return {
        "ei_accuracy": share(right, len(items)), "n_ei_accuracy": len(items),
        "ei_committed_accuracy": share(right, len(committed)), "n_ei_committed_accuracy": len(committed),
        "ei_commit_rate": share(len(committed), len(items)), "n_ei_commit_rate": len(items),
    }


# --------------------------------------------------------------------------------------- Design


def score_design(stated: list[dict], trials: list[tuple[str, str, str]]) -> dict:
    """The design figures of ``benchmarks/design_eval.py`` on ``stated`` records and ``trials``."""
    r = design_eval.evaluate(stated, trials)
    return {
        "design_stated_accuracy": r["design_stated_accuracy"], "n_design_stated_accuracy": r["design_stated_n"],
        "rct_recall": r["rct_recall"], "n_rct_recall": r["rct_n"], "rct_misses": r["rct_misses"],
    }


def read_design(real: Path, limit: int | None = None) -> tuple[list[dict], list[tuple[str, str, str]]]:
    return (design_eval.stated_records(real / "abstracts.jsonl")[:limit],
            design_eval.trial_reports(real / "evidence_inference" / "abstracts")[:limit])


# --------------------------------------------------------------------------------------- Run


def measure(real: Path = REAL, limit: int | None = None) -> dict:
    """Every figure on the corpora in ``real`` (the first ``limit`` files / sentences / prompts of each)."""
    out = {}
    out.update(score_genia(*read_genia(real / "genia2011" / "train", limit)))
    out.update(score_bioscope(read_bioscope(real / "bioscope" / "abstracts_dev.xml", limit)))
    out.update(score_ei(read_ei(real / "evidence_inference", limit)))
    out.update(score_design(*read_design(real, limit)))
    return out


def main() -> None:
    if not REAL.is_dir():
        raise SystemExit(ABSENT)
    figures = measure()
    print("Fidelity on the real development corpora (%s)" % REAL)
    print(f"{'figure':<28}{'value':>8}{'items':>8}{'target':>9}")
    for name, target in [(k, TARGETS.get(k)) for k in figures if not k.startswith("n_") and k != "rct_misses"]:
        value = figures[name]
        n = figures.get("n_" + name, "")
        mark = "" if target is None else (f">= {target}" + (" ok" if value is not None and value >= target else " MISS"))
        print(f"{name:<28}{value if value is not None else '-':>8}{n:>8}   {mark}")
    print("trial reports not called rct, by what they say of themselves:", figures["rct_misses"])
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
