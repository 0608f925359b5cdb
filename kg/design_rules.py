"""The patterns of the study-design and species rules of :mod:`kg.classify`.

Each :class:`kg.textmatch.Rule` is a case-insensitive pattern with the words it cannot match
without; :mod:`kg.classify` decides in which order they are asked.
"""

from __future__ import annotations

from kg.textmatch import Rule

PROTOCOL = Rule(
    (
        (" protocol ",),
        r"\b(?:study|trial|review|research|design)\s+protocol\b|\bprotocol\s+(?:for|of)\s+(?:an?\s+|the\s+)?"
        r"(?:\w+[\s-]+){0,5}(?:trial|review|meta-?analysis|study|RCT)\b|"
        r":\s*(?:a\s+)?protocol\b|\bthis\s+protocol\b",
    ),
    (
        (" rationale ",),
        r"\brationale,?\s+(?:and\s+)?(?:\w+\s+){0,2}design\b|\bdesign\s+and\s+rationale\b",
    ),
)
#: A notice about another paper (correction, erratum, retraction), named so at the start of its title.
NOTICE = Rule(
    (
        (" correction ", " erratum ", " corrigendum ", " retraction ", " expression of concern "),
        r"^[^a-z0-9]*(?:correction|erratum|corrigendum|retraction(?:\s+note)?|notice\s+of\s+retraction|"
        r"expression\s+of\s+concern)\b\s*(?::|to\b|$)",
    )
)
FUTURE = Rule(
    (
        (" will ",),
        r"\bwill\s+be\s+(?:randomi[sz]ed|randomly|recruited|enrolled|searched|allocated|assigned|included|"
        r"conducted|performed|screened|assessed|used|extracted|measured)\b|"
        r"\b(?:we|this\s+(?:study|trial))\s+will\s+(?:recruit|enrol|enroll|search|include|conduct|assess|evaluate)\b",
    )
)
DONE = Rule(
    (
        (" randomized ", " randomised ", " enrolled ", " recruited ", " included "),
        r"\b(?:were|was)\s+(?:randomi[sz]ed|enrolled|recruited|included)\b",
    )
)
SR_TITLE = Rule(
    (
        (" systematic ", " systematical ", " meta", " cochrane ", " umbrella ", " overview ", " pooled ", " evidence "),
        r"\bsystematic(?:al)?\s+(?:literature\s+)?reviews?\b|\bmeta[\s-]?analy[sz]\w*|\bmetaanaly[sz]\w*|"
        r"\bcochrane\b|\bumbrella\s+review|\boverview\s+of\s+(?:systematic\s+)?reviews|\bpooled\s+analys[ie]s\b|"
        r"\bsystematic\s+(?:search|evaluation|appraisal)|\bevidence\s+map\b|\bmeta-?regression\b",
    )
)
SR_ABSTRACT = Rule(
    (
        ("review", "meta"),
        r"\b(?:we|this|the\s+present|present)\s+(?:\w+\s+){0,2}(?:conducted|performed|undertook|carried\s+out|did)?\s*"
        r"(?:an?\s+)?(?:\w+\s+)?(?:systematic\s+review|meta-?analy[sz]\w*)|"
        r"\bthis\s+(?:systematic\s+review|meta-?analysis)\b",
    ),
    (
        (" searched ",),
        r"\b(?:databases?|pubmed|medline|embase|cochrane\s+library|cnki|web\s+of\s+science|wanfang)\b[^.]{0,120}"
        r"\b(?:were|was)\s+(?:systematically\s+)?searched\b|\bsearched\b[^.]{0,80}\b(?:pubmed|medline|embase|databases|cnki)\b",
    ),
    (
        (" included ",),
        r"\b\d+\s+(?:randomi[sz]ed\s+(?:controlled\s+)?trials|rcts|studies|trials|articles)\s+(?:\w+\s+){0,3}(?:were|was)\s+included\b|"
        r"\bincluded\s+\d+\s+(?:rcts|studies|trials|randomi[sz]ed)",
    ),
)
REVIEW_TITLE = Rule(
    (
        ("review ", "reviews ", " overview ", " progress ", " advance ", " advances ", " state ", " current ", " perspective ",
         " perspectives ", " update ", " know ", " insight ", " insights ", " hypotheses ", " hypothesis "),
        r"\b(?:narrative|literature|scoping|critical|mini|brief|comprehensive|historical)?[\s-]?reviews?\b|\boverview\b|"
        r"\bresearch\s+progress\b|\badvances?\s+in\b|\bprogress\s+(?:in|of|on)\b|\bstate\s+of\s+the\s+art\b|"
        r"\bcurrent\s+(?:evidence|concepts|perspectives?|status|understanding)\b|\bperspectives?\s+on\b|"
        r":\s*(?:an?\s+|the\s+)?(?:\w+\s+)?perspectives?\s*$|^\s*perspectives?\b|\ban\s+update\b|"
        r"\bupdate\s+on\b|\bwhat\s+do\s+we\s+know\b|\bnew\s+insights?\b|\bhypothes[ie]s\b",
    )
)
REVIEW_ABSTRACT = Rule(
    (
        ("review ", " reviewed ", " summarise ", " summarize ", " discuss ", " describe ", " highlight ", " article "),
        r"\b(?:this|the\s+present|our)\s+(?:narrative\s+|scoping\s+|mini-?\s?)?review\b|\bscoping\s+review\b|"
        r"\b(?:we|this\s+article|this\s+paper|here\s+we)\s+(?:\w+\s+){0,2}(?:review|summari[sz]e|discuss|describe\s+recent|highlight)\b|"
        r"\bin\s+this\s+(?:review|article)\b|\bis\s+reviewed\b|\bare\s+reviewed\b|\bliterature\s+(?:review|was\s+reviewed)\b",
    )
)
CASE = Rule(
    (
        (" case ", " report ", " present ", " describe ", " year "),
        r"\bcase\s+reports?\b|\bcase\s+series\b|\b(?:we\s+(?:report|present|describe))\s+(?:a|an|the|two|three|\d+)\s+"
        r"(?:\w+[\s-]+){0,3}(?:case|cases|patient|patients|man|woman|boy|girl|child)\b|"
        r"\b\d+[\s-]year[\s-]old\s+(?:man|woman|male|female|patient|boy|girl|child|lady|gentleman)\b|"
        r"\breport\s+of\s+(?:a|one|two|three|\d+)\s+(?:\w+\s+)?cases?\b",
    )
)
#: "A case of", "case study": a case report only about a patient (not a country or a forest).
CASE_STUDY = Rule(((" case ",), r"\ba\s+case\s+of\b|\bcase\s+study\b"))
PATIENT = Rule(
    (
        (" patient ", " patients ", " year ", " diagnosis ", " diagnosed ", " symptom ", " symptoms ", " clinical "),
        r"\bpatients?\b|\b\d+[\s-]year[\s-]old\b|\bdiagnos(?:is|ed)\b|\bsymptoms?\b|\bclinical\b",
    )
)
RANDOM = Rule(
    (
        (" randomized ", " randomised ", " randomization ", " randomisation ", " rct ", " rcts ", " randomly ", " random ",
         " sham ", " placebo ", " blind"),
        r"(?<!non-)(?<!non)(?<!quasi-)(?<!mendelian )\brandomi[sz](?:ed|ation)\b|\bRCTs?\b|\brandomly\s+(?:assigned|allocated|divided|"
        r"distributed|selected\s+to|split)\b|\brandom\s+(?:allocation|assignment|order|sequence)\b|\bsham[\s-]controlled\b|"
        r"\brandomly\s+(?:\w+\s+){0,2}?(?:assigned|allocated|divided|distributed|treated|enrolled|categori[sz]ed|grouped|"
        r"placed)\b|\b(?:assigned|allocated|divided|distributed)\s+(?:\w+\s+){0,3}?randomly\b|"
        r"\bdouble[\s-]blind(?:ed)?\b|\bsingle[\s-]blind(?:ed)?\b|\bplacebo[\s-]controlled\b|\btriple[\s-]blind",
    )
)
#: A controlled comparison in people without the word "randomised": placebo, crossover, sham
#: or other control arm or condition, a within-subject design, a trial registration, or the
#: study calling itself a (controlled) trial.
CONTROLLED = Rule(
    (
        (" placebo ", " cross ", " crossover ", " sham ", " this ", " our ", " present ", " nct", " isrctn", " clinicaltrials ",
         " controlled ", " control ", " within ", " counterbalanced ",
         " irct", " chictr", " actrn", " registration ", " registry "),
        r"\bplacebo\b|\bcross-?over\s+(?:design|study|trial|fashion|manner)\b|"
        r"\bsham\s+(?:acupuncture|electroacupuncture|needl\w*|stimulation|group|treatment|tdcs|rtms|tens|procedure|"
        r"intervention|control|device|laser)\b|\b(?:this|our|the\s+present)\s+(?:[\w-]+[\s,]+){0,4}?trial\b|"
        r"\bnct\d{8}\b|\bisrctn\w*|\bclinicaltrials\.gov\b|\b(?:irct|chictr|actrn)\w*|"
        r"\btrial\s+(?:registration|registry)\b|\bcontrolled\s+(?:clinical\s+)?(?:study|trial)\b|"
        r"\b(?:intervention|experimental|treatment)\s+(?:and|or|vs\.?|versus)\s+control\s+(?:groups?|arms?)\b|"
        r"\bcontrol\s+condition\b|\bwithin[\s-]subjects?\s+(?:\w+\s+){0,3}?design\b|\bcounterbalanced\b",
    )
)
#: The title states a trial: "trial" (one), randomised, RCT, placebo-controlled, double-blind.
TITLE_TRIAL = Rule(
    (
        (" trial ", " randomized ", " randomised ", " rct ", " placebo ", " double "),
        r"\btrial\b|(?<!non-)(?<!non)(?<!quasi-)\brandomi[sz]ed\b|\bRCT\b|\bplacebo[\s-]controlled\b|"
        r"\bdouble[\s-]blind",
    )
)
#: The title states a qualitative study (even one nested in a trial), or a mixed-methods one
#: (observational unless the title also names a trial).
TITLE_QUALITATIVE = Rule(((" qualitative ",), r"\bqualitative\b"))
TITLE_MIXED_METHODS = Rule(((" mixed ",), r"\bmixed[^a-z0-9]{1,2}methods?\b"))
#: A trial without a control arm or without randomisation.
UNCONTROLLED = Rule(
    (
        (" single ", " uncontrolled "),
        r"\bsingle[\s-](?:arm|group)\s+(?:\w+\s+)?(?:study|trial|design)\b|\buncontrolled\s+(?:\w+\s+)?(?:study|trial|design)\b",
    )
)
#: People allocated to groups that get different treatments, one of them a control.
ALLOCATED = Rule(
    (
        (" divided ", " allocated ", " assigned ", " distributed "),
        r"\b(?:divided|allocated|assigned|distributed)\s+(?:\w+\s+){0,2}?(?:into|to|in)\s+(?:\w+\s+){0,2}?"
        r"(?:groups|arms|group\s+(?:[a-d]|i{1,3}|iv|[1-4]))\b",
    )
)
#: Treatment groups named by letter or number ("group A", "group II").
LABELLED_GROUPS = Rule(((" group ",), r"(?<!working )\bgroup\s+(?:[a-d]|i{1,3}|iv|[1-4])\b"))
CONTROL_ARM = Rule(
    (
        (" control ", " controls ", " placebo ", " saline ", " sham ", " usual ", " standard "),
        r"\bcontrol\s+(?:group|arm|condition)s?\b|\bcontrols?\b|\bplacebo\b|\bsaline\b|\bsham\b|\busual\s+care\b|"
        r"\bstandard\s+(?:care|treatment|therapy)\b",
    )
)
#: Groups formed from what happened, not assigned: retrospective, consecutive, matched cohorts.
NOT_ASSIGNED = Rule(
    (
        (" retrospective", " consecutive", " cohort ", " cohorts ", " case control ", " matched ", " according ",
         " depending "),
        r"\bretrospective(?:ly)?\b|\bconsecutive(?:ly)?\b|\bcohorts?\b|\bcase[\s-]control\b|\bmatched\b|"
        r"\b(?:according|depending)\s+(?:to|on)\b",
    )
)
NONRANDOM = Rule(
    (
        (" non randomi", " nonrandomi", " quasi randomi", " quasirandomi", " not randomi"),
        r"\bnon-?randomi[sz]ed\b|\bquasi-?randomi[sz]ed\b|\bnot\s+randomi[sz]ed\b",
    )
)
OBSERVATIONAL = Rule(
    (
        (" cohort ", " case control ", " cross sectional ", " retrospective", " prospective", " observational ",
         " registry ", " survey ", " single arm ", " non randomi", " nonrandomi", " quasi", " before and after ",
         "post ", " uncontrolled ", " open label ", " case series ", " chart review ", " real world ",
         " population based ", " nationwide ", " claims data ", " utili", " database study ", " clinical observation ",
         " clinical study ", " clinical audit ", " clinical experience ", " pilot study ", " mendelian ",
         " qualitative ", " interview", " focus group"),
        r"\bcohort\b|\bcase[\s-]control\b|\bcross[\s-]sectional\b|\bretrospective(?:ly)?\b|\bprospective(?:ly)?\b|"
        r"\bobservational\b|\bregistry\b|\bsurvey\b|\bsingle[\s-]arm\b|\bnon-?randomi[sz]ed\b|\bquasi-?(?:randomi[sz]ed|experimental)\b|"
        r"\bbefore[\s-]and[\s-]after\b|\bpre[\s-]?(?:and[\s-])?post\b|\buncontrolled\b|\bopen[\s-]label\b|\bcase\s+series\b|"
        r"\bchart\s+review\b|\breal[\s-]world\b|\bpopulation[\s-]based\b|\bnationwide\b|\bclaims\s+data\b|"
        r"\butili[sz]ation\b|\bdatabase\s+study\b|\bclinical\s+(?:observation|study|audit|experience)\b|\bpilot\s+study\b|"
        r"\bmendelian\s+randomi[sz]ation\b|\bqualitative\b|\binterviews?\b|\bfocus\s+groups?\b",
    )
)
PEOPLE_STUDIED = Rule(
    ((" enrolled ", " recruited "), r"\benrolled\b|\brecruited\b"),
    (
        (" patients ", " participants ", " subjects ", " volunteers ", " women ", " men ", " adults ", " individuals ",
         " people ", " cases "),
        r"\b(?:\d+|sixty|forty|thirty|twenty|fifty|eighty|hundred)\s+(?:\w+\s+){0,3}(?:patients|participants|subjects|"
        r"volunteers|women|men|adults|individuals|people|cases)\b|\b(?:patients|participants|subjects|volunteers|women|men|adults|"
        r"individuals)\s+(?:\w+\s+){0,4}(?:were|was)\s+(?:enrolled|recruited|included|treated|randomi[sz]ed|allocated|assigned|"
        r"divided|studied|followed|evaluated)\b",
    ),
)
EXPERIMENT = Rule(
    (
        (" were ", " was "),
        r"\b(?:rats|mice|animals|rabbits|dogs|cats|monkeys)\s+(?:\w+\s+){0,4}(?:were|was)\s+(?:randomly|divided|assigned|allocated|"
        r"subjected|treated|anesthetized|anaesthetized|used)\b|\b(?:patients|participants|subjects|volunteers)\s+(?:\w+\s+){0,4}"
        r"(?:were|was)\s+(?:randomly|randomi[sz]ed|enrolled|recruited|assigned|allocated)\b",
    )
)
IN_VITRO = Rule(
    (
        (" vitro ", " cultured ", " cell ", " primary ", " co ", " cocultur", " pc12 ", " pc ", " rsc96 ", " rsc ", " sy5y ",
         " bv2 ", " bv ", " hek293 ", " hek ", " nd7 ", " f11 ", " explant ", " explants "),
        r"\bin\s+vitro\b|\bcultured\s+(?:\w+\s+){0,3}(?:cells|neurons|schwann|astrocytes|microglia|explants?)|"
        r"\bcell\s+(?:line|lines|culture|cultures)\b(?![\s-]+derived)|\bprimary\s+cultures?\b|\bco-?cultur\w*|"
        r"\b(?:PC12|PC-12|RSC96|RSC-96|SH-SY5Y|BV2|BV-2|HEK293|HEK-293|ND7/23|F11)\b|\bexplants?\b",
    )
)
IN_VIVO = Rule(
    (
        (" vivo ", " behavior ", " behaviour ", " behavioral ", " behavioural ", " paw ", " intrathecal", " intraperitoneal",
         " cci ", " sni ", " snl ", " mcao ", " sciatic ", " model ", " models "),
        r"\bin\s+vivo\b|\bbehaviou?r(?:al)?\b|\bpaw\s+withdrawal\b|\bintrathecal\w*|\bintraperitoneal\w*|"
        r"\b(?:CCI|SNI|SNL|MCAO)\b|\bsciatic\s+nerve\s+(?:crush|transection|injury)\b|\bmodel\s+(?:rats|mice)\b|"
        r"\b(?:rat|mouse|animal)\s+models?\b",
    ),
    ((" treated ",), r"-treated\s+(?:rats|mice|animals)\b"),
    (
        (" rats ", " mice ", " animals ", " rabbits ", " dogs "),
        r"\b(?:rats|mice|animals|rabbits|dogs)\s+(?:\w+\s+){0,3}(?:were|was)\s+(?:randomly|divided|assigned|"
        r"allocated|subjected|treated|anesthetized|anaesthetized|given|injected)\b|"
        r"\b(?:rats|mice|animals)\b[^.]{0,60}?\b(?:received|underwent)\b",
    ),
)
SPECIES_TERMS: dict[str, Rule] = {
    "rat": Rule(
        (
            (" rat ", " rats ", " sprague ", " wistar ", " evans ", " rattus "),
            r"\brats?\b|\bsprague[\s-]dawley\b|\bwistar\b|\blong[\s-]evans\b|\bSD\s+rats\b|\brattus\b",
        )
    ),
    "mouse": Rule(
        (
            (" mice ", " mouse ", " murine ", " c57bl ", " c57 ", " balb "),
            r"\bmice\b|\bmouse\b|\bmurine\b|\bC57BL\b|\bC57/BL|\bBALB/c\b|\bknockout\s+mice\b|\bICR\s+mice\b",
        )
    ),
    "rabbit": Rule(((" rabbit ", " rabbits ", " lagomorph"), r"\brabbits?\b|\blagomorph")),
    "dog": Rule(((" dog ", " dogs ", " canine ", " beagle ", " beagles "), r"\bdogs?\b|\bcanine\b|\bbeagles?\b")),
    "cat": Rule(((" cats ", " feline ", " cat "), r"\bcats\b|\bfeline\b|\ba\s+cat\b|\bthe\s+cat\b")),
    "monkey": Rule(
        (
            (" monkey ", " monkeys ", " macaque ", " macaques ", " macaca ", " rhesus ", " primate ", " primates "),
            r"\bmonkeys?\b|\bmacaques?\b|\bmacaca\b|\brhesus\b|\bnon-?human\s+primates?\b|\bprimates\b",
        )
    ),
    # nouns only: "fetal bovine serum", "porcine collagen", "equine globulin", "goat anti-rabbit IgG",
    # "calf pain" and "LAmB" (liposomal amphotericin B) name no animal studied
    "pig": Rule(
        (
            (" pig ", " pigs ", " piglet ", " piglets ", " swine ", " sow ", " sows ", " minipig ", " minipigs ", " gilts ",
             " porcine "),
            r"\bpigs?\b(?<!guinea pig)(?<!guinea pigs)|\bpiglets?\b|\bswine\b|\bsows?\b|\bminipigs?\b|\bgilts\b|"
            r"\bporcine\s+models?\b",
        )
    ),
    "sheep": Rule(((" sheep ", " ewes ", " lambs ", " ovine "), r"\bsheep\b|\bewes\b|\blambs\b|\bovine\s+models?\b")),
    "goat": Rule(((" goats ",), r"\bgoats\b")),
    "cattle": Rule(((" cattle ", " cows ", " heifers ", " steers "), r"\bcattle\b|\bcows\b|\bheifers\b|\bsteers\b")),
    "horse": Rule(((" horse ", " horses ", " ponies ", " foals "), r"\bhorses?\b|\bponies\b|\bfoals\b")),
    "zebrafish": Rule(((" zebrafish ", " zebra ", " danio "), r"\bzebra\s?fish\b|\bdanio\s+rerio\b")),
    "human": Rule(
        (
            (" patient ", " patients ", " participant ", " participants ", " volunteer ", " volunteers ", " women ", " men ",
             " woman ", " man ", " adult ", " adults ", " children ", " people ", " individuals ", " human ", " humans ",
             " year ", " outpatient ", " outpatients ", " inpatient ", " inpatients ", " rct ", " rcts ", " randomized ",
             " randomised ", " clinical trial", " clinical studies ", " clinical practice "),
            r"\bpatients?\b|\bparticipants?\b|\bvolunteers?\b|\bwomen\b|\bmen\b|\bwoman\b|\bman\b|\badults?\b|"
            r"\bchildren\b|\bpeople\b|\bindividuals\b|\bhumans?\b|\bclinical\s+(?:trials?|studies|practice)\b|"
            r"\b\d+[\s-]year[\s-]old\b|\boutpatients?\b|\binpatients?\b|\bRCTs?\b|\brandomi[sz]ed\s+controlled\s+trials?\b",
        )
    ),
}
CLINICAL = Rule(
    (
        (" trial ", " trials ", " randomized ", " randomised ", " sham ", " systematic ", " meta", " clinical ", " case ",
         " cohort ", " sectional ", " retrospective ", " prospective ", " single ", " pilot ", " cochrane ", " cases ",
         " survey ", " protocol ", " umbrella ", " overview ", " population ", " nationwide "),
        r"\btrials?\b|\brandomi[sz]ed\b|\bsham[\s-]controlled\b|\bsystematic\s+reviews?\b|\bmeta-?analy[sz]\w*|"
        r"\bclinical\s+(?:trials?|stud(?:y|ies)|evidence|practice|outcomes?)\b|\bcase\s+reports?\b|\bcase\s+series\b|\bcohort\b|\bcross-sectional\b|\bretrospective\b|"
        r"\bprospective\b|\bsingle[\s-]arm\b|\bpilot\b|\bcochrane\b|\b\d+\s+cases\b|\bsurvey\b|\bprotocol\b|"
        r"\bumbrella\s+review\b|\boverview\s+of\b|\bpopulation[\s-]based\b|\bnationwide\b|\breport\s+of\s+a\s+case\b",
    )
)
PRECLINICAL = Rule(
    (
        (" preclinical ", " clinical ", " animal ", " animals ", " vitro ", " experimental ", " cell ", " cells "),
        r"\bpre-?clinical\b|\banimals?\b|\bin\s+vitro\b|\bexperimental\s+(?:studies|models?)\b|\bcells?\b",
    )
)
MIXED = Rule(
    (
        (" clinical and ", " human and ", " and clinical ", " and human "),
        r"\b(?:clinical|human)\s+and\s+(?:experimental|pre-?clinical|animal|basic)\b|"
        r"\b(?:experimental|pre-?clinical|animal|basic)\s+and\s+(?:clinical|human)\b",
    )
)

