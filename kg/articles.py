"""A practitioner article read for its claims and its references (pure: text in, records out).

:func:`read` turns a text, Markdown or saved HTML article into its heading and paragraphs.
:func:`extract_claims` reads each sentence with the tagger (:func:`kg.tagging.tag`): a
sentence makes a claim for each *object* (a mechanism, condition, outcome or brain region) it
says something of, paired with its *subject*:

- the subject is the acupuncture-family concept the sentence names (an acupoint, or an
  intervention but controls and comparators); a sentence that names none takes the one of the
  sentence before it in the same paragraph ("Acupuncture raises NGF. This supports repair..."),
  and a list item or a paragraph opening with a pronoun ("It", "This") the one last named;
  a sentence with no such subject whose first concept is a mechanism speaks of that mechanism
  ("These endorphins bind to opiate receptors");
- an object is a mention with a finding (a direction or a negation), or any mention in a
  sentence whose verb says an effect (modulates, regulates, treats, relieves...);
- the context is the condition the sentence names as a setting (a condition mention without a
  finding, when the sentence has another object, or one named as a cause: "pain that persists
  after a spinal cord injury", "allodynia caused by diabetes"), else the condition the article
  names most;
  a sentence with a subject and no other object claims an effect on the conditions it names
  ("effective for neuropathic pain, sciatica and carpal tunnel syndrome");
- sentences that name no subject set out a problem: the conditions they name (but those
  naming who they speak of: "people with X", "X patients") are objects of the sentence right
  after them in the paragraph when it names a subject and says an effect on no condition of its
  own ("Many people with nerve pain also have dysautonomia. Acupuncture helps restore...");
- an intervention is ``applied_at`` the acupoints its sentence names after it ("electroacupuncture
  at ST36 and GV20");
- a paragraph that ends by leading in a list of causes ("This can happen due to:", "Causes
  include:") makes each condition of the list items that follow the subject of a ``causes``
  claim on the condition the paragraph names most (else the article's main one); there an
  ambiguous abbreviation of a condition reads as that condition ("Autoimmune diseases like MS");
- direction and negation are the object mention's; the relation says them ("increases",
  "reduces", "affects", "does_not_increase"...).

A sentence is tagged knowing every concept the article names, so an ambiguous abbreviation
("SP") counts once its concept is named in full anywhere in the article.

:func:`extract_references` finds the article's DOIs, PMIDs and PMC ids anywhere in it, and the
entries of its reference list (after a "References" heading, numbered or not); an entry with no
identifier keeps a title guess for a title search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kg import ids
from kg.claims import acupuncture_family, context_concepts
from kg.tagging import tag
from kg.text import sentences
from kg.vocabulary import vocabulary

#: Kinds a claim's object may be.
OBJECT_KINDS = ("mechanism", "condition", "outcome", "anatomy")
#: Verbs that say an effect without a direction.
EFFECT = re.compile(
    r"\b(modulat|regulat|alter|affect|influenc|treat|target|relie|alleviat|eas|help|improv|promot|enhanc|"
    r"stimulat|induc|activat|trigger|releas|restor|revers|calm|support|encourag|boost|accelerat|prevent|"
    r"bind|lead|reduc|increas|decreas|inhibit|suppress|lower|rais|block|desensitiz|effective|benefi|works?\b)\w*",
    re.IGNORECASE,
)
_REFERENCES = re.compile(r"^\s*#*\s*(references|reference list|bibliography|sources|works cited|citations)\s*:?\s*$",
                         re.IGNORECASE)
_ITEM = re.compile(r"\s*(?:[•\-*–]|\d+[.)]|\[\d+\])\s")
#: A paragraph that leads in a list of causes: "This can happen due to:", "Common causes include:".
_CAUSE_LIST = re.compile(
    r"\b(?:due to|caused by|because of|results? from|arises? from|stems? from|triggered by|brought on by"
    r"|causes (?:include|are)|causes? of)\b[^.:!?]*:\s*$", re.IGNORECASE)
_WHO_WITH = re.compile(r"\b(?:people|patients|persons|individuals|adults|children|men|women|those|anyone)\s+"
                       r"(?:with|who have|suffering from|living with)\s+$", re.IGNORECASE)
_WHO = re.compile(r"\s+(?:patients|sufferers|survivors)\b", re.IGNORECASE)
#: Words that name a condition as the cause or setting of another ("pain that occurs as a result of nerve damage").
_CAUSE_BEFORE = re.compile(r"\b(?:as a result of|caused by|due to|because of|secondary to|induced by|following|after)"
                           r"\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?:\[\d+\]|\d+[.)]|[-*•])\s+")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")
_PMID = re.compile(r"(?:PMID:?\s*|pubmed\.ncbi\.nlm\.nih\.gov/)(\d{1,9})", re.IGNORECASE)
_PMC = re.compile(r"\bPMC\d{3,9}\b")
_BLOCKS = frozenset({"p", "div", "li", "br", "tr", "section", "article", "header", "footer", "h1", "h2", "h3",
                     "h4", "h5", "h6", "blockquote", "ul", "ol", "table", "pre", "dd", "dt"})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head"})


@dataclass(frozen=True)
class Article:
    """An article as read: its heading (the first line, or the HTML title) and its paragraphs."""

    title: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class ExtractedClaim:
    """A claim read from a sentence: subject, relation and object (text and concept ids), the
    context concepts, the object's direction, negation, and the sentence."""

    subject: str
    subject_concept: str
    relation: str
    object: str
    object_concept: str
    object_kind: str
    context_concepts: tuple[str, ...]
    direction: str | None
    negated: bool
    sentence: str


