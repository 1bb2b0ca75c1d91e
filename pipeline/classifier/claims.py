"""Per-clause claims: what one clause says about the title's continuation.

A clause (a sentence cut at contrast words such as "but", "however", "pero", "しかし", at
semicolons and at colons in body text) yields a few :class:`Claim` objects from its cue
hits and season numbers:

* ``live``     a live-action work: the match is something else;
* ``ended``    cancellation, "no plans", "will not return", "never got a season 2", the
               series concludes (after season N);
* ``project``  a film/OVA/special/spin-off/remake, announced, dated or stated as coming;
* ``final``    a final season (renewal or ending, decided later against the baseline);
* ``renew``    a TV season or sequel announced, confirmed, returning or dated;
* ``rumor``    any of the above hedged, questioned, reported by leakers, planned, or
               negated ("has not been renewed yet");
* ``target``   a future season named with no cue either way;
* ``noncont``  franchise activity that continues nothing (re-run, dub, Blu-ray, manga, game);
* ``affirm``   official wording without an object (backs a headline that names one).

Negation: a negator governs the cue after it (English/Romance) or before it (Japanese;
German both ways) within a short window. Modal hedges ("could", "expected") govern the
cues after them up to the next comma; rumour words ("leak", "insider", "voci"),
conditionals ("if") and questions doubt the whole clause.
"""

from __future__ import annotations

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
BOTH_POST_WINDOW = {"de": 200}
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
# Auxiliaries of the present perfect: "has not renewed" leaves the future open.
PERFECT_AUX = frozenset({"has", "have", "hasn", "haven", "ha", "han", "hanno", "hat", "haben",
                         "tem",
                         "a", "ont", "e", "sido", "been"})
# Words that tie an ending to a season: "ends after season 1", "endet nach der ersten Staffel".
AFTER_WORDS = frozenset({"after", "with", "in", "at", "nach", "mit", "dopo", "con", "nella", "alla",
                         "despues", "tras", "en", "apres", "avec", "a", "apos", "com", "na", "no"})


@dataclass
class Claim:
    """One thing a clause says; resolved against the baseline in :mod:`decide`."""

    kind: str
    season: int | None
    sentence: int                   # index into the article's sentence list
    cues: tuple[str, ...] = ()      # the phrases that decided, for the reason
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

    def __post_init__(self) -> None:
        self._index: dict[str, list[Hit]] | None = None

    def set_hits(self, hits: list[Hit]) -> None:
        """Replace the hits (and the concern index)."""
        self.hits = hits
        self._index = None

    def of(self, *concerns: str) -> list[Hit]:
        """Hits of the given concerns, in text order."""
        if self._index is None:
            index: dict[str, list[Hit]] = {}
            for h in self.hits:
                index.setdefault(h.concern, []).append(h)
            self._index = index
        if len(concerns) == 1:
            return list(self._index.get(concerns[0], ()))
        cached = self._index.get(concerns)  # type: ignore[call-overload]
        if cached is None:
            cached = [h for c in concerns for h in self._index.get(c, ())]
            cached.sort(key=lambda h: h.start)
            self._index[concerns] = cached  # type: ignore[index]
        return list(cached)

    def segment(self, pos: int) -> int:
        """Index of the comma segment holding a normalised position."""
        return bisect_right(self.commas, pos)


def _negated(cue: Hit, negators: list[Hit], double: list[Hit]) -> bool:
    """Whether a negator governs ``cue`` (see the module docstring)."""
    if any(d.end <= cue.start for d in double):
        return False
    for n in negators:
        if n.concern in ("negation", "negation_both") and n.end <= cue.start:
            window = JA_PRE_WINDOW if n.lang == "ja" else PRE_WINDOW
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


def _wide_doubt(view: ClauseView) -> bool:
    return bool(view.question or view.of("rumor", "speculative", "conditional"))


def _hedged(cue: Hit, view: ClauseView) -> bool:
    """Doubted by the clause, or by a hedge governing it in the same comma segment.

    A modal hedge governs what follows it; predicate hedges ("looks likely") and Japanese
    hedges also govern what precedes them.
    """
    if _wide_doubt(view):
        return True
    seg = view.segment(cue.start)
    for h in view.of("hedge"):
        if view.segment(h.start) != seg:
            continue
        if h.start < cue.start or h.lang == "ja" or h.text in PREDICATE_HEDGES:
            return True
    return False


