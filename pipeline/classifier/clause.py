"""A clause and the scope rules every claim uses: negation windows and hedge scope.

Negation: a negator governs the cue after it (English/Romance) or before it (Japanese;
German both ways) within a short window. Modal hedges ("could", "expected") govern the
cues after them up to the next comma; predicate hedges ("looks likely") and Japanese hedges
also what comes before them; rumour words ("leak", "insider", "voci"), conditionals ("if")
and questions doubt the whole clause.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from pipeline.classifier.cues import Hit
from pipeline.classifier.seasons import SeasonRef

# Normalised-character windows for negation scope.
PRE_WINDOW = 28
POST_WINDOW = 30
JA_PRE_WINDOW = 1     # 未発表
JA_POST_WINDOW = 16   # 発表は行われていません
# German negation closes the clause ("... gibt es bislang nicht"); elsewhere a both-ways
# negator follows closely ("an official announcement is yet to arrive").
BOTH_POST_WINDOW = {"de": 200, "ru": 80}
# "neither renewed nor cancelled", "weder eine Verlängerung noch eine Absetzung": the first
# word of a correlative pair negates the whole list after it.
CORRELATIVE_NEGATORS = frozenset({"neither", "weder", "nem", "ni"})
CORRELATIVE_WINDOW = 90
PLANS_WINDOW = 25     # "no plans", "aren't any official plans", "n'ont de plans"
NEG_TARGET_WINDOW = 14  # "never had season 2", "keine zweite Staffel", "no sequel"
CONFIRM_CONCERNS = ("confirm", "renew")
# Non-season continuations ("adapt": a derived work "will be adapted into" anime).
PROJECT_CONCERNS = ("film", "ova", "spinoff", "remake", "adapt")
# Past-tense release words: a film that "was released" is history, not a new project.
PAST_RELEASE = frozenset({"released", "aired", "premiered", "debuted", "launched", "dropped",
                          "streamed", "grossed", "hit", "opened"})
# "Official" as an adjective of a date or of plans ("an official release date has not been
# confirmed", "no official plans"): not a confirmation by itself.
OFFICIAL_ADJECTIVES = frozenset({"official", "oficial", "ufficiale", "ufficiali", "offiziell",
                                 "offiziellen", "officiel", "officielle", "oficiales",
                                 "公式", "正式"})
# Nouns of renewal: "no renewal announcement" is open (rumor), "was not renewed" is an end.
RENEWAL_NOUNS = frozenset({"renewal", "renewals", "renovacao", "renovacion", "rinnovo",
                           "renouvellement", "verlangerung"})
# Hedges that qualify what comes before them too ("a renewal looks likely"); Japanese puts
# every hedge after the verb ("発表される可能性がある").
PREDICATE_HEDGES = frozenset({"likely", "unlikely", "possible", "probable", "possibly", "probably",
                              "uncertain", "unclear", "wahrscheinlich", "moglich", "probabile",
                              "possibile", "posible", "provavel", "possivel", "muhtemel",
                              "mungkin", "improbable", "impossible"})
# Auxiliaries of the present perfect: "has not renewed", "no ha renovado" leave the future
# open. (The German, French and Italian compound past is their plain past: "hat die Serie
# nicht verlängert" = "did not renew"; their "not yet" words still open it.)
PERFECT_AUX = frozenset({"has", "have", "hasn", "haven", "been", "ha", "han", "tem", "sido"})
# Words that tie an ending to a season: "ends after season 1", "endet nach der ersten Staffel".
AFTER_WORDS = frozenset({"after", "with", "in", "at", "nach", "mit", "dopo", "con", "nella", "alla",
                         "despues", "tras", "en", "apres", "avec", "a", "apos", "com", "na", "no"})


# Season nouns inside a final-run hit ("eighth and final season", "finale Staffel", 最終シーズン).
SEASON_WORD_RE = re.compile(r"season|staffel|stagione|temporada|saison|seizoen|sezon|sasong"
                            r"|musim|シーズン|期|시즌")

_EMPTY: list[Hit] = []
# The empty result of a concern lookup (shared: never modify it).
NO_HITS = _EMPTY


def _start(hit: Hit) -> int:
    return hit.start


@dataclass(slots=True)
class Claim:
    """One thing a clause says; resolved against the baseline in :mod:`decide`."""

    kind: str
    season: int | None
    sentence: int                   # index into the article's sentence list
    cues: tuple[Hit, ...] = ()      # the cue hits that decided (one per phrase), for the reason
    confirmed: bool = False         # a positive announce/confirm/release cue
    strong: bool = False            # announce/confirm/renew (not only a release cue)
    renew_verb: bool = False        # "renewed", "続編制作": a continuation by itself
    parts: bool = False             # "Part 2", "2nd cour": a split of a season
    project: bool = False           # about a film/OVA/spin-off, not a TV season
    subkind: str = ""               # cancel | no_more | conclude | film | ...
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class ClauseView:
    """The cue hits and season numbers of one clause."""

    hits: list[Hit]
    seasons: list[SeasonRef]
    question: bool
    mentions_title: bool
    headline: bool = False
    commas: list[int] = field(default_factory=list)  # normalised positions of commas
    norm: str = ""  # the whole normalised field, for looking around a cue
    concessive: bool = False  # opens with "although"/"obwohl": a conceded fact, not news

    def __post_init__(self) -> None:
        self.by: dict = {}  # concern -> hits; read with by.get(concern, NO_HITS)
        self._build()

    def _build(self) -> None:
        index: dict = {}
        for h in self.hits:
            hits = index.get(h.concern)
            if hits is None:
                index[h.concern] = [h]
            else:
                hits.append(h)
        self.by = index

    def set_hits(self, hits: list[Hit]) -> None:
        """Replace the hits (and the concern index)."""
        self.hits = hits
        self._build()

    def of(self, *concerns: str) -> list[Hit]:
        """Hits of the given concerns, in text order (a shared list: do not modify it)."""
        index = self.by
        if len(concerns) == 1:
            return index.get(concerns[0], _EMPTY)
        cached = index.get(concerns)
        if cached is None:
            present = [index[c] for c in concerns if c in index]
            if not present:
                cached = _EMPTY
            elif len(present) == 1:
                cached = present[0]
            else:
                cached = sorted((h for hits in present for h in hits), key=_start)
            index[concerns] = cached
        return cached

    def segment(self, pos: int) -> int:
        """Index of the comma segment holding a normalised position."""
        return bisect_right(self.commas, pos)


def negated(cue: Hit, negators: list[Hit], double: list[Hit]) -> bool:
    """Whether a negator governs ``cue`` (see the module docstring)."""
    if any(d.end <= cue.start for d in double):
        return False
    for n in negators:
        if n.concern in ("negation", "negation_both") and n.end <= cue.start:
            window = (JA_PRE_WINDOW if n.lang == "ja" else CORRELATIVE_WINDOW
                      if n.text in CORRELATIVE_NEGATORS else PRE_WINDOW)
            if cue.start - n.end <= window:
                return True
        if n.concern in ("negation_post", "negation_both") and n.start >= cue.end:
            if n.lang == "ja":
                window = JA_POST_WINDOW
            elif n.concern == "negation_both":
                window = BOTH_POST_WINDOW.get(n.lang, 12)
            else:
                window = POST_WINDOW
            if n.start - cue.end <= window:
                return True
    return False


def wide_doubt(view: ClauseView) -> bool:
    """A question, a rumour word, speculation or a condition doubts the whole clause."""
    index = view.by
    return bool(view.question or "rumor" in index or "speculative" in index
                or "open" in index or "conditional" in index)


# Probability words: a page that estimates the chances of a continuation, in either
# direction, leaves it open (normalised stems of hedge hits).
ESTIMATE_STEMS = ("chance", "odds", "probabil", "likelihood", "unlikely", "percent",
                  "posibilidad", "possibilit", "wahrscheinlichkeit", "possibilidade", "可能性",
                  "確率", "шанс", "вероятност", "kha nang", "co hoi")


def estimates(hits: list[Hit]) -> bool:
    """Whether hits estimate chances ("the odds of a season 3 are 2%", 可能性は5%以下)."""
    return any(h.text.startswith(ESTIMATE_STEMS) for h in hits
               if h.concern in ("hedge", "speculative", "open"))


def opens_question(view: ClauseView) -> bool:
    """Real doubt about a continuation: a hedge, a rumour word or openness ("not ruled
    out"); not a bare question, a negated announcement or the genre wording of a page
    ("everything we know")."""
    index = view.by
    return "hedge" in index or "rumor" in index or "open" in index


def hedged(cue: Hit, view: ClauseView) -> bool:
    """Doubted by the clause, or by a hedge governing it in the same comma segment.

    A modal hedge governs what follows it; predicate hedges ("looks likely") and Japanese
    hedges also govern what precedes them.
    """
    if wide_doubt(view):
        return True
    hedges = view.by.get("hedge", NO_HITS)
    if not hedges:
        return False
    seg = view.segment(cue.start)
    for h in hedges:
        if view.segment(h.start) != seg:
            continue
        if h.start < cue.start or h.lang == "ja" or h.text in PREDICATE_HEDGES:
            return True
    return False


def about_medium_only(view: ClauseView) -> bool:
    """A clause about another medium ("as the manga nears its final chapter"): a manga or
    novel word, no anime word, and no series or continuation word of its own ("原作の最終話
    までを描いてシリーズ完結" speaks of the series; "the manga series" does not)."""
    media = view.by.get("other_media", NO_HITS)
    if not media or view.by.get("anime", NO_HITS):
        return False

    def beside_medium(h: Hit) -> bool:
        return any(abs(h.start - m.end) <= 3 or abs(m.start - h.end) <= 3 for m in media)

    own = [h for h in view.of("series", "anaphor", "relative") if not beside_medium(h)]
    # "the eighth and final season adapts the manga's ending", "原作の最終話までを描き切って":
    # a season run or the anime's drawing act is about the anime
    own += [h for h in view.of("final", "complete")
            if h.concern == "complete" or SEASON_WORD_RE.search(h.text)]
    return not own