@dataclass(frozen=True)
class Reference:
    """A work the article cites: any of its DOI, PMID and PMC id, the entry's text, and (for an
    entry with no identifier) a title guess to search for."""

    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    text: str | None = None
    title: str | None = None
    number: int | None = field(default=None, compare=False)


def read(raw: str, kind: str = "text") -> Article:
    """The article in ``raw``: ``kind`` is ``text``, ``markdown`` or ``html``.

    >>> read("<h1>Title</h1><p>One.</p><script>x()</script><p>Two</p>", "html").paragraphs
    ('Title', 'One.', 'Two')
    """
    if kind not in ("text", "markdown", "html"):
        raise ValueError(f"article kind must be text, markdown or html, not {kind!r}")
    if kind == "html":
        parser = _Text()
        parser.feed(raw)
        parser.close()
        lines, title = parser.lines(), parser.title
    else:
        lines, title = raw.splitlines(), None
        if kind == "markdown":
            lines = [_markdown_line(line) for line in lines]
    paragraphs = tuple(p for p in (re.sub(r"\s+", " ", line).strip() for line in lines) if p)
    return Article(title=(title or (paragraphs[0] if paragraphs else "")).strip(), paragraphs=paragraphs)


def _markdown_line(line: str) -> str:
    line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)
    line = re.sub(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)", r"\1 \2", line)  # [text](url) -> text url
    return re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", line)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skip = 0
        self._in_title = False
        self.title: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in _BLOCKS:
            self._parts.append("\n")
        if tag == "a" and not self._skip:
            href = dict(attrs).get("href") or ""
            if _DOI.search(href) or _PMID.search(href) or _PMC.search(href):
                self._parts.append(f" {href} ")

    def handle_endtag(self, tag):
        if tag in _SKIPPED and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in _BLOCKS:
            self._parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data
        elif not self._skip:
            self._parts.append(data)

    def lines(self) -> list[str]:
        return "".join(self._parts).split("\n")


def body(article: Article) -> tuple[str, ...]:
    """The paragraphs before the reference list."""
    for i, p in enumerate(article.paragraphs):
        if _REFERENCES.match(p):
            return article.paragraphs[:i]
    return article.paragraphs


def extract_claims(article: Article) -> list[ExtractedClaim]:
    """The claims of ``article``, each (subject, object, context) once, in reading order (rule:
    module docstring)."""
    family = acupuncture_family()
    paragraphs = body(article)
    tagged = [tag(p) for p in paragraphs]
    context = _main_condition(tagged)
    defined = {m.concept for mentions in tagged for m in mentions}  # lets "SP" count once "substance P" is named
    conditions = {t.id for t in vocabulary().concepts if t.kind == "condition"}
    out, seen = [], set()

    def add(speaker, m, here, sentence, relation=None):
        key = (speaker.concept, m.concept, here)
        if key not in seen:
            seen.add(key)
            out.append(ExtractedClaim(
                subject=speaker.matched, subject_concept=speaker.concept, relation=relation or _relation(m),
                object=m.matched, object_concept=m.concept, object_kind=m.kind,
                context_concepts=tuple(c for c in here if c != m.concept),
                direction=_direction(m), negated=m.negated, sentence=sentence,
            ))

    last = causes = bulleted = None
    for paragraph, paragraph_mentions in zip(paragraphs, tagged):
        if causes is not None and _list_item(paragraph, bulleted):  # "... can happen due to:" then "- Diabetes"
            effect, lead = causes
            bulleted = bool(_ITEM.match(paragraph))  # the list goes on in the style it began with
            for m in tag(paragraph, defined=defined | conditions):  # "conditions like MS": MS a condition
                if m.kind == "condition" and m.concept != effect.concept:
                    add(m, effect, (), f"{lead} {_ITEM.sub('', paragraph)}", "causes")
            continue
        causes, bulleted = _cause_list(paragraph, paragraph_mentions, context), None
        subject = last if _continues(paragraph) else None
        local = _refers(paragraph)  # the subject is named in this paragraph, or referred to
        pending, problem = [], []  # a problem set out by sentences naming no subject: its conditions, its text
        for start, end in sentences(paragraph):
            sentence = paragraph[start:end]
            mentions = tag(sentence, defined=defined)
            named = [m for m in mentions if m.concept in family]
            if named:
                subject = last = named[0]
                local = True
            speaker = subject
            if not named and mentions and mentions[0].kind == "mechanism" and not _finding(mentions[0]):
                speaker = mentions[0]
            if speaker is None:
                pending += [m for m in mentions if m.kind == "condition" and not _population(sentence, m)]
                problem.append(sentence)
                continue
            effect = bool(EFFECT.search(sentence))
            after = [m for m in mentions if m.start > (speaker.start if speaker in mentions else -1)]
            objects, settings = _objects(sentence, after, speaker, effect, local and speaker is subject)
            remedied = []
            if named and effect and not any(m.kind == "condition" for m in objects):
                # "Many people with nerve pain also have X. Acupuncture helps restore...": X
                remedied = [m for m in pending if m.concept not in {o.concept for o in objects}]
            here = tuple(dict.fromkeys(settings)) or context
            for m in objects:
                add(speaker, m, here, sentence)
            for m in remedied:
                add(speaker, m, here, " ".join([*problem, sentence]))
            pending, problem = [], []
            if speaker.kind == "intervention":  # "electroacupuncture at GB30 and GB34"
                for m in after:
                    if m.kind == "acupoint":
                        add(speaker, m, here, sentence, "applied_at")
    return out