MESH_SPECIES = {
    "humans": "human",
    "rats": "rat",
    "rats, sprague-dawley": "rat",
    "rats, wistar": "rat",
    "rats, inbred strains": "rat",
    "rats, long-evans": "rat",
    "mice": "mouse",
    "mice, inbred c57bl": "mouse",
    "mice, knockout": "mouse",
    "mice, inbred balb c": "mouse",
    "mice, inbred icr": "mouse",
    "mice, transgenic": "mouse",
    "rabbits": "rabbit",
    "dogs": "dog",
    "cats": "cat",
    "macaca mulatta": "monkey",
    "macaca fascicularis": "monkey",
    "haplorhini": "monkey",
    "primates": "monkey",
    "swine": "pig",
    "sus scrofa": "pig",
    "swine, miniature": "pig",
    "sheep": "sheep",
    "sheep, domestic": "sheep",
    "goats": "goat",
    "cattle": "cattle",
    "horses": "horse",
    "zebrafish": "zebrafish",
}
MESH_DESIGN = {
    "meta-analysis": "systematic_review",
    "systematic review": "systematic_review",
    "network meta-analysis": "systematic_review",
    "randomized controlled trial": "rct",
    "clinical trial protocol": "protocol",
    "case reports": "case_report",
    "review": "review",
    "observational study": "observational",
    "cohort studies": "observational",
    "case-control studies": "observational",
    "cross-sectional studies": "observational",
    "retrospective studies": "observational",
    "prospective studies": "observational",
    "in vitro techniques": "in_vitro",
    "cells, cultured": "in_vitro",
}
