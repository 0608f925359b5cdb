"""Synthetic titles and abstracts: sentences written from templates over the vocabulary,
with a record of every concept mention the generator put in.

A :class:`Writer` builds one text field sentence by sentence. Template words never name a
vocabulary concept and never carry a negation cue unless the sentence states a null finding;
every concept enters through :meth:`Writer.term`, which records the mention (concept, role,
character offsets, direction and negation of the finding the sentence states about it).
Direction and negation describe the *object* of a finding; the intervention (role
``subject``) and the context terms (``context``, ``site``, ``model``, ``comparator``) carry
none.
"""

from __future__ import annotations

import random
import re
from functools import cache

from kg.vocabulary import Term, lookup, vocabulary

UP_VERBS = ("increased", "up-regulated", "elevated", "promoted", "enhanced")
DOWN_VERBS = (
    "decreased",
    "reduced",
    "down-regulated",
    "inhibited",
    "suppressed",
    "attenuated",
    "lowered",
    "reversed",
)
FAILED_VERBS = {"up": ("increase", "enhance", "promote"), "down": ("reduce", "attenuate", "decrease")}
#: Negation cues a null-finding sentence contains (one of them, verbatim).
NEGATION_CUES = ("did not alter", "no significant change in", "failed to", "was not affected", "unaffected")

_CJK = re.compile(r"[\u3000-\u9fff]")


@cache
def surface_forms(concept_id: str) -> tuple[str, ...]:
    """Names of a concept fit for running text: the label first, then synonyms and
    abbreviations that resolve back to the same concept (no CJK, parentheses, dangling
    hyphens, or abbreviations shorter than three characters)."""
    c = vocabulary().by_id[concept_id]
    forms = [c.label]
    for name in (*c.synonyms, *c.abbreviations):
        if "(" in name or name.endswith("-") or _CJK.search(name) or name in forms:
            continue
        if name in c.abbreviations and len(name) < 3:
            continue
        hit = lookup(name)
        if hit is None or hit.id != c.id:
            continue
        forms.append(name)
    label_hit = lookup(c.label)
    if label_hit is None or label_hit.id != c.id:  # the label is shadowed: prefer the others
        forms = forms[1:] or forms
    return tuple(forms)


def pick_form(rng: random.Random, concept_id: str) -> str:
    """The label (60 %) or another surface form of a concept."""
    forms = surface_forms(concept_id)
    if len(forms) == 1 or rng.random() < 0.6:
        return forms[0]
    return forms[1 + rng.randrange(len(forms) - 1)]


#: Fields of a mention record, in the order :class:`Writer` stores them.
MENTION_FIELDS = ("concept", "kind", "field", "role", "sentence_index", "start", "end", "matched",
                  "direction", "negated")
_MATCHED = MENTION_FIELDS.index("matched")


class Writer:
    """Builds one text field (title or abstract) and records its mentions.

    Each mention is a list of the :data:`MENTION_FIELDS` values (:meth:`mention_dicts`
    gives them as dicts). Offsets are running lengths: ``_base`` is where the current
    sentence starts in the finished text, ``_length`` how long it is so far.
    """

    __slots__ = ("field", "rng", "mentions", "sentences", "_current", "_base", "_length", "_first")

    def __init__(self, field: str, rng: random.Random):
        self.field = field
        self.rng = rng
        self.mentions: list[list] = []
        self.sentences: list[str] = []
        self._current: list[str] = []
        self._base = 0  # offset of the current sentence
        self._length = 0  # characters written to the current sentence
        self._first = 0  # index of the current sentence's first mention

    def text(self, s: str) -> "Writer":
        self._current.append(s)
        self._length += len(s)
        return self

    def term(
        self,
        concept: Term,
        role: str,
        *,
        direction: str | None = None,
        negated: bool = False,
        form: str | None = None,
    ) -> "Writer":
        if form is None:
            form = pick_form(self.rng, concept.id)
        start = self._base + self._length
        self._current.append(form)
        self._length += len(form)
        self.mentions.append([concept.id, concept.kind, self.field, role, len(self.sentences), start,
                              start + len(form), form, direction, negated])
        return self

    def end(self) -> "Writer":
        sentence = "".join(self._current).strip()
        if sentence:
            start = self._base
            first = None
            for m in self.mentions[self._first :]:
                if m[5] == start:
                    first = m
                    break
            if first is None:
                sentence = sentence[0].upper() + sentence[1:]
            elif first[_MATCHED].isascii() and first[_MATCHED].islower():
                sentence = sentence[0].upper() + sentence[1:]
                first[_MATCHED] = sentence[: len(first[_MATCHED])]
            self._base = start + len(sentence) + 1
            self.sentences.append(sentence)
        self._current = []
        self._length = 0
        self._first = len(self.mentions)
        return self

    def result(self) -> str:
        if self._current:
            self.end()
        return " ".join(self.sentences)

    def mention_dicts(self) -> list[dict]:
        """The mentions recorded so far, as dicts keyed by :data:`MENTION_FIELDS`."""
        return [dict(zip(MENTION_FIELDS, m)) for m in self.mentions]