def _objects(sentence: str, after: list, speaker, effect: bool, listing: bool) -> tuple[list, list[str]]:
    """The objects of a sentence (among the mentions ``after`` its subject) and the conditions it
    names as a setting; ``listing``: a sentence naming no other object claims the conditions it
    names ("effective for neuropathic pain, sciatica...")."""
    candidates = [m for m in after if m.kind in OBJECT_KINDS and m.concept != speaker.concept]
    causes = [m for m in candidates if m.kind == "condition" and _CAUSE_BEFORE.search(sentence[:m.start])]
    objects = [m for m in candidates if (_finding(m) or effect) and m not in causes]
    settings = [m.concept for m in candidates if m.kind == "condition" and (not _finding(m) or m in causes)]
    if not objects and listing:
        return [m for m in candidates if m.kind == "condition" and m not in causes], [m.concept for m in causes]
    if len(objects) > 1:  # a condition named as a setting is the context, not an object
        kept = [m for m in objects if _finding(m) or m.concept not in settings]
        if not kept:  # the conditions are what the sentence is about
            return objects, [m.concept for m in causes]
        settings = [c for c in settings if c not in {m.concept for m in kept}]
        objects = kept
    return objects, settings


def _population(sentence: str, m) -> bool:
    """Whether a condition mention names who a sentence speaks of ("people with X", "X patients")."""
    return bool(_WHO_WITH.search(sentence[:m.start]) or _WHO.match(sentence[m.end:]))


def _list_item(paragraph: str, bulleted: bool | None = None) -> bool:
    """Whether a paragraph reads as a list item: a bullet or number, or a short line that ends
    with no full stop (a saved page's list items lose their bullets); ``bulleted`` (when not
    None): whether the list's items so far had bullets, as this one must."""
    if _ITEM.match(paragraph):
        return bulleted is not False
    return not bulleted and len(paragraph.split()) <= 8 and not re.search(r"[.!?]\W*$", paragraph)


def _cause_list(paragraph: str, mentions, context: tuple[str, ...]):
    """For a paragraph that ends by leading in a list of causes ("This can happen due to:"): the
    condition the listed ones cause (the one the paragraph names most, ties: the first, else the
    article's main one) and the lead-in sentence; else None."""
    lead = _CAUSE_LIST.search(paragraph)
    if not lead:
        return None
    lead = next((paragraph[a:b] for a, b in sentences(paragraph) if a <= lead.start() < b), lead.group())
    conditions = [m for m in mentions if m.kind == "condition"]
    if conditions:
        counts = {}
        for m in conditions:
            counts[m.concept] = counts.get(m.concept, 0) + 1
        return next(m for m in conditions if counts[m.concept] == max(counts.values())), lead
    if not context:
        return None
    term = vocabulary().by_id[context[0]]
    return _Named(concept=term.id, kind=term.kind, matched=term.label), lead


@dataclass(frozen=True)
class _Named:
    """A concept a claim names that its sentence does not (a cause list's effect)."""

    concept: str
    kind: str
    matched: str
    direction: str | None = None
    negated: bool = False
    manipulated: bool = False


