"""Evidence-aware concept tagging: vocabulary mentions in text, with negation and direction.

:func:`tag` finds the vocabulary's concepts in a text and, for each mention, the sentence
it stands in, whether the text negates it and the change (``"up"``/``"down"``) the text
reports for it. :func:`tag_work` does the same over an OpenAlex work's title, abstract,
keywords and MeSH terms.

Matching
    One regular expression, compiled once on first use, holds every name of every concept
    as a character trie (shared prefixes merged), run over a case-folded copy of the text
    (same length, so offsets hold). At each position the trie yields the longest name, so
    matches are leftmost-longest and never overlap ("spinal cord injury" is one condition,
    "SP6" one acupoint). Names match on token boundaries only (no letter, digit or ``_``
    on either side), with an optional plural ``s``/``es``. Between the tokens of a name
    any of space, hyphen, slash or nothing is accepted, and Greek letters match their
    spelled names (``TNF-α`` = ``TNF alpha`` = ``TNFα``; ``ß`` and ``µ`` are read as ``β``
    and ``μ``). Synonyms and labels match without regard to case; abbreviations must match
    case-sensitively (``EA`` is not in "each" or "EAE"; ``GABA`` is not in "gabapentin",
    but "GABAergic" is a synonym of GABA). Abbreviations the vocabulary lists as
    ``ambiguous`` (``SP``, ``MA``, ``NA``, ``NE``, ``MS``, ``TN``, ``P6``...) count only
    where the same text (for :func:`tag_work`, the same work) also names the concept
    unambiguously, as in "substance P (SP)".

Negation and direction
    Only mechanisms, conditions and outcomes carry negation and direction; interventions,
    acupoints and anatomy never do. A manipulation, a change the experiment imposes ("an
    inhibitor of X", "TrkB antagonist", "BDNF siRNA", "X-deficient mice", "in the absence of
    X", "neutralizing anti-X", "exogenous X", "an X agonist"; the trigger may govern a list),
    carries that change and ``manipulated=True``, never a negation: it is a setting, and the
    evidence rules do not count it as a finding (see :mod:`kg.tagging.manipulation`). Another
    mention that is a setting rather than a finding carries neither negation nor direction:
    one followed by ``-induced``/``-mediated``/``-related``... or by a population word ("CCI
    rats", "DPN patients"), a receptor tool ("TrkB antibody"), one whose name ends in a
    population ("diabetic rats"), or one introduced
    by a preposition of place, means or population ("in", "via", "through", "with", "after",
    "for", "than", "model of"...) that does not follow a change noun or a verb of finding
    ("reduction in pain", "was observed in MBP" are findings). An abbreviation in brackets
    right after its full name reads as the full name ("patients with diabetic peripheral
    neuropathy (DPN)").

    Sentences are split into clauses (see :func:`kg.text.scan`): at ``;``, before
    *but*/*whereas*/*while*/*although*/*however*, before ", which/indicating/nor/no/not/
    without", and before *and*/*or* that starts a new predicate ("EA did not change IL-6
    but increased IL-10": the negation stays in its clause), after a fronted
    *although*/*since*/*because* clause, and around asides ("(but not sham)", ", but not
    totally,"). A negation cue in the clause (*not*/*n't* but not "not only" or "not well
    understood", *no*, *none*, *neither*/*nor*, *without* + a verb or a change, *never*,
    *failed to*, *unable to*, *unaffected*, *unchanged*, *non-significant*, *marginally
    significant*, *similar*/*comparable* between groups or to a control, *lack of*,
    *P > 0.05*, *p = 0.34*, *(NS)*) denies a finding that follows it, and a finding before
    it only when the finding is what the negated predicate is about (see :mod:`kg.tagging.negation`: "IL-6 was
    not increased" is null, "IL-10 did not alter X" and "IFN-γ alone does not induce X" do not
    deny IL-10 or IFN-γ). "In the absence of X", "with or without X", a fronted "Similar to
    X," and "whether or not" deny nothing; a capital "NO" is nitric oxide, not "no". A clause
    with no subject of its own ("but did not differ between groups", "but this difference was
    not significant") denies the clause before it. A negated finding keeps the direction
    of the change it denies ("failed to reduce TNF-α": negated, down; "did not alter IL-6":
    negated, no direction), so consumers read ``negated`` first: it is a null finding.

    The direction comes from the change cue that governs the mention in its clause: the
    nearest cue before it ("EA increased BDNF and reduced TNF-α"; "the increase in BDNF";
    "reduced the expression of caspase-3"), else the nearest cue after it when that cue
    is passive, intransitive or a noun ("BDNF levels were elevated", "BDNF upregulation",
    "QoL did not improve"), not a verb with an object of its own ("BDNF promotes axon
    regeneration" gives regeneration "up" and BDNF nothing). A down or reversal verb acting
    on a change noun inverts it ("attenuated the CCI-induced increase in TNF-α": down;
    "prevented the loss of BDNF", "restored the decreased NGF", "the loss of GABAergic
    neurons was prevented": up). A clause "but not X" takes the change of the clause before
    it, as does "..., but IL-6 was not". *improve*/*better* are down for concepts whose rise
    is a worsening (conditions, and outcomes the vocabulary marks ``higher_is_worse``: pain
    intensity) and up for the rest ("improved allodynia", "improved pain": down; "improved
    motor function": up); *worsen*, *worse*, *exacerbate*, *aggravate*, *poorer* are down for
    the other outcomes and up otherwise; *prolong* is up; *alleviate*,
    *relieve*, *ameliorate*, *reverse*, *prevent* are down; *restore*, *rescue*, *recover*
    up; *induce* gives conditions no direction (making a model is not a finding);
    *change*, *alter*, *affect*, *modulate*, *normalize* give no direction. A participle joined
    to its agent ("LPS-induced TNF-α") and a cause ("required for IL-10 production",
    "IL-10 production requires ERK") raise a molecule, not a process or a condition; a
    comparative before a change noun takes its direction ("greater pain reductions"); a change
    "in both groups" is within groups and carries no direction.
"""

from kg.tagging.matching import matcher
from kg.tagging.mention import FINDING_KINDS, Mention
from kg.tagging.reading import tag
from kg.tagging.work import tag_work

__all__ = ["FINDING_KINDS", "Mention", "matcher", "tag", "tag_work"]
