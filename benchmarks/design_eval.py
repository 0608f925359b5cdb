"""Score the study-design classifier on real text whose design other people stated.

Two figures, as ``benchmarks/fidelity.py`` reports them:

- ``design_stated_accuracy``: on the records of ``../shared/data/real/abstracts.jsonl`` that
  carry ``design_as_stated``, the share where ``kg.classify.study_design(title, abstract)``
  equals the stated design mapped by :func:`expected_design`;
- ``rct_recall``: on the Evidence Inference title+abstract files
  (``../shared/data/real/evidence_inference/abstracts/*.abst``, all reports of randomised
  trials), the share called ``rct``.

The classifier is given the title and abstract only (no OpenAlex type, no MeSH), so the
figures measure the text rules.

The stated designs map to acukg designs (:data:`kg.model.DESIGNS`) as follows:

================================================  =====================================
stated                                            acukg
================================================  =====================================
randomized controlled trial, randomized study,    ``rct``
crossover trial
study protocol                                    ``protocol``
case report                                       ``case_report``
review                                            ``review``
systematic review, meta-analysis                  ``systematic_review``
case-control, qualitative/mixed-methods study     ``observational``
randomized animal experiment                      ``animal``
pilot/feasibility study                           ``rct`` when the record says participants
                                                  were randomised, else ``observational``
correction                                        None (a correction notice reports no
                                                  study; acukg has no erratum design)
================================================  =====================================

Run: ``python benchmarks/design_eval.py``; the last line printed is one JSON object.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: ``../shared/data/real`` beside the repository checkout.
REAL = ROOT.parent / "shared" / "data" / "real"
STATED = REAL / "abstracts.jsonl"
TRIALS = REAL / "evidence_inference" / "abstracts"

#: Stated design (as ``abstracts.jsonl`` words it, up to its first " (") -> acukg design.
STATED_DESIGNS: dict[str, str | None] = {
    "randomized controlled trial": "rct",
    "randomized study": "rct",
    "crossover trial": "rct",
    "study protocol": "protocol",
    "case report": "case_report",
    "review": "review",
    "systematic review": "systematic_review",
    "meta-analysis": "systematic_review",
    "case-control study": "observational",
    "qualitative/mixed-methods study": "observational",
    "randomized animal experiment": "animal",
    "correction": None,
}
PILOT = "pilot/feasibility study"
_RANDOMISED = re.compile(r"\brandomi[sz]ed\b|\brandomly\b", re.IGNORECASE)
_HEADING = re.compile(r"^(TITLE|ABSTRACT(?:\.([^:\n]*))?)::?\s*$")


class MissingCorpus(FileNotFoundError):
    """A real corpus is not beside the checkout."""


def expected_design(record: dict) -> str | None:
    """The acukg design a record's ``design_as_stated`` means (see the module docstring).

    >>> expected_design({"design_as_stated": "crossover trial"})
    'rct'
    >>> expected_design({"design_as_stated": "pilot/feasibility study", "title": "A pilot study",
    ...                  "abstract": "Patients were randomly assigned to two arms."})
    'rct'
    """
    stated = record["design_as_stated"]
    if stated == PILOT:
        text = f"{record.get('title') or ''}\n{record.get('abstract') or ''}"
        return "rct" if _RANDOMISED.search(text) else "observational"
    key = stated.split(" (", 1)[0]
    if key not in STATED_DESIGNS:
        raise ValueError(f"unknown design_as_stated {stated!r} in {STATED}")
    return STATED_DESIGNS[key]


def stated_records(path: Path = STATED) -> list[dict]:
    """The records of ``abstracts.jsonl`` that carry a stated design."""
    if not path.exists():
        raise MissingCorpus(f"real corpora not available ({path} absent)")
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON ({exc})") from None
                if record.get("design_as_stated"):
                    out.append(record)
    return out


def read_abst(text: str) -> tuple[str, str]:
    """Title and abstract of an Evidence Inference ``.abst`` file.

    The title is the first line after ``TITLE:``; the abstract is the rest, its
    ``ABSTRACT.<SECTION>:`` headings kept as ``Section: text`` lines.

    >>> read_abst("TITLE: \\nA trial\\n\\nABSTRACT.METHODS::\\nWe randomised 40 people.\\n")
    ('A trial', 'Methods: We randomised 40 people.')
    """
    title = None
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines():
        line = line.strip()
        m = _HEADING.match(line)
        if m:
            if m.group(1) != "TITLE":
                sections.append(((m.group(2) or "").strip().capitalize(), []))
        elif line and title is None:
            title = line
        elif line:
            sections[-1][1].append(line)
    abstract = "\n".join(f"{h}: {' '.join(body)}" if h else " ".join(body) for h, body in sections if body)
    return title or "", abstract


def trial_reports(folder: Path = TRIALS) -> list[tuple[str, str, str]]:
    """``(file name, title, abstract)`` of every Evidence Inference ``.abst`` file."""
    files = sorted(folder.glob("*.abst"))
    if not files:
        raise MissingCorpus(f"real corpora not available ({folder} absent or empty)")
    return [(f.name, *read_abst(f.read_text(encoding="utf-8"))) for f in files]


def evaluate(stated: list[dict] | None = None, trials: list[tuple[str, str, str]] | None = None) -> dict:
    """``design_stated_accuracy`` and ``rct_recall`` with the counts behind them.

    Returns a dict with ``design_stated_accuracy, design_stated_n, rct_recall, rct_n``,
    ``stated_confusion`` (``"expected -> got"`` -> count, misses only) and ``trial_designs``
    (design -> count over the trial reports).
    """
    from kg.classify import study_design

    stated = stated_records() if stated is None else stated
    trials = trial_reports() if trials is None else trials
    right, misses = 0, Counter()
    for record in stated:
        want = expected_design(record)
        got = study_design(record.get("title") or "", record.get("abstract") or "")
        if got == want:
            right += 1
        else:
            misses[f"{want} -> {got}"] += 1
    designs, not_rct = Counter(), Counter()
    for _, title, abstract in trials:
        got = study_design(title, abstract)
        designs[got] += 1
        if got != "rct":
            not_rct[why_not_rct(title, abstract, got)] += 1
    return {
        "design_stated_accuracy": round(right / len(stated), 4) if stated else None,
        "design_stated_n": len(stated),
        "rct_recall": round(designs["rct"] / len(trials), 4) if trials else None,
        "rct_n": len(trials),
        "stated_confusion": dict(misses.most_common()),
        "trial_designs": {str(k): v for k, v in designs.most_common()},
        "rct_misses": dict(not_rct.most_common()),
    }


_NON_RANDOMISED = re.compile(r"non-?randomi[sz]|not randomi[sz]|quasi-?experiment|historical control")


def why_not_rct(title: str, abstract: str, design: str | None) -> str:
    """What a trial report not called ``rct`` says of itself, for reading the misses: an animal
    experiment, a protocol, a correction notice, a review or pooled analysis, a stated
    non-randomised design, no randomisation stated at all, or other."""
    from kg.classify import species

    text = f"{title} {abstract}".lower()
    if design == "animal" or species(title, abstract) not in (None, "human"):
        return "animal experiment"
    if design == "protocol" or re.search(r"\bcorrection\b", title.lower()):
        return "protocol or correction notice"
    if design in ("systematic_review", "review"):
        return "review or pooled analysis"
    if _NON_RANDOMISED.search(text):
        return "states a non-randomised design"
    if "random" not in text:
        return "states no randomisation"
    return "other"


def main() -> None:
    try:
        result = evaluate()
    except MissingCorpus as exc:
        print(exc)
        print(json.dumps({"skipped": str(exc)}))
        return
    print(f"{'figure':<26}{'value':>8}{'items':>8}")
    print(f"{'design_stated_accuracy':<26}{result['design_stated_accuracy']:>8}{result['design_stated_n']:>8}")
    print(f"{'rct_recall':<26}{result['rct_recall']:>8}{result['rct_n']:>8}")
    print("misses on stated designs:", result["stated_confusion"])
    print("designs of the trial reports:", result["trial_designs"])
    print("trial reports not called rct:", result["rct_misses"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