# Concerns without which a clause can say nothing about continuation.
DECISIVE_CONCERNS = frozenset({
    "confirm", "renew", "return", "cancel", "no_more", "plans", "conclude", "farewell", "relative",
    "film", "ova", "spinoff", "remake", "adapt", "final", "live_action", "rebroadcast",
    "home_video",
    "dub", "compilation", "arc", "negation", "negation_both", "negation_post",
})


def analyse_clause(view: ClauseView, sentence: int) -> list[Claim]:
    """Claims of one clause."""
    if not view.seasons and not any(h.concern in DECISIVE_CONCERNS for h in view.hits):
        return []
    if view.of("live_action"):
        return [Claim("live", None, sentence, _phrases(view.of("live_action")))]
    _drop_official_adjectives(view)
    _drop_denied_targets(view)
    if _drop_background(view):
        return [Claim("noncont", None, sentence, _phrases(view.of("background")),
                      subkind="background")]
    negators = view.of("negation", "negation_both", "negation_post")
    double = view.of("double_negation")

    def neg(h: Hit) -> bool:
        return _negated(h, negators, double)

    seasons = [r.number for r in view.seasons if r.kind == "season"]
    number = max(seasons) if seasons else None
    projects = view.of(*PROJECT_CONCERNS)
    finals = [h for h in view.of("final") if not neg(h)]
    if view.of("other_media") and not view.of("anime") and number is None:
        finals = []  # "as the manga nears its final chapter"
    any_hedge = bool(_wide_doubt(view) or view.of("hedge"))
    ended = _ended_hits(view, neg, number, finals, any_hedge)
    if ended:
        kind = "rumor" if _wide_doubt(view) else "ended"
        return [Claim(kind, number, sentence, _phrases(ended), project=bool(projects),
                      subkind=ended[0].concern)]
    ev = _evidence(view, neg)
    relative = view.of("relative")
    if view.of("arc") and any(h.concern in CONFIRM_CONCERNS for h in ev.conf_pos):
        relative = relative + view.of("arc")
    claims: list[Claim] = []
    if projects:
        claims.extend(_project_claims(view, projects, ev, relative, neg, sentence))
        if not seasons and not finals:
            relative = []  # "sequel film", 続編の劇場版: the sequel is the film
    parts = any(r.kind == "part" for r in view.seasons)
    if seasons or relative or finals or parts or view.of("renew"):
        claims.extend(_tv_claims(view, number, relative, finals, ev, sentence))
    noncont = view.of("rebroadcast", "home_video", "dub", "compilation")
    if noncont and not claims:
        claims.append(Claim("noncont", number, sentence, _phrases(noncont)))
    strong = [h for h in ev.conf_pos if h.concern in CONFIRM_CONCERNS]
    if strong and not claims:
        # An official word with no object here ("it's official: the show returns"): it
        # backs a headline that names what was announced.
        claims.append(Claim("affirm", None, sentence, _phrases(strong), confirmed=True,
                            strong=True))
    return claims


@dataclass
class _Evidence:
    conf_pos: list[Hit]   # confirmations that stand
    rel_pos: list[Hit]    # release cues that stand
    doubted: list[Hit]    # confirmations/releases negated or hedged
    any_hedge: bool


def _evidence(view: ClauseView, neg) -> _Evidence:
    """Which confirmation and release cues stand in this clause."""
    confirms = view.of(*CONFIRM_CONCERNS, "return")
    releases = view.of("release") if view.headline else view.of("release", "release_date")
    any_hedge = bool(_wide_doubt(view) or view.of("hedge"))
    conf_pos = [h for h in confirms if not neg(h) and not _hedged(h, view)]
    doubted = [h for h in confirms + releases if neg(h) or _hedged(h, view)]
    # A release word is weak evidence: a hedge, or a negated confirmation ("an official
    # release date has not been confirmed"), anywhere in the clause voids it.
    negated_confirm = any(neg(h) for h in confirms)
    rel_pos = [h for h in releases if not neg(h) and not any_hedge and not negated_confirm]
    targets = view.of(*PROJECT_CONCERNS, "relative", "final")
    targets += [_as_hit(r) for r in view.seasons]
    if targets:
        # a release word dates the thing named in its own comma segment ("Aragoto aired in
        # 2015, and ... a third season" dates nothing about a third season)
        target_segs = {view.segment(t.start) for t in targets}
        rel_pos = [h for h in rel_pos if view.segment(h.start) in target_segs]
    hedged_targets = [t for t in targets if _hedged(t, view)]
    if hedged_targets:
        # "is considering a series of spin-offs", "likely that a third season is in the works":
        # a confirmation counts only for an unhedged target in its own comma segment.
        free = {view.segment(t.start) for t in targets if t not in hedged_targets}
        conf_pos = [h for h in conf_pos if view.segment(h.start) in free]
        rel_pos = [h for h in rel_pos if view.segment(h.start) in free]
        any_hedge = any_hedge or not (conf_pos or rel_pos)
    return _Evidence(conf_pos, rel_pos, doubted, any_hedge)


