"""How stakeholder groups are named in English and French, and which groups a card mentions.

This is domain vocabulary of the group *names* ("employers", "settlement agencies",
"organismes de réglementation", "ITPs"), not wording taken from any forum's ideas. It is used
two ways:

- ``find_mentions(text)`` says which groups a card names (shown to organizers, and used for the
  group × group "mentions" matrix);
- ``mark_mentions(text)`` replaces each naming with a language-independent token
  (``grp_employers``), so a model trained on English cards can use "employeurs" in a French
  card as it uses "employers".

A mention is *not* the card's group: service providers write "partner with employers". How
mentions relate to the group that raised a card is learned by the model in
``analysis.stakeholders``.

Organizers may edit the group list: ``GroupLexicon(groups)`` builds patterns for custom groups
from their key and label ("unions" / "Labour unions" -> "union", "unions", "labour unions").
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from analysis.records import DEFAULT_STAKEHOLDER_GROUPS

# Patterns run on lowercased text with accents removed (see ``fold``). Order matters within the
# lexicon only through ``_PRECEDENCE``: more specific names are matched (and consumed) first, so
# "regulatory college" is a regulator, not a college.
_S = r"s?"  # optional plural
DEFAULT_TERMS: dict[str, tuple[str, ...]] = {
    "regulatory_bodies": (
        r"regulat(?:ory|ion) (?:bod(?:y|ies)|colleges?|authorit(?:y|ies)|agenc(?:y|ies)|organi[sz]ations?)",
        r"regulators?",
        r"licens(?:ing|ure) (?:bod(?:y|ies)|authorit(?:y|ies))",
        r"colleges? of (?:nurses|physicians|teachers|pharmacists|engineers|[a-z]+ professionals?)",
        r"credential (?:assessment|evaluation) (?:agenc(?:y|ies)|bod(?:y|ies)|services?)",
        r"organismes? (?:de )?(?:reglementation|reglementaires?)",
        r"autorites? de reglementation",
        r"ordres? professionnel(?:le)?s?",
    ),
    "service_providers": (
        r"service[- ]providers?",
        r"service provider organi[sz]ations?",
        r"settlement (?:agenc(?:y|ies)|organi[sz]ations?|services?|workers?|providers?|sector|programs?)",
        r"immigrant[- ]serving (?:agenc(?:y|ies)|organi[sz]ations?|sector)",
        r"employment (?:counsell?ors?|services?|agenc(?:y|ies))",
        r"(?:career|job) counsell?ors?",
        r"community (?:agenc(?:y|ies)|organi[sz]ations?)",
        r"non-?profits?(?: organi[sz]ations?| sector)?",
        r"agenc(?:y|ies)",
        r"fournisseurs? de services?",
        r"organismes? (?:d'|de )?(?:etablissement|d'aide|communautaires?|sans but lucratif|au service des immigrants)",
        r"agences? (?:d'|de )?(?:etablissement|placement|emploi)",
        r"conseill(?:er|ere)s? en emploi",
        r"intervenants? en etablissement",
    ),
    "itps": (
        r"internationally (?:trained|educated|qualified)(?: (?:professionals?|individuals?|immigrants?|workers?|nurses|engineers))?",
        r"foreign[- ](?:trained|educated)(?: (?:professionals?|workers?))?",
        r"skilled (?:immigrants?|newcomers?)",
        r"(?:new )?immigrants?",
        r"immigrantes?",
        r"newcomers?",
        r"refugees?",
        r"refugie(?:e)?s?",
        r"nouve(?:aux|lles?|l) arrivant(?:e)?s?",
        r"personnes? immigrantes?",
        r"professionnel(?:le)?s? (?:formee?s? a l'etranger|immigrant(?:e)?s?)",
    ),
    "professional_associations": (
        r"professional (?:immigrant )?(?:associations?|networks?|organi[sz]ations?)",
        r"professional immigrant networks?",
        r"immigrant professional (?:associations?|networks?)",
        r"(?:industry|sector) associations?",
        r"associations? professionnel(?:le)?s?",
        r"reseaux? (?:de professionnel(?:le)?s|professionnels?)",
        r"associations?",
    ),
    "colleges": (
        r"colleges?",
        r"universit(?:y|ies)",
        r"universites?",
        r"cegeps?",
        r"polytechnics?",
        r"post-?secondary(?: institutions?| schools?)?",
        r"(?:educational|academic) institutions?",
        r"(?:etablissements?|institutions?) d'enseignement",
        r"colleges? communautaires?",
        r"ecoles?",
    ),
    "government": (
        r"governments?",
        r"gouvernements?",
        r"(?:federal|provincial|municipal|local|city) (?:governments?|ministr(?:y|ies)|departments?|policy|policies)",
        r"ministr(?:y|ies)",
        r"ministeres?",
        r"public sector",
        r"policy ?makers?",
        r"funders?",
        r"bailleurs? de fonds",
        r"decideurs?",
        r"pouvoirs? publics?",
    ),
    "employers": (
        r"employers?",
        r"employeurs?",
        r"employeuses?",
        r"hiring managers?",
        r"(?:line |people )?managers?",
        r"human resources?",
        r"ressources humaines",
        r"recruiters?",
        r"recruteurs?",
        r"compan(?:y|ies)",
        r"businesses",
        r"business owners?",
        r"entreprises?",
        r"firms?",
        r"gestionnaires?",
        r"industry partners?",
    ),
    "multi_sector": (
        r"multi-?sectoral",
        r"multi-?sectors?",
        r"cross-?sectoral",
        r"cross-?sectors?",
        r"multi-?stakeholders?",
        r"all (?:the )?(?:stakeholders|sectors|partners)",
        r"coalitions?",
        r"multisectoriel(?:le)?s?",
        r"intersectoriel(?:le)?s?",
        r"tous les (?:intervenants|partenaires|acteurs)",
    ),
}

# Acronyms are matched case-sensitively on the original text ("PAs" yes, "pas" no).
DEFAULT_ACRONYMS: dict[str, tuple[str, ...]] = {
    "service_providers": (r"SPOs?", r"ISAs?", r"SPs"),
    "itps": (r"ITPs?", r"IENs?", r"IEPs?", r"IMGs?", r"IEEs?", r"PFEs?"),
    "professional_associations": (r"PAs", r"PINs?"),
    "colleges": (r"CEGEPs?",),
    "government": (r"IRCC", r"ESDC", r"MCI", r"MIFI", r"MLITSD", r"EDSC"),
    "employers": (r"HR", r"RH", r"SMEs?", r"PMEs?"),
}

_PRECEDENCE = (
    "regulatory_bodies",
    "multi_sector",
    "service_providers",
    "professional_associations",
    "itps",
    "colleges",
    "government",
    "employers",
)

_TAGS = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """Text as a reader sees it: HTML entities decoded, tags dropped, spaces collapsed."""
    text = html.unescape(text or "")
    text = _TAGS.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lowercase, no accents, typographic apostrophes and dashes made plain (same length)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    if text.isascii():
        return text.lower()
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFKD", char.lower()[:1] or " ")
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(base[:1] if base else " ")  # keep positions aligned with the input
    return "".join(out)


def _key_words(key: str) -> str:
    return re.sub(r"[_\-]+", " ", key).strip().lower()


def _custom_patterns(key: str, label: str | None) -> tuple[str, ...]:
    """Patterns naming a custom group, from its key and label: each phrase, singular or plural."""
    names = {_key_words(key)}
    if label:
        names.add(fold(label).strip())
    patterns = []
    for name in sorted(names):
        if not name:
            continue
        words = [re.escape(word) for word in name.split()]
        last = words[-1]
        if last.endswith("s") and len(last) > 3:
            last = last[:-1] + "s?"
        else:
            last = last + "s?"
        patterns.append(r"\s+".join(words[:-1] + [last]))
    return tuple(patterns)


@dataclass(frozen=True)
class Mention:
    group: str
    start: int
    end: int


def group_spec(groups: Iterable) -> tuple[tuple[str, str | None, tuple[str, ...]], ...]:
    """Groups as a hashable tuple of (key, label, extra patterns), whatever form they came in."""
    spec = []
    for group in groups:
        if isinstance(group, str):
            spec.append((group, None, ()))
        elif isinstance(group, Mapping):
            spec.append((group["key"], group.get("label"), tuple(group.get("terms") or ())))
        elif isinstance(group, Sequence) and len(group) == 3 and not isinstance(group[2], str):
            spec.append((group[0], group[1], tuple(group[2])))
        elif isinstance(group, Sequence) and len(group) == 2:
            spec.append((group[0], group[1], ()))
        else:
            spec.append((group.key, getattr(group, "label", None), ()))
    return tuple(spec)


class GroupLexicon:
    """Finds the groups a text names. ``groups``: keys, or (key, label) pairs, or mappings with
    ``key`` and optionally ``label`` / ``terms`` (extra regular expressions on folded text)."""

    def __init__(self, groups: Iterable = DEFAULT_STAKEHOLDER_GROUPS):
        keys, labels, extra = [], {}, {}
        for key, label, terms in group_spec(groups):
            keys.append(key)
            labels[key] = label
            extra[key] = terms
        self.groups = tuple(keys)
        order = [key for key in _PRECEDENCE if key in keys] + [key for key in keys if key not in _PRECEDENCE]
        # custom groups first: an organizer's "nursing colleges" should beat the default "colleges"
        order = [key for key in order if key not in DEFAULT_TERMS] + [key for key in order if key in DEFAULT_TERMS]
        self._folded = []
        self._acronyms = []
        for key in order:
            patterns = list(extra[key]) + list(DEFAULT_TERMS.get(key, ())) + list(_custom_patterns(key, labels[key]))
            self._folded.append((key, re.compile(r"(?<![\w])(?:" + "|".join(patterns) + r")(?![\w])")))
            if key in DEFAULT_ACRONYMS:
                self._acronyms.append((key, re.compile(r"(?<![\w])(?:" + "|".join(DEFAULT_ACRONYMS[key]) + r")(?![\w])")))

    def mentions(self, text: str) -> list[Mention]:
        """Every naming of a group in ``text`` (positions in the ``clean_text`` form), in order."""
        text = clean_text(text)
        folded = fold(text)
        taken = [False] * len(text)
        found = []
        for source, compiled_list in ((text, self._acronyms), (folded, self._folded)):
            for key, pattern in compiled_list:
                for match in pattern.finditer(source):
                    if any(taken[match.start():match.end()]):
                        continue
                    taken[match.start():match.end()] = [True] * (match.end() - match.start())
                    found.append(Mention(key, match.start(), match.end()))
        return sorted(found, key=lambda mention: mention.start)

    def find(self, text: str) -> tuple[str, ...]:
        """The groups ``text`` names, each once, in the order of ``self.groups``."""
        named = {mention.group for mention in self.mentions(text)}
        return tuple(key for key in self.groups if key in named)

    def mark(self, text: str, mentions: Sequence[Mention] | None = None) -> str:
        """``clean_text(text)`` with each naming replaced by ``grp_<key>`` (folded, lowercase).

        ``mentions``: ``self.mentions(text)``, when the caller has them already.
        """
        text = clean_text(text)
        folded = fold(text)
        pieces, position = [], 0
        for mention in self.mentions(text) if mentions is None else mentions:
            pieces.append(folded[position:mention.start])
            pieces.append(f" grp_{mention.group} ")
            position = mention.end
        pieces.append(folded[position:])
        return _SPACE.sub(" ", "".join(pieces)).strip()


@lru_cache(maxsize=16)
def lexicon_for(spec: tuple) -> GroupLexicon:
    """A shared lexicon for a ``group_spec`` (compiling the patterns once)."""
    return GroupLexicon(spec)


def find_mentions(text: str, groups: Iterable | None = None) -> tuple[str, ...]:
    """The groups a text names (see ``GroupLexicon``); default groups unless ``groups`` given."""
    return lexicon_for(group_spec(DEFAULT_STAKEHOLDER_GROUPS if groups is None else groups)).find(text)


def mark_mentions(text: str, groups: Iterable | None = None) -> str:
    """``text`` with each group naming replaced by ``grp_<key>`` (see ``GroupLexicon.mark``)."""
    return lexicon_for(group_spec(DEFAULT_STAKEHOLDER_GROUPS if groups is None else groups)).mark(text)


# What each default group is and does, written from general knowledge of workforce integration
# (not from any forum's cards). The model compares a card with these descriptions (who acts,
# what they are asked to do), so an organizer who edits a group's description, or adds a group,
# changes what the suggestions look for. Both languages are read; either may be empty.
DEFAULT_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "employers": {
        "en": "Employers, companies, businesses and their hiring managers, supervisors and human resources "
              "staff. They recruit, interview, hire, onboard and promote workers; run the workplace; decide "
              "job requirements, pay, internships and paid placements; offer mentors, diversity and "
              "inclusion training for managers and coworkers, and career advancement inside the company.",
        "fr": "Employeurs, entreprises et leurs gestionnaires, superviseurs et ressources humaines. Ils "
              "recrutent, font passer les entrevues, embauchent, accueillent et font progresser le "
              "personnel; fixent les exigences des postes, les salaires et les stages en milieu de travail.",
    },
    "service_providers": {
        "en": "Settlement agencies, immigrant-serving and employment service organizations, and their "
              "counsellors and case workers. They serve clients: job search workshops, resume and interview "
              "coaching, case management, referrals, job matching and placement, language and orientation "
              "services, employment and mentoring programs for their clients, follow-up with clients after "
              "they find work, and outreach to employers.",
        "fr": "Organismes d'établissement et d'aide à l'emploi, leurs conseillers et intervenants. Ils "
              "servent leurs clients : ateliers de recherche d'emploi, CV, préparation aux entrevues, "
              "gestion de cas, aiguillage, jumelage et placement, suivi des clients, démarchage des employeurs.",
    },
    "itps": {
        "en": "Internationally trained professionals, skilled immigrants and newcomers themselves: what they "
              "face and what they can do. Their own job search, networking, confidence, language and soft "
              "skills, expectations, credentials from abroad, family and childcare, finding information, "
              "starting over in a survival job, learning the local workplace culture.",
        "fr": "Les personnes immigrantes et professionnels formés à l'étranger eux-mêmes : ce qu'ils vivent "
              "et ce qu'ils peuvent faire. Leur recherche d'emploi, leur réseau, leur confiance, la langue, "
              "leurs attentes, leurs diplômes étrangers, la famille, trouver l'information.",
    },
    "professional_associations": {
        "en": "Professional associations, industry associations and professional immigrant networks, often "
              "run by volunteers. They serve their members: membership, peer mentoring among members, "
              "networking events, exam preparation, continuing professional development, sector knowledge.",
        "fr": "Associations professionnelles, associations sectorielles et réseaux de professionnels "
              "immigrants, souvent bénévoles. Ils servent leurs membres : adhésion, mentorat entre pairs, "
              "événements de réseautage, préparation aux examens, perfectionnement professionnel.",
    },
    "colleges": {
        "en": "Colleges, universities and other schools and training institutions. They run bridging "
              "programs, courses, certificates and academic upgrading; design curriculum; teach students; "
              "arrange co-op terms and work placements; keep in touch with alumni.",
        "fr": "Collèges, cégeps, universités et établissements de formation. Ils offrent des programmes "
              "passerelles, des cours, des certificats et la mise à niveau; conçoivent les programmes "
              "d'études; enseignent aux étudiants; organisent des stages coopératifs.",
    },
    "government": {
        "en": "Governments at every level (federal, provincial, municipal), their ministries and public "
              "funders. They set immigration and labour market policy, laws and rules; fund programs and "
              "agencies through grants and contracts with targets; give employers wage subsidies, tax "
              "credits and incentives; collect data and run public campaigns.",
        "fr": "Les gouvernements fédéral, provinciaux et municipaux, leurs ministères et les bailleurs de "
              "fonds publics. Ils fixent les politiques d'immigration et du marché du travail, les lois et "
              "les règles; financent les programmes et les organismes; accordent des subventions salariales, "
              "des crédits d'impôt et des incitatifs aux employeurs.",
    },
    "regulatory_bodies": {
        "en": "Regulatory bodies and licensing authorities of regulated professions and trades, and "
              "credential assessment agencies. They assess foreign credentials and experience, set "
              "licensing exams, registration requirements and fees, issue licences, and decide the path "
              "to practise a profession.",
        "fr": "Ordres professionnels et organismes de réglementation des professions et métiers réglementés, "
              "et organismes d'évaluation des diplômes. Ils évaluent les diplômes et l'expérience acquis à "
              "l'étranger, fixent les examens, les exigences et les frais d'inscription, délivrent les permis.",
    },
    "multi_sector": {
        "en": "Several sectors together: partnerships, coalitions and networks that join employers, "
              "agencies, schools, associations and government. Shared initiatives, joint programs, "
              "collaboration across sectors, common platforms and referral networks, regional tables "
              "and councils, all stakeholders working together.",
        "fr": "Plusieurs secteurs ensemble : partenariats, coalitions et réseaux qui réunissent employeurs, "
              "organismes, établissements, associations et gouvernement. Initiatives communes, "
              "collaboration intersectorielle, tables de concertation, tous les partenaires ensemble.",
    },
}
