"""Per-clause claims: what one clause says about the title's continuation.

A clause (a sentence cut at contrast words such as "but", "however", "pero", "しかし")
yields at most a few :class:`Claim` objects from its cue hits and season numbers:

* ``live``     a live-action work: the match is something else;
* ``ended``    cancellation, "no plans", "will not return", the series concludes;
* ``project``  a film/OVA/special/spin-off/remake, announced or dated;
* ``final``    a final season (renewal or ending, decided later against the baseline);
* ``renew``    a TV season or sequel announced, confirmed or dated;
* ``rumor``    any of the above hedged, questioned, reported by leakers, or negated
               ("has not been renewed yet");
* ``target``   a future season named with no cue either way;
* ``noncont``  franchise activity that continues nothing (re-run, dub, Blu-ray, manga, game).

Negation: a negator applies to the cue that follows it (English/Romance) or precedes it
(Japanese; German both ways) within a short window. Hedges apply to the cues after them;
rumour words ("leak", "insider", "voci") and questions doubt the whole clause.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.classifier.cues import Hit
from pipeline.classifier.seasons import SeasonRef

# Normalised-character windows for negation scope.
PRE_WINDOW = 40
POST_WINDOW = 30
JA_PRE_WINDOW = 1     # 未発表
JA_POST_WINDOW = 16   # 発表は行われていません
CONFIRM_CONCERNS = ("confirm", "renew")
# Past-tense release words: a film that "was released" is history, not a new project.
PAST_RELEASE = frozenset({"released", "aired", "premiered", "debuted", "launched", "dropped",
                          "streamed", "grossed", "hit", "opened"})


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
    subkind: str = ""               # cancel | no_more | conclude | not_renewed ...
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class ClauseView:
    """The cue hits and season numbers of one clause."""

    hits: list[Hit]
    seasons: list[SeasonRef]
    question: bool
    mentions_title: bool

    def of(self, *concerns: str) -> list[Hit]:
        return [h for h in self.hits if h.concern in concerns]


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
            window = JA_POST_WINDOW if n.lang == "ja" else POST_WINDOW
            if n.start - cue.end <= window:
                return True
    return False


def _hedged(cue: Hit, view: ClauseView) -> bool:
    if view.question or view.of("rumor", "speculative"):
        return True
    return any(h.start < cue.start for h in view.of("hedge"))


def analyse_clause(view: ClauseView, sentence: int) -> list[Claim]:
    """Claims of one clause."""
    if view.of("live_action"):
        return [Claim("live", None, sentence, _phrases(view.of("live_action")))]
    negators = view.of("negation", "negation_both", "negation_post")
    double = view.of("double_negation")

    def neg(h: Hit) -> bool:
        return _negated(h, negators, double)

    confirms = view.of(*CONFIRM_CONCERNS)
    releases = view.of("release")
    conf_pos = [h for h in confirms if not neg(h) and not _hedged(h, view)]
    rel_pos = [h for h in releases if not neg(h) and not _hedged(h, view)]
    doubted = [h for h in confirms + releases if neg(h) or _hedged(h, view)]
    any_hedge = bool(view.question or view.of("hedge", "rumor", "speculative"))

    seasons = [r.number for r in view.seasons if r.kind == "season"]
    number = max(seasons) if seasons else None
    parts = any(r.kind == "part" for r in view.seasons)
    projects = view.of("film", "ova", "spinoff", "remake")
    relative = view.of("relative")
    finals = [h for h in view.of("final") if not neg(h)]
    renew_verbs = view.of("renew")
    if view.of("arc") and conf_pos:
        relative = relative + view.of("arc")

    ended = _ended_hits(view, neg, number, finals, any_hedge)
    if ended:
        kind = "rumor" if (view.question or view.of("rumor", "speculative")) else "ended"
        subkind = ended[0].concern
        return [Claim(kind, number, sentence, _phrases(ended), project=bool(projects),
                      subkind=subkind)]

    claims: list[Claim] = []
    if projects:
        claims.extend(_project_claims(view, projects, conf_pos, rel_pos, doubted, any_hedge, sentence))
        if not seasons and not finals:
            relative = []  # "sequel film", 続編の劇場版: the sequel is the film
    if seasons or relative or finals or renew_verbs:
        cues = _phrases(conf_pos + rel_pos + finals + relative + renew_verbs)
        base = dict(sentence=sentence, parts=parts, renew_verb=bool(renew_verbs))
        if finals and not any_hedge:
            claims.append(Claim("final", number, cues=cues, confirmed=bool(conf_pos or rel_pos),
                                strong=bool(conf_pos), **base))
        elif conf_pos or rel_pos:
            claims.append(Claim("renew", number, cues=cues, confirmed=True, strong=bool(conf_pos),
                                **base))
        elif doubted or any_hedge:
            claims.append(Claim("rumor", number, cues=_phrases(doubted + view.of("hedge", "rumor")) or cues,
                                **base))
        elif seasons or finals:
            claims.append(Claim("target", number, cues=cues, **base))
    noncont = view.of("rebroadcast", "home_video", "dub", "compilation")
    if noncont and not claims:
        claims.append(Claim("noncont", number, sentence, _phrases(noncont)))
    return claims


def _ended_hits(view: ClauseView, neg, number: int | None, finals: list[Hit],
                any_hedge: bool) -> list[Hit]:
    """Cues that say the show (or its announced continuation) is over."""
    out = [h for h in view.of("cancel") if not neg(h)]
    out += view.of("no_more")
    out += [h for h in view.of("plans") if neg(h)]
    not_yet = view.of("not_yet")
    if not not_yet and not any_hedge:
        out += [h for h in view.of("renew") if neg(h)]  # "was not renewed"
    series_subject = view.of("series", "anaphor") or view.mentions_title
    other_medium = view.of("other_media") and not view.of("anime")
    if series_subject and not other_medium and not (number and not finals):
        out += [h for h in view.of("conclude") if not neg(h)]
    if finals and any(h.concern == "conclude" for h in out) and not view.of("cancel", "no_more"):
        return []  # "comes to an end with a third and final season": let the final claim decide
    return out


def _project_claims(view: ClauseView, projects: list[Hit], conf_pos: list[Hit], rel_pos: list[Hit],
                    doubted: list[Hit], any_hedge: bool, sentence: int) -> list[Claim]:
    kinds = {h.concern for h in projects}
    if view.of("compilation"):
        return [Claim("noncont", None, sentence, _phrases(view.of("compilation")))]
    if view.of("rebroadcast", "home_video", "dub") and "ova" not in kinds:
        return [Claim("noncont", None, sentence, _phrases(view.of("rebroadcast", "home_video", "dub")))]
    if view.of("other_media") and not view.of("anime") and not kinds & {"film", "ova"}:
        return [Claim("noncont", None, sentence, _phrases(view.of("other_media")))]
    rel_pos = [h for h in rel_pos if h.text not in PAST_RELEASE]
    cues = _phrases(projects + conf_pos + rel_pos)
    if conf_pos or rel_pos:
        return [Claim("project", None, sentence, cues, confirmed=True, strong=bool(conf_pos),
                      project=True, subkind=sorted(kinds)[0])]
    if doubted or any_hedge:
        return [Claim("rumor", None, sentence, _phrases(doubted) or cues, project=True)]
    return []


def _phrases(hits: list[Hit]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for h in hits:
        seen.setdefault(h.phrase.rstrip("*"), None)
    return tuple(seen)