def _continues(paragraph: str) -> bool:
    """Whether a paragraph goes on about the subject last named: a list item, or an opening
    pronoun."""
    return bool(_ITEM.match(paragraph)) or _refers(paragraph)


def _refers(paragraph: str) -> bool:
    """Whether a paragraph opens with a pronoun ("This information...", "It also...")."""
    return bool(re.match(r"\s*(?:it|this|these|they|its)\b", paragraph, re.IGNORECASE))


def _direction(m) -> str | None:
    """A mention's change as a finding: none for a manipulation ("a TrkB antagonist")."""
    return None if m.manipulated else m.direction


def _finding(m) -> bool:
    return _direction(m) is not None or m.negated


def _relation(m) -> str:
    verb = {"up": "increase", "down": "reduce", None: "affect"}[_direction(m)]
    return f"does_not_{verb}" if m.negated else verb + "s"


def _main_condition(tagged) -> tuple[str, ...]:
    """The condition the article names most (ties: the first named), as a context; ``tagged``:
    each paragraph's mentions."""
    counts: dict[str, int] = {}
    for mentions in tagged:
        for m in mentions:
            if m.kind == "condition":
                counts[m.concept] = counts.get(m.concept, 0) + 1
    if not counts:
        return ()
    best = max(counts, key=lambda c: counts[c])
    label = vocabulary().by_id[best].label
    return tuple(context_concepts(label)) or (best,)


def extract_references(article: Article) -> list[Reference]:
    """The works ``article`` cites, each once: identifiers found anywhere, then the entries of
    its reference list that carry none (with a title guess)."""
    out, seen = [], set()

    def add(ref: Reference) -> None:
        key = ref.doi or ref.pmid or ref.pmcid or (ref.title or "").lower()
        if key and key not in seen:
            seen.add(key)
            out.append(ref)

    listed = article.paragraphs[len(body(article)) + 1:]
    for number, entry in enumerate((_NUMBERED.sub("", e) for e in listed), start=1):
        found = identifiers(entry)
        if found:
            add(Reference(**found, text=entry, number=number))
        elif len(entry.split()) >= 4:
            add(Reference(text=entry, title=title_guess(entry), number=number))
    for paragraph in body(article):
        if len(_DOI.findall(paragraph)) <= 1:  # one work's DOI, PMID and PMC id together
            found = identifiers(paragraph)
            if found:
                add(Reference(**found, text=paragraph))
            continue
        for found in _identifier_runs(paragraph):
            add(Reference(**found, text=paragraph))
    return out


def identifiers(text: str) -> dict:
    """The first DOI, PMID and PMC id in ``text`` (those present).

    >>> identifiers("Front Cell Neurosci. 2023. doi: 10.3389/fncel.2023.1253438. PMID: 37941605")
    {'doi': '10.3389/fncel.2023.1253438', 'pmid': '37941605'}
    """
    first: dict = {}
    for run in _identifier_runs(text):
        for kind, value in run.items():
            first.setdefault(kind, value)
    return first


def _identifier_runs(text: str) -> list[dict]:
    """One identifier dict per DOI, PMID or PMC id in running text."""
    runs = [{"doi": d} for d in map(_clean_doi, _DOI.findall(text)) if d]
    runs += [{"pmid": ids.pmid(m)} for m in _PMID.findall(text) if ids.pmid(m)]
    runs += [{"pmcid": ids.pmcid(m)} for m in _PMC.findall(text) if ids.pmcid(m)]
    return runs


def _clean_doi(text: str) -> str | None:
    """A DOI as written in prose, without the punctuation that ends its sentence."""
    text = text.rstrip(".,;:]'\"")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(".,;:")
    return ids.doi(text)


def title_guess(entry: str) -> str | None:
    """The title of a reference entry: its longest part between full stops that is not a list of
    authors, a year or a journal's volume and pages.

    >>> title_guess("Smith J, Lee K. Electroacupuncture promotes nerve regeneration in rats. J Neurosci. 2019;12:34-56.")
    'Electroacupuncture promotes nerve regeneration in rats'
    """
    parts = [p.strip(" .") for p in re.split(r"(?<=[.?!])\s+(?=[A-Z(\[0-9])", entry)]
    good = [p for p in parts if len(p.split()) >= 3 and not _authors(p) and not re.search(r"\d+\s*[(:;]\s*\d", p)]
    return max(good, key=len) if good else None


def _authors(part: str) -> bool:
    """Whether a part reads as an author list ("Yang Y, Rao C", "Mehta, S., et al. (2013)")."""
    if re.search(r"\bet al\b", part):
        return True
    words = re.findall(r"[A-Za-z][\w'-]*", part)
    initials = sum(1 for w in words if re.fullmatch(r"[A-Z]{1,3}", w))
    return bool(words) and initials * 3 >= len(words)