def _drop_denied_targets(view: ClauseView) -> None:
    """"Instead of a second season", "not a third season, but ...": drop denied targets."""
    denials = view.of("not_a")
    if not denials:
        return

    def denied(start: int) -> bool:
        return any(d.end <= start and view.segment(d.start) == view.segment(start) for d in denials)

    view.seasons = [r for r in view.seasons if not denied(r.start)]
    view.set_hits([h for h in view.hits if not (
        h.concern in ("relative", *PROJECT_CONCERNS) and denied(h.start))])


def _drop_background(view: ClauseView) -> bool:
    """Remove announcements told as background ("we reported that it had been renewed").

    Returns True when that leaves the clause with nothing but background.
    """
    background = view.of("background")
    if not background:
        return False
    segs = {view.segment(h.start) for h in background}
    news = ("confirm", "renew", "return", "release", "release_date", "cancel")
    dropped = [h for h in view.hits if h.concern in news and view.segment(h.start) in segs]
    view.set_hits([h for h in view.hits if h not in dropped])
    return bool(dropped) and not view.of(*news)


def _as_hit(ref: SeasonRef) -> Hit:
    return Hit("season", "", ref.start, ref.end, "season", "")


def _tv_claims(view: ClauseView, number: int | None, relative: list[Hit], finals: list[Hit],
               ev: _Evidence, sentence: int) -> list[Claim]:
    renew_verbs = view.of("renew")
    cues = _phrases(ev.conf_pos + ev.rel_pos + finals + relative + renew_verbs)
    strong = any(h.concern in CONFIRM_CONCERNS for h in ev.conf_pos)
    part_numbers = [r.number for r in view.seasons if r.kind == "part"]
    base = {"sentence": sentence, "renew_verb": bool(renew_verbs), "parts": bool(part_numbers),
            "extra": {"part": max(part_numbers)} if part_numbers else {}}
    if finals and not _wide_doubt(view):
        return [Claim("final", number, cues=cues, confirmed=bool(ev.conf_pos or ev.rel_pos),
                      strong=strong, **base)]
    if ev.conf_pos or ev.rel_pos:
        return [Claim("renew", number, cues=cues, confirmed=True, strong=strong, **base)]
    if ev.doubted or ev.any_hedge or view.of("plans"):
        doubt = _phrases(ev.doubted + view.of("hedge", "rumor", "conditional", "plans")) or cues
        return [Claim("rumor", number, cues=doubt, **base)]
    if number is not None or finals:
        return [Claim("target", number, cues=cues, **base)]
    return []


def _drop_official_adjectives(view: ClauseView) -> None:
    """Remove "official" when it only qualifies a date or plans."""
    heads = view.of("release", "release_date", "plans")
    view.set_hits([h for h in view.hits if not (
        h.concern == "confirm" and h.text in OFFICIAL_ADJECTIVES
        and any(0 <= o.start - h.end <= 3 for o in heads))])


def _ended_hits(view: ClauseView, neg, number: int | None, finals: list[Hit],
                any_hedge: bool) -> list[Hit]:
    """Cues that say the show (or its announced continuation) is over."""
    if view.of("other_media") and not view.of("anime") and number is None:
        return []  # "the manga was cancelled" says nothing about the anime
    out = [h for h in view.of("cancel") if not neg(h)]
    out += view.of("no_more")
    out += _negated_plans(view)
    open_ended = bool(view.of("not_yet")) or any_hedge
    if not open_ended:
        # "was not renewed", "won't be returning" (not "no renewal announcement yet", not
        # "has not renewed", which leaves the future open)
        out += [h for h in view.of("renew", "return") if neg(h) and h.text not in RENEWAL_NOUNS
                and not _perfect(view, h)]
        out += _negated_targets(view)
    series_subject = view.of("series", "anaphor") or view.mentions_title
    media = view.of("other_media")

    def about_medium(h: Hit) -> bool:  # "原作は完結", "the manga concluded"
        return any(0 <= h.start - m.end <= (4 if m.lang == "ja" else 14) for m in media)

    for h in view.of("conclude"):
        if neg(h) or not series_subject or about_medium(h):
            continue
        if number is None or finals or _ends_after_season(view, h):
            out.append(h)
    out += [h for h in view.of("farewell") if not neg(h) and not about_medium(h)]
    if finals and any(h.concern == "conclude" for h in out) and not view.of("cancel", "no_more"):
        return []  # "comes to an end with a third and final season": let the final claim decide
    return out


