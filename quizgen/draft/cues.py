"""The words that show a statement is attributed, hedged, denied or judged: the draft's lexicon.

Each pattern matches whole words, case-insensitively.  The lists follow the
attribution and hedging vocabulary of news style guides (AP, Reuters):
verbs of saying, hedges, words of blame and denial, and the writer's words of
judgement.
"""

from __future__ import annotations

import re


def any_word(*words: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """One pattern matching any of ``words`` (regular expressions) as whole words."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", flags)


# Verbs that report what someone says or holds; the speaker is the noun phrase before them (or after "said").
# Lower case only: a capitalised "States" or "Reports" is a name or a heading, not a verb.
SAYING = any_word(
    r"said",
    r"says?",
    r"saying",
    r"told",
    r"tells?",
    r"added",
    r"adds",
    r"adding",
    r"stated",
    r"states",
    r"announced",
    r"announces",
    r"reported",
    r"reports",
    r"claimed",
    r"claims",
    r"claiming",
    r"alleged",
    r"alleges",
    r"alleging",
    r"accused",
    r"accuses",
    r"accusing",
    r"denied",
    r"denies",
    r"denying",
    r"insisted",
    r"insists",
    r"insisting",
    r"warned",
    r"warns",
    r"warning",
    r"noted",
    r"noting",
    r"confirmed",
    r"confirms",
    r"acknowledged",
    r"argued",
    r"argues",
    r"arguing",
    r"asserted",
    r"asserts",
    r"maintained",
    r"maintains",
    r"agreed",
    r"agree",
    r"estimated",
    r"estimates",
    r"wrote",
    r"writes",
    r"showed",
    r"shows?",
    r"sees? as",
    r"regards? as",
    r"views? as",
    r"believes?",
    r"believed",
    r"suggested",
    r"suggests",
    r"commented",
    r"labell?ed",
    r"called",
    r"described",
    r"branded",
    r"critici[sz]ed",
    r"condemned",
    r"urged",
    r"demanded",
    r"welcomed",
    r"recommended",
    r"concluded",
    r"explained",
    r"replied",
    r"responded",
    r"countered",
    r"disputed",
    r"vowed",
    r"pledged",
    r"promised",
    r"predicted",
    r"revealed",
    r"admitted",
    r"emphasi[sz]ed",
    r"stressed",
    r"refuted",
    r"rejected",
    r"dismissed",
    r"reads",
    flags=0,
)
# "according to X", "as reported by X", "X reported": the speaker follows.
ACCORDING = any_word(r"according to", r"(?:as )?reported by", r"quoted by", r"citing")
# A second statement by the same speaker, joined to the first ("..., adding that ...").
CONTINUING = any_word(r"adding", r"noting", r"claiming", r"insisting", r"saying", r"warning", r"arguing")

HEDGE = any_word(
    r"might",
    r"may",
    r"could",
    r"possibl[ey]",
    r"perhaps",
    r"likely",
    r"reportedly",
    r"allegedly",
    r"apparently",
    r"appears? to",
    r"seems? to",
    r"believed to",
    r"said to",
    r"suspected",
    r"suspicions?",
    r"speculat\w*",
    r"suggestions?",
    r"suggest\w*",
    r"hint\w*",
    r"rumou?rs?",
    r"unconfirmed",
)
# Nouns that report a statement without a speaker ("there are allegations", "with speculation that").
UNATTRIBUTED = any_word(
    r"allegations?",
    r"accusations?",
    r"speculation",
    r"suggestions?",
    r"claims",
    r"reports",
    r"rumou?rs?",
    r"suspicions?",
)
DENIAL = any_word(
    r"den(?:y|ied|ies|ial|ials|ying)",
    r"reject\w*",
    r"dismiss\w*",
    r"refut\w*",
    r"not responsible",
    r"had nothing to do",
    r"false",
    r"baseless",
    r"groundless",
    r"untrue",
    r"fabricat\w*",
    r"exaggerat\w*",
    r"different from the facts",
)
ALLEGATION = any_word(
    r"alleg\w*",
    r"accus\w*",
    r"blam\w*",
    r"charged",
    r"responsib(?:le|ility)",
    r"illegally",  # an act done illegally is an accusation; "illegal migrants" names a group
    r"unlawfully",
    r"violat\w*",
    r"breach\w*",
)
UNVERIFIED = any_word(
    r"videos?",
    r"footage",
    r"photos?",
    r"images?",
    r"social media",
    r"purport\w*",
    r"said to show",
    r"could not (?:be )?(?:independently )?verif\w*",
    r"unverified",
)
JUDGEMENT = any_word(
    r"signals?",
    r"should",
    r"must",
    r"ought",
    r"marks? a",
    r"a new (?:phase|era|chapter)",
    r"reflect(?:s|ing)?",
    r"underscor\w*",
    r"clearly",
    r"unprecedented",
    r"alarming",
    r"worrying",
    r"reckless",
)
# The writer's report of a plan or an expectation: stated as fact, but not yet something anyone can check.
PLANS = any_word(
    r"will",
    r"(?:is|are|was|were) preparing to",
    r"plans? to",
    r"planned to",
    r"intends? to",
    r"(?:is|are) expected to",
    r"(?:is|are) set to",
    r"aims? to",
    r"(?:is|are) due to",
)
# Words of time that sit between a verb of saying and what was said ("said on Monday that").
TIME_WORDS = re.compile(
    r"\s*(?:(?:on|last|this|early|late|earlier|later)\s+)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|today|yesterday|tonight|earlier|later|previously|again|also|"
    r"(?:this|last)\s+(?:week|month|year)|in a statement|in an interview)\b,?",
    re.IGNORECASE,
)