def finding(
    w: Writer,
    subject: Term,
    obj: Term,
    direction: str | None,
    negated: bool,
    *,
    site: Term | None = None,
    tail: str = "",
) -> None:
    """One sentence stating what ``subject`` did to ``obj`` (a direction, a null finding,
    or, without a direction, a neutral "modulated")."""
    rng = w.rng
    style = rng.randrange(5) if negated else -1
    if style == 2 and direction not in FAILED_VERBS:
        style = 0
    recorded = direction if (not negated or style == 2) else None

    def obj_term():
        w.term(obj, "object", direction=recorded, negated=negated)
        if site is not None and obj.kind != "anatomy":
            w.text(" in the ").term(site, "site")

    if style == 0:
        w.term(subject, "subject").text(" did not alter ")
        obj_term()
    elif style == 1:
        w.text("no significant change in ")
        obj_term()
        w.text(" was observed after ").term(subject, "subject")
    elif style == 2:
        w.term(subject, "subject").text(f" failed to {rng.choice(FAILED_VERBS[direction])} ")
        obj_term()
    elif style == 3:
        obj_term()
        w.text(" was not affected by ").term(subject, "subject")
    elif style == 4:
        obj_term()
        w.text(" remained unaffected after ").term(subject, "subject")
    elif direction is None:
        w.term(subject, "subject").text(" modulated ")
        if obj.kind == "anatomy":
            w.text("activity in the ")
        obj_term()
    else:
        verb = rng.choice(UP_VERBS if direction == "up" else DOWN_VERBS)
        if rng.random() < 0.6:
            w.term(subject, "subject").text(f" {verb} ")
            if obj.kind == "anatomy":
                w.text("activity in the ")
            obj_term()
        else:
            if obj.kind == "anatomy":
                w.text("activity in the ")
            obj_term()
            w.text(f" was {verb} by ").term(subject, "subject")
    w.text(tail + ".").end()


# -----------------------------------------------------------------------------------------
# templates

_SPECIES_PHRASE = {
    "rat": ("adult male Sprague-Dawley rats", "Wistar rats", "rats"),
    "mouse": ("C57BL/6 mice", "adult mice", "mice"),
    "rabbit": ("New Zealand white rabbits",),
}


def _sites(w: Writer, acupoints: list[Term]) -> None:
    for k, a in enumerate(acupoints):
        w.text(" at " if k == 0 else (" and " if k == len(acupoints) - 1 else ", ")).term(a, "site")


def write_title(w: Writer, rng, design, species, subject, condition, stmts, acupoints) -> None:
    """The title of a work of ``design`` (after the ``[synthetic]`` prefix)."""
    obj = stmts[0][0] if stmts else None
    if design == "systematic_review":
        if obj is not None and obj.id != condition.id and rng.random() < 0.5:
            w.text("effects of ").term(subject, "subject").text(" on ").term(obj, "topic")
            w.text(" in patients with ").term(condition, "context")
            w.text(": a meta-analysis of randomized controlled trials")
        else:
            w.term(subject, "subject").text(" for ").term(condition, "context")
            w.text(rng.choice((": a systematic review and meta-analysis", ": a systematic review")))
    elif design == "rct":
        w.term(subject, "subject").text(" for ").term(condition, "context")
        w.text(rng.choice((": a randomized controlled trial", ": a randomised, sham-controlled clinical trial")))
    elif design == "observational":
        w.term(subject, "subject").text(" in patients with ").term(condition, "context")
        w.text(rng.choice((": a prospective cohort study", ": a cross-sectional study", ": a retrospective cohort study")))
    elif design == "case_report":
        w.term(subject, "subject").text(" for ").term(condition, "context").text(": a case report")
    elif design == "protocol":
        w.term(subject, "subject").text(" for ").term(condition, "context")
        w.text(rng.choice((": study protocol for a randomized controlled trial", ": protocol for a randomised sham-controlled trial")))
    elif design in ("animal", "in_vitro") and obj is None:
        w.term(subject, "subject")
        if design == "animal":
            w.text(" in ").text({"rat": "rats", "mouse": "mice"}.get(species, "rabbits")).text(" with ")
            w.term(condition, "model")
        else:
            w.text(" and ").term(condition, "context").text(": a study in cultured cells")
    elif design in ("animal", "in_vitro"):
        direction, negated = stmts[0][1], stmts[0][2]
        animal = design == "animal"
        if not negated and direction is not None and obj.kind != "anatomy":
            verb = rng.choice(("increases", "up-regulates", "enhances") if direction == "up"
                              else ("reduces", "suppresses", "attenuates"))
            w.term(subject, "subject")
            if acupoints and animal:
                _sites(w, acupoints[:1])
            w.text(f" {verb} ").term(obj, "object", direction=direction)
        else:
            w.term(obj, "topic").text(" after ").term(subject, "subject")
        if animal:
            w.text(" in ").text(rng.choice(("rats", "a rat model")) if species == "rat" else
                                ("mice" if species == "mouse" else "rabbits"))
            w.text(" with ").term(condition, "model")
        else:
            w.text(" in cultured cells")
    else:  # narrative review (or an animal/in vitro work without statements)
        w.term(subject, "subject").text(" and ")
        if obj is not None and obj.id != condition.id:
            w.term(obj, "topic").text(" in ")
        w.term(condition, "context").text(rng.choice((": a narrative review", ": a review", ": a review of mechanisms")))
    w.end()