def _perfect(view: ClauseView, cue: Hit) -> bool:
    """Whether an auxiliary of the present perfect sits between negation and ``cue``."""
    window = view.norm[max(0, cue.start - 30):cue.start].split()
    return any(w in PERFECT_AUX for w in window[-4:])


def _negated_plans(view: ClauseView) -> list[Hit]:
    """"no plans", "aren't any official plans" (not "has yet to announce release plans")."""
    negators = view.of("negation", "negation_both")
    verbs = [c for c in view.of("confirm", "release", "release_date")
             if c.text not in OFFICIAL_ADJECTIVES]
    post = view.of("negation_post")
    out = []
    for h in view.of("plans"):
        if any(0 <= n.start - h.end <= JA_POST_WINDOW for n in post):
            out.append(h)  # 予定はない, 予定は公表されていません
            continue
        for n in negators:
            if 0 <= h.start - n.end <= PLANS_WINDOW and not any(
                    n.end <= c.start < h.start for c in verbs):
                out.append(h)
                break
    return out


def _negated_targets(view: ClauseView) -> list[Hit]:
    """"never had a season 2", "confirmed there is no continuation", "keine zweite Staffel".

    Not when an announcement verb follows the target ("no season 2 has been announced yet":
    open, a rumor) or plans are the subject.
    """
    if view.of("plans"):
        return []
    verbs = view.of("confirm", "release", "release_date", "return", "renew")
    negators = [n for n in view.of("negation", "negation_both") if n.lang != "ja"]
    targets = [(r.start, r.end) for r in view.seasons if r.kind == "season"]
    targets += [(h.start, h.end) for h in view.of("relative")]
    out = []
    for n in negators:
        for start, end in targets:
            if 0 <= start - n.end <= NEG_TARGET_WINDOW and not any(
                    v.start >= end or n.end <= v.start < start for v in verbs):
                out.append(Hit("no_more", n.lang, n.start, end, "no season", n.text))
    return out[:1]


def _ends_after_season(view: ClauseView, cue: Hit) -> bool:
    """"ends after the first season": an after/with word, then a season number."""
    if not any(0 <= r.start - cue.end <= 30 for r in view.seasons if r.kind == "season"):
        return False
    return any(w in AFTER_WORDS for w in view.norm[cue.end:cue.end + 24].split()[:3])


def _project_claims(view: ClauseView, projects: list[Hit], ev: _Evidence, relative: list[Hit],
                    neg, sentence: int) -> list[Claim]:
    media = view.of("other_media")
    own = [p for p in projects if p.concern == "adapt" or not any(
        abs(p.start - m.end) <= 3 or abs(m.start - p.end) <= 3 for m in media)]
    if not own:
        # "a manga spin-off", "スピンオフ漫画", "mobile game remake": another medium
        return [Claim("noncont", None, sentence, _phrases(media))]
    projects = own
    kinds = {h.concern for h in projects}
    if view.of("compilation"):
        return [Claim("noncont", None, sentence, _phrases(view.of("compilation")))]
    if view.of("rebroadcast", "home_video", "dub") and "ova" not in kinds:
        cues = _phrases(view.of("rebroadcast", "home_video", "dub"))
        return [Claim("noncont", None, sentence, cues)]
    if view.of("other_media") and not view.of("anime") and not kinds & {"film", "ova"}:
        return [Claim("noncont", None, sentence, _phrases(view.of("other_media")))]
    rel_pos = [h for h in ev.rel_pos if h.text not in PAST_RELEASE]
    future = [h for h in view.of("future", "adapt") if not neg(h) and not _hedged(h, view)]
    backing = ev.conf_pos + rel_pos + ([] if ev.any_hedge else future)
    if not backing and relative and not ev.any_hedge and not view.of("negation", "negation_both"):
        backing = relative  # "the sequel is two films": stated, not hedged
    cues = _phrases(projects + backing)
    if backing:
        return [Claim("project", None, sentence, cues, confirmed=True, project=True,
                      strong=any(h.concern in CONFIRM_CONCERNS for h in ev.conf_pos),
                      subkind=sorted(kinds)[0])]
    if ev.doubted or ev.any_hedge:
        return [Claim("rumor", None, sentence, _phrases(ev.doubted) or cues, project=True)]
    return []


def _phrases(hits: list[Hit]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for h in hits:
        seen.setdefault(h.phrase.rstrip("*"), None)
    return tuple(seen)
