"""Who is who: the speakers of claims and the people, countries, bodies and outlets an article names.

A speaker phrase ("Foreign ministry spokesperson Mao Ning", "South Korea's
defence ministry", "some witnesses", "she") becomes one actor of the
lesson; later mentions by surname ("Mao") or acronym ("KCNA") and pronouns
find the same actor.  Kinds are guessed from the words of the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

COUNTRIES = frozenset(
    [
        *"Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas Bahrain "
        "Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil Brunei Bulgaria "
        "Burundi Cambodia Cameroon Canada Chad Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czechia "
        "Denmark Djibouti Dominica Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia "
        "Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia "
        "Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait Kyrgyzstan Laos "
        "Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg Madagascar Malawi Malaysia Maldives "
        "Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia Montenegro Morocco Mozambique "
        "Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Palau Palestine Panama "
        "Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles "
        "Singapore Slovakia Slovenia Somalia Spain Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania "
        "Thailand Togo Tonga Tunisia Turkey Türkiye Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu "
        "Venezuela Vietnam Yemen Zambia Zimbabwe Britain America Gaza".split(),
        "North Korea",
        "South Korea",
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "Saudi Arabia",
        "South Africa",
        "South Sudan",
        "New Zealand",
        "Sri Lanka",
        "Costa Rica",
        "El Salvador",
        "Ivory Coast",
        "Czech Republic",
        "Dominican Republic",
        "Papua New Guinea",
        "East Timor",
        "Hong Kong",
        "Burkina Faso",
        "Sierra Leone",
        "North Macedonia",
    ]
)
# Capitals that news reports use for their governments ("Pyongyang sees", "Manila said").
CAPITALS = frozenset(
    (
        "Pyongyang Seoul Beijing Tokyo Moscow Kyiv Kiev Washington London Paris Berlin Manila Hanoi Bangkok Jakarta "
        "Taipei Tehran Baghdad Damascus Ankara Riyadh Cairo Delhi Islamabad Kabul Canberra Ottawa Brussels Warsaw "
        "Minsk Helsinki Stockholm Oslo Copenhagen Vilnius Riga Tallinn Caracas Havana Jerusalem Doha Phnom Penh"
    ).split()
)
STATE_MEDIA = frozenset(
    [
        *"KCNA KCTV Xinhua TASS RIA CCTV IRNA SANA Sputnik RT Rodong Sinmun CGTN".split(),
        "Global Times",
        "People's Daily",
        "Korean Central News Agency",
        "Rodong Sinmun",
        "RIA Novosti",
    ]
)
NEWS_MEDIA = frozenset(
    [
        *"Reuters AFP AP Yonhap Kyodo Bloomberg PTI ANI BBC CNN NHK DPA EFE ANSA Interfax Axios Politico".split(),
        "Associated Press",
        "Agence France-Presse",
        "Al Jazeera",
        "New York Times",
        "Washington Post",
    ]
)
ALLIANCES = frozenset([*"NATO ASEAN EU AU G7 G20 BRICS SCO Quad".split(), "European Union", "African Union"])
ORGANISATIONS = frozenset(
    [
        *"UN UNICEF WHO IAEA ICC ICJ IMF WTO OPEC Interpol Amnesty".split(),
        "United Nations",
        "Red Cross",
        "Human Rights Watch",
        "Amnesty International",
        "World Bank",
    ]
)
_MEDIA_WORDS = re.compile(
    r"\b(?:News|Agency|Times|Post|Herald|Journal|Gazette|Tribune|Daily|Television|TV|Radio|Press|"
    r"Broadcasting|newspaper|broadcaster|outlet|news agency|state media|media)\b"
)
_BODY_WORDS = re.compile(
    r"\b(?:ministry|Ministry|government|Government|military|Military|army|Army|navy|Navy|police|Police|"
    r"[Cc]oast [Gg]uard|[Dd]epartment|[Oo]ffice|[Cc]ommittee|[Cc]ommission|[Cc]ouncil|[Pp]arliament|Congress|"
    r"Senate|[Cc]ourt|[Cc]ommand|[Ff]orces|[Aa]dministration|[Ee]mbassy|[Aa]uthorit(?:y|ies)|[Bb]ureau|"
    r"Complex|Cabinet|Kremlin|Pentagon|White House|Opposition|[Pp]arty|Lok Sabha|Rajya Sabha)\b"
)
_ORGANISATION_WORDS = re.compile(
    r"\b(?:Observatory|Foundation|Institute|Center|Centre|Watch|Association|Federation|Society|Network|Coalition|"
    r"Union|League|Fund|Organi[sz]ation|Charity|NGO|Red Crescent|Helmets)\b"
)
_COMPANY_WORDS = re.compile(r"\b(?:Inc|Corp|Corporation|Ltd|LLC|plc|Company|Co\.|Group|Airlines|Bank|Technologies)\b")
# Titles before a name: "Foreign ministry spokesperson Mao Ning" is Mao Ning.
ROLE_WORDS = frozenset(
    "spokesperson spokesman spokeswoman minister president leader officer secretary chief director ambassador "
    "envoy general commander premier chairman chairwoman head governor mayor senator lawmaker representative "
    "prosecutor judge professor analyst expert researcher reporter correspondent adviser advisor official "
    "captain admiral colonel lieutenant sergeant deputy vice prime foreign defence defense home interior "
    "union state top senior former acting mr mrs ms dr attorney supreme".split()
)
# Lower-case plural nouns that speak for no one named ("officials say", "some witnesses say").
UNNAMED_NOUNS = {
    "officials": "government-body",
    "authorities": "government-body",
    "diplomats": "group",
    "investigators": "government-body",
    "witnesses": "group",
    "residents": "group",
    "sources": "group",
    "people": "group",
    "locals": "group",
    "villagers": "group",
    "survivors": "group",
    "relatives": "group",
    "activists": "group",
    "protesters": "group",
    "critics": "group",
    "analysts": "person",
    "experts": "person",
    "observers": "person",
    "researchers": "person",
    "scholars": "person",
    "others": "group",
    "supporters": "group",
    "opponents": "group",
    "members": "group",
    "leaders": "group",
    "lawmakers": "group",
    "legislators": "group",
    "workers": "group",
    "parents": "group",
    "students": "group",
    "teachers": "group",
    "voters": "group",
    "farmers": "group",
    "fishermen": "group",
    "scientists": "person",
    "economists": "person",
    "doctors": "group",
}
_ANALYST_NOUNS = frozenset({"analysts", "experts", "observers", "researchers", "scholars", "scientists", "economists"})
_WITNESS_NOUNS = frozenset(
    {"witnesses", "residents", "sources", "people", "locals", "villagers", "survivors", "relatives", "others"}
    | {"activists", "protesters", "critics", "supporters", "opponents", "workers", "parents", "students", "voters"}
    | {"teachers", "farmers", "fishermen", "doctors", "members"}
)
# Words a reader takes back to a body or speaker named before: "the ministry said", "the statement reads".
_BACK_REFERENCE = re.compile(r"^(?:(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir)\s+)?((?:[a-z-]+\s+)?[a-z-]+)$")
_DOCUMENTS = frozenset({"statement", "report", "communique", "letter", "post", "announcement"})
_QUANTIFIERS = re.compile(r"^(?:some|many|several|other|few|a few|two|three|four|most|the|these|those)\s+", re.I)
# Words that introduce a person's name in news copy.
_TITLES = frozenset(
    "leader president minister spokesperson spokesman spokeswoman secretary ambassador envoy general commander "
    "premier chairman chairwoman governor mayor senator lawmaker officer professor analyst director chief "
    "President Minister Secretary General Senator Governor Mayor Officer Professor Dr. Mr. Ms. Mrs.".split()
)
_TITLE_WORDS = "|".join(sorted(_TITLES, key=len, reverse=True)).replace(".", r"\.")
_TITLED_IN_TEXT = re.compile(rf"\b(?:{_TITLE_WORDS})\s+((?:[A-Z][a-z\u2019'-]+\s?){{2,3}})(?=[\s,.;:]|$)")
_TITLED_NAME = re.compile(rf"\b(?:{_TITLE_WORDS})\s+((?:[A-Z][a-z\u2019'-]+\s?){{2,3}})$")
_COUNTRY_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(c) for c in sorted(COUNTRIES, key=len, reverse=True)) + r")(?![\w-])"
)
_STATE_MEDIA_PATTERN = re.compile(
    r"\b(?:" + "|".join(re.escape(m) for m in sorted(STATE_MEDIA, key=len, reverse=True)) + r")\b"
)
PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "any"}


@dataclass
class Actor:
    """One actor of the draft: a display name, other names, a kind guess and what sort of source it is."""

    id: str
    name: str
    kind: str
    named: bool = True
    role: str = "official"  # state-media, media, official, witness, analyst, writer, unnamed
    aliases: list[str] = field(default_factory=list)
    claims: int = 0

    def names(self) -> list[str]:
        """The name and every alias."""
        return [self.name, *self.aliases]


def slug(text: str) -> str:
    """Lower-case letters, digits and hyphens, e.g. "South Korea's defence ministry" -> south-koreas-defence-ministry."""
    text = text.lower().replace("\u2019", "").replace("'", "")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:60].strip("-") or "actor"


def kind_of(name: str) -> tuple[str, str]:
    """(kind, role) guessed from a name's words."""
    bare = re.sub(r"^[Tt]he\s+", "", name)
    if bare in STATE_MEDIA or any(media in bare for media in STATE_MEDIA) or "state media" in bare.lower():
        return "media-outlet", "state-media"
    if bare in NEWS_MEDIA or _MEDIA_WORDS.search(bare):
        return "media-outlet", "media"
    if bare in ALLIANCES:
        return "alliance", "official"
    if bare in ORGANISATIONS:
        return "organisation", "official"
    if bare in COUNTRIES or bare in CAPITALS:
        return "country", "official"
    if _ORGANISATION_WORDS.search(bare):
        return "organisation", "official"
    if _BODY_WORDS.search(bare):
        return "government-body", "official"
    if _COMPANY_WORDS.search(bare):
        return "company", "official"
    return "person", "official"