def write_abstract(w: Writer, rng, design, species, subject, condition, stmts, site, acupoints) -> None:
    """Background, design- and species-revealing methods, one sentence per finding, conclusion."""
    # background
    w.term(condition, "context").text(rng.choice((" is a common clinical problem.", " remains difficult to treat.",
                                                  " places a heavy burden on patients."))).end()
    # methods: design- and species-revealing wording
    n = rng.randrange(6, 40)
    if design == "systematic_review":
        w.text(f"we searched six databases and pooled {n} randomized controlled trials in a meta-analysis of ")
        w.term(subject, "subject").text(" for ").term(condition, "context").text(".").end()
    elif design == "rct":
        w.text(f"in this randomized controlled trial, {n * 4} patients with ").term(condition, "context")
        w.text(" received ").term(subject, "subject")
        _sites(w, acupoints)
        sham = vocabulary().by_id.get("intervention:sham-acupuncture")
        if sham is not None:
            w.text(" or ").term(sham, "comparator")
        else:
            w.text(" or usual care")
        w.text(f" for {rng.randrange(4, 12)} weeks.").end()
    elif design == "observational":
        w.text(f"in this prospective cohort of {n * 10} patients with ").term(condition, "context")
        w.text(", those who received ").term(subject, "subject").text(" were compared with those receiving usual care.").end()
    elif design == "case_report":
        w.text(f"this case report describes a {rng.randrange(25, 80)}-year-old patient with ").term(condition, "context")
        w.text(" treated with ").term(subject, "subject")
        _sites(w, acupoints)
        w.text(".").end()
    elif design == "animal":
        w.text(rng.choice(_SPECIES_PHRASE.get(species, ("rats",)))).text(" with ").term(condition, "model")
        w.text(" received ").term(subject, "subject")
        _sites(w, acupoints)
        w.text(f" for {rng.randrange(7, 29)} days.").end()
    elif design == "in_vitro":
        if species == "rat":
            schwann = vocabulary().by_id.get("mechanism:schwann-cells")
            if schwann is not None and rng.random() < 0.5:
                w.text("cultured ").term(schwann, "model")
                w.text(" from neonatal rats were exposed to serum collected after ")
            else:
                w.text("primary neurons from neonatal rats were exposed in vitro to serum collected after ")
        else:
            w.text("in vitro, PC12 cells were exposed to serum collected after ")
        w.term(subject, "subject").text(".").end()
    elif design == "protocol":
        w.text("this protocol describes a randomized controlled trial of ").term(subject, "subject")
        w.text(" in patients with ").term(condition, "context").text(".").end()
        for c, _, _ in stmts:
            w.term(c, "topic").text(rng.choice((" will be assessed at baseline and follow-up.",
                                                  " will be a secondary outcome."))).end()
        w.text("results will be published in a peer-reviewed journal.").end()
        return
    else:
        w.text("this narrative review summarizes clinical and experimental studies of ").term(subject, "subject")
        w.text(" in ").term(condition, "context").text(".").end()
    # findings
    for k, (c, direction, negated) in enumerate(stmts):
        use_site = site if (k == 0 and c.kind == "mechanism") else None
        tail = ""
        if design == "animal" and rng.random() < 0.3:
            tail = rng.choice((" compared with model controls", " at day 14"))
        finding(w, subject, c, direction, negated, site=use_site, tail=tail)
    # conclusion (no concept, no negation cue)
    w.text(rng.choice((
        "further high-quality studies are warranted.",
        "these results should be confirmed in larger samples.",
        "the certainty of the evidence was low to moderate." if design == "systematic_review"
        else "the findings support further investigation.",
    ))).end()