def person_name(phrase: str) -> str:
    """The name in a phrase with titles ("Union Home Minister Amit Shah" -> "Amit Shah")."""
    words = phrase.split()
    start = 0
    for index, word in enumerate(words):
        if word.lower().strip(".") in ROLE_WORDS or word.islower():
            start = index + 1
    return " ".join(words[start:]) or phrase


class Cast:
    """The actors of one article, found as the claims are read in order."""

    def __init__(self, text: str, writer: str):
        self.text = text
        self.actors: dict[str, Actor] = {}
        self.writer = self._add(Actor("writer", writer, "media-outlet", role="writer"))
        self.unnamed = Actor("unnamed-source", "Unnamed source", "group", named=False, role="unnamed")
        self._last_person: Actor | None = None
        self._last_other: Actor | None = None
        self._last_group: Actor | None = None
        self._last_speaker: Actor | None = None
        self._acronyms = dict(
            re.findall(r"\b((?:[A-Z][\w'\u2019-]*\s+){1,6}?[A-Z][\w'\u2019-]*)\s+\(([A-Z]{2,6})\)", text)
        )

    def scan(self) -> None:
        """Add the countries the article names and the people it introduces with a title ("leader Kim Jong Un")."""
        for match in _COUNTRY_PATTERN.finditer(self.text):
            country = match.group(1)
            if not self.find(country):
                self._add(Actor(slug(country), country, "country"))
        for match in _TITLED_IN_TEXT.finditer(self.text):
            name = person_name(match.group(1).strip())
            if len(name.split()) >= 2 and not self.find(name) and kind_of(name)[0] == "person":
                self._add(Actor(slug(name), name, "person"))

    def _add(self, actor: Actor) -> Actor:
        base, number = actor.id, 2
        while actor.id in self.actors:
            actor.id = f"{base}-{number}"
            number += 1
        self.actors[actor.id] = actor
        return actor

    def find(self, name: str) -> Actor | None:
        """The actor known by this name or alias (case-insensitive), if any."""
        key = name.casefold()
        for actor in self.actors.values():
            if key in (n.casefold() for n in actor.names()):
                return actor
        return None

    def _state_agency(self) -> Actor:
        for agency in sorted(STATE_MEDIA, key=len, reverse=True):
            if agency in self.text and re.search(r"\b" + re.escape(agency) + r"\b", self.text):
                actor = self.find(agency) or self._named(agency)
                if "state media" not in actor.aliases:
                    actor.aliases.append("state media")
                return actor
        return self.find("state media") or self._add(
            Actor("state-media", "State media", "media-outlet", role="state-media")
        )

    def _named(self, name: str) -> Actor:
        full = {acronym: long for long, acronym in self._acronyms.items()}
        long = full.get(name)
        if long is None and name in self._acronyms:
            long, name = name, self._acronyms[name]
        existing = self.find(name) or (self.find(long) if long else None)
        if existing:
            return existing
        kind, role = kind_of(long or name)
        display = f"{name} ({long})" if long else name
        aliases = [name, long] if long else []
        return self._add(Actor(slug(name), display, kind, role=role, aliases=aliases))

    def speaker(self, phrase: str, context: str = "") -> Actor:
        """The actor a speaker phrase stands for, adding it when it is new.

        ``context`` is the sentence before the phrase: "it" and "they" stand for the last country or body it names
        ("Pyongyang launched what it said was ...").
        """
        phrase = phrase.strip(" ,\"'\u201c\u201d")
        lower = phrase.lower()
        if lower in ("it", "they"):
            for name in reversed(re.findall(r"(?:[A-Z][\w\u2019'-]*)(?:\s+[A-Z][\w\u2019'-]*)*", context)):
                if kind_of(name)[0] in ("country", "government-body", "organisation", "alliance", "company"):
                    return self._remember(self._named(re.sub(r"^The\s+", "", name)))
        if lower in PRONOUNS:
            wanted = PRONOUNS[lower]
            found = self._last_person if wanted == "person" else (self._last_other or self._last_person)
            return found or self.unnamed
        if not phrase:
            return self.unnamed
        back = _BACK_REFERENCE.match(phrase)
        if back and back.group(1).lower() != "state media" and back.group(1).split()[-1] not in UNNAMED_NOUNS:
            found = self._back_reference(back.group(1).lower())
            if found is not None:
                return self._remember(found)
        if "state media" in lower or "state-run" in lower or "state news agency" in lower:
            named_agency = _STATE_MEDIA_PATTERN.search(phrase)
            agency = named_agency.group(0) if named_agency else None
            actor = self._named(agency) if agency else self._state_agency()
            if "state media" not in actor.aliases:
                actor.aliases.append("state media")
            return self._remember(actor)
        bare = _QUANTIFIERS.sub("", phrase)
        head = bare.split()[-1].lower() if bare.split() else ""
        if head in UNNAMED_NOUNS and bare[:1].islower():
            if head == "others" and self._last_group is not None:
                return self._last_group
            name = f"Unnamed {bare}"
            actor = self.find(name) or self._add(
                Actor(slug(name), name, UNNAMED_NOUNS[head], named=False, role=_group_role(head))
            )
            self._last_group = actor
            return self._remember(actor)
        if bare[:1].islower() and not re.search(r"[A-Z]", bare):
            return self.unnamed
        # One capitalised word that is part of a known name: "Mao" for Mao Ning, "Kim" for Kim Jong Un.
        if " " not in bare:
            for actor in self.actors.values():
                if actor.kind == "person" and bare in actor.name.split():
                    if bare not in actor.aliases:
                        actor.aliases.append(bare)
                    return self._remember(actor)
        name = re.sub(r"^[Tt]he\s+", "", bare)
        titled = _TITLED_NAME.search(name)
        if titled:  # "Foreign ministry spokesperson Mao Ning" is a person, whatever body the title names
            person = titled.group(1).strip()
            return self._remember(self.find(person) or self._add(Actor(slug(person), person, "person")))
        kind = kind_of(name)[0]
        if kind == "person" and not re.search(r"['\u2019]s\b", name):
            name = person_name(name)
        return self._remember(self._named(name))

    def _back_reference(self, noun: str) -> Actor | None:
        """The actor "the ministry" or "the statement" stands for: the last body so named, or the last speaker."""
        head = noun.split()[-1]
        if head in _DOCUMENTS:
            return self._last_speaker
        if head in ("spokesman", "spokeswoman", "spokesperson", "official", "minister"):
            return self._last_person or self._last_other
        for actor in reversed(list(self.actors.values())):
            if actor.named and actor.role != "writer" and head in actor.name.lower().split():
                return actor
        return None

    def _remember(self, actor: Actor) -> Actor:
        self._last_speaker = actor
        if actor.kind == "person" and actor.named:
            self._last_person = actor
        elif actor.named:
            self._last_other = actor
        return actor


def _group_role(head: str) -> str:
    if head in _ANALYST_NOUNS:
        return "analyst"
    if head in _WITNESS_NOUNS:
        return "witness"
    return "official"
