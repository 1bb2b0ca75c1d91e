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

import re
from dataclasses import dataclass

from pipeline.classifier.clause import (
    CONFIRM_CONCERNS,
    NO_HITS,
    PAST_RELEASE,
    PROJECT_CONCERNS,
    RENEWAL_NOUNS,
    Claim,
    ClauseView,
    about_medium_only,
    hedged,
    negated,
    opens_question,
    wide_doubt,
)
from pipeline.classifier.cues import Hit
from pipeline.classifier.endings import ended_hits, finale_hits
from pipeline.classifier.prune import (
    drop_aired_runs,
    drop_background,
    drop_denied_targets,
    drop_format_alternatives,
    drop_official_adjectives,
    drop_time_references,
)
from pipeline.classifier.seasons import SeasonRef

__all__ = ["DECISIVE_CONCERNS", "Claim", "ClauseView", "analyse_clause"]

# Without a season number or a question, a clause makes a claim only with one of these;
# bare targets (film, sequel, arc...) and context words need one of them beside.
CLAIM_MAKERS = frozenset({
    "confirm", "renew", "return", "release", "release_date", "future", "adapt", "hedge",
    "rumor", "speculative", "open", "conditional", "negation", "negation_both", "negation_post",
    "plans", "cancel", "no_more", "conclude", "farewell", "final", "final_decl",
    "live_action", "rebroadcast", "home_video", "dub", "compilation", "background", "finale",
})
# Anime words that make a derived work into an anime (normalised): "the spin-off manga is
# getting its own TV anime". A bare "anime" usually names the parent series.
ANIME_ADAPTATION = frozenset({
    "tv anime", "anime adaptation", "own anime", "own tv anime", "tv anime adaptation",
    "adaptacion al anime", "adaptacion anime", "su propio anime", "adattamento anime",
    "trasposizione animata", "il suo anime", "adaptation en anime", "adaptation anime",
    "son propre anime", "anime adaption", "anime umsetzung", "eigenen anime",
    "adaptacao em anime", "adaptacao para anime", "seu proprio anime", "アニメ化", "tvアニメ化",
    "テレビアニメ化",
})
# Continuations that name a new run rather than the season running (normalised).
SEQUEL_NOUNS = frozenset({
    "sequel", "sequel series", "new series", "new anime series", "new tv series", "続編",
    "新シリーズ", "新作tvシリーズ", "新tvシリーズ", "续作", "seguito", "secuela", "sequencia",
    "suite", "fortsetzung", "nuova serie", "nueva serie", "nova serie", "neue serie",
    "nouvelle serie",
})
# No-more phrases that say the source is adapted to its end: beside a new project they
# describe the project ("a new anime that will adapt the manga from start to finish").
SOURCE_DONE = frozenset({"de principio a fin", "fully adapted", "adapted the entire",
                         "adapted the whole", "vollstandig adaptiert", "nothing left to adapt"})
# Concerns without which a clause can say nothing about continuation.
DECISIVE_CONCERNS = frozenset({
    "confirm", "renew", "return", "cancel", "no_more", "plans", "conclude", "farewell", "relative",
    "film", "ova", "spinoff", "remake", "adapt", "final", "final_decl", "live_action",
    "rebroadcast", "home_video", "dub", "compilation", "arc", "negation", "negation_both",
    "negation_post", "finale",
})


def analyse_clause(view: ClauseView, sentence: int) -> list[Claim]:
    """Claims of one clause; a rumour says whether it has real doubt (``extra["open"]``)."""
    claims = _analyse(view, sentence)
    for claim in claims:
        if claim.kind == "rumor":
            claim.extra["open"] = opens_question(view)
            claim.extra["denied"] = _denied(view)
        elif claim.kind == "ended":
            # said by the makers (confirmed, announced, cancelled) or only predicted by the page
            claim.extra["official"] = bool(view.by.get("cancel") or [
                h for h in view.of(*CONFIRM_CONCERNS) if not _negated_here(view, h)])
    return claims


def _negated_here(view: ClauseView, hit: Hit) -> bool:
    negators = view.of("negation", "negation_both", "negation_post")
    return negated(hit, negators, view.by.get("double_negation", NO_HITS))


def _denied(view: ClauseView) -> bool:
    """An announcement said not to have happened ("has not been confirmed")."""
    confirms = view.of(*CONFIRM_CONCERNS)
    if not confirms:
        return False
    negators = view.of("negation", "negation_both", "negation_post")
    double = view.by.get("double_negation", NO_HITS)
    return any(negated(h, negators, double) for h in confirms)


def _analyse(view: ClauseView, sentence: int) -> list[Claim]:
    if not view.seasons and not view.question:
        concerns = {h.concern for h in view.hits}
        if not concerns & DECISIVE_CONCERNS or not concerns & CLAIM_MAKERS:
            # nothing decisive, or only a bare target ("adventure films", "in the latest
            # arc") with nothing that announces, doubts, dates or ends it
            return []
    if view.by.get("live_action", NO_HITS):
        return [Claim("live", None, sentence, _phrases(view.by.get("live_action", NO_HITS)))]
    drop_official_adjectives(view)
    drop_denied_targets(view)
    drop_aired_runs(view)
    drop_time_references(view)
    drop_format_alternatives(view)
    if view.concessive and view.of(*CONFIRM_CONCERNS, "return", "release"):
        return [Claim("noncont", None, sentence, _phrases(view.by.get("contrast", NO_HITS)[:1]),
                      subkind="background")]
    if drop_background(view):
        return [Claim("noncont", None, sentence, _phrases(view.by.get("background", NO_HITS)),
                      subkind="background",
                      parts=any(r.kind == "part" for r in view.seasons))]
    negators = view.of("negation", "negation_both", "negation_post")
    double = view.by.get("double_negation", NO_HITS)

    def neg(h: Hit) -> bool:
        return negated(h, negators, double)

    seasons = [r.number for r in view.seasons if r.kind == "season"]
    number = max(seasons) if seasons else None
    projects = view.of(*PROJECT_CONCERNS)
    finals = [h for h in view.of("final", "final_decl") if not neg(h)]
    if number is None and about_medium_only(view):
        finals = []  # "as the manga nears its final chapter"
    any_hedge = bool(wide_doubt(view) or view.by.get("hedge", NO_HITS))
    ended = ended_hits(view, neg, number, finals, any_hedge)
    if ended and projects and all(h.concern in ("conclude", "farewell") or h.phrase in SOURCE_DONE
                                  for h in ended):
        # "the story is told to its end in two films", "un nuevo anime que adaptará de
        # principio a fin el manga": the project is the news
        ended = []
    if ended:
        kind = "rumor" if wide_doubt(view) else "ended"
        # "never got a season 2", "ended with a tease": true of the past, silent about the
        # future; speculation elsewhere in the article outweighs them
        weak = all(h.phrase == "no season" or h.concern == "conclude" for h in ended) and not [
            h for h in view.of(*CONFIRM_CONCERNS) if not neg(h)]  # "confirmed it will end"
        return [Claim(kind, number, sentence, _phrases(ended), project=bool(projects),
                      subkind=ended[0].concern, extra={"weak": weak})]
    ev = _evidence(view, neg)
    relative = view.by.get("relative", NO_HITS)
    arcs = [h for h in view.by.get("arc", NO_HITS) if not _source_arc(view.norm, h)]
    if arcs and any(h.concern in CONFIRM_CONCERNS for h in ev.conf_pos):
        relative = relative + arcs
    claims: list[Claim] = []
    returning = bool(view.of("renew", "return"))
    listed = False
    if projects:
        claims.extend(_project_claims(view, projects, ev, relative, neg, sentence))
        if not seasons and not finals:
            # "sequel film", 続編の劇場版, "coming back in a new anime": the project is the
            # vehicle; but "a new TV series and an OVA" lists two things
            relative = [r for r in relative if _listed_apart(view, r, projects)]
            returning = False
            listed = bool(relative)  # a TV series listed beside the project
    noncont = view.of("rebroadcast", "home_video", "dub", "compilation")
    if noncont and not seasons and not finals:
        # "returns to TV with a rebroadcast"; but "the film will be re-edited, and right after
        # the new TV series airs" lists a continuation in a segment of its own
        segs = {view.segment(h.start) for h in noncont}
        relative = [r for r in relative if listed and view.segment(r.start) not in segs]
        returning = False
    parts = any(r.kind == "part" for r in view.seasons)
    if seasons or relative or finals or parts or returning:
        tv = _tv_claims(view, number, relative, finals, ev, sentence)
        for claim in tv:
            claim.extra["listed"] = listed
        claims.extend(tv)
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
    # "a strong candidate for renewal": the noun names a target, it announces nothing
    confirms = [h for h in view.of(*CONFIRM_CONCERNS, "return") if h.text not in RENEWAL_NOUNS]
    releases = (view.by.get("release", NO_HITS) if view.headline
                else view.of("release", "release_date"))
    any_hedge = bool(wide_doubt(view) or view.by.get("hedge", NO_HITS))
    # (negated, hedged) once per cue
    c_flags = [(h, neg(h), any_hedge and hedged(h, view)) for h in confirms]
    r_flags = [(h, neg(h), any_hedge and hedged(h, view)) for h in releases]
    conf_pos = [h for h, n, hd in c_flags if not n and not hd]
    doubted = [h for h, n, hd in c_flags + r_flags if n or hd]
    # A release word is weak evidence: a hedge, or a negated confirmation ("an official
    # release date has not been confirmed"), anywhere in the clause voids it.
    negated_confirm = any(n for _h, n, _hd in c_flags)
    # "Season 3 release date" is the topic of SEO pages, not news: a date noun alone never
    # dates anything (only a doubt about it counts, "no release date yet")
    rel_pos = [h for h, n, _hd in r_flags if not n and not any_hedge and not negated_confirm
               and h.concern != "release_date"]
    targets = [*view.of(*PROJECT_CONCERNS, "relative", "final", "final_decl")]
    targets += [h for h in view.by.get("renew", NO_HITS) if h.text in RENEWAL_NOUNS]
    targets += [_as_hit(r) for r in view.seasons]
    if targets:
        # a release word dates the thing named in its own comma segment, or the subject
        # before an apposition ("X, a crossover film ..., will premiere in June"); not a
        # target after it ("Aragoto aired in 2015, and ... a third season")
        target_segs = {view.segment(t.start) for t in targets}
        # "the first trailer for X, the film of the popular anime, is out": a target in an
        # apposition is dated by the segment before it
        target_segs |= {view.segment(t.start) - 1 for t in targets if _in_apposition(view, t)}
        first_target = min(t.start for t in targets)
        rel_pos = [h for h in rel_pos if view.segment(h.start) in target_segs
                   or h.start > first_target]
    hedged_targets = [t for t in targets if hedged(t, view)] if any_hedge else []
    if hedged_targets:
        # "is considering a series of spin-offs", "likely that a third season is in the works":
        # a confirmation counts only for an unhedged target in its own comma segment.
        free = {view.segment(t.start) for t in targets if t not in hedged_targets}
        conf_pos = [h for h in conf_pos if view.segment(h.start) in free]
        rel_pos = [h for h in rel_pos if view.segment(h.start) in free]
        any_hedge = any_hedge or not (conf_pos or rel_pos)
    return _Evidence(conf_pos, rel_pos, doubted, any_hedge)


# Conjunctions that list separate things ("a new TV series and a new OVA", 新作TVシリーズと
# 新作OVA), normalised.
LIST_WORDS = frozenset({"and", "plus", "as well as", "e", "y", "und", "et", "sowie", "と", "及び",
                        "および", "そして", "에"})


_JA_LIST_RE = re.compile("と(?![ぁ-ゖ])|及び|および")


# Words before an arc that make it the source of something else ("characters from the
# Swordsmith Village arc", "aus dem ...-Arc"), normalised.
SOURCE_WORDS = frozenset({"from", "aus", "dall", "dal", "dalla", "desde", "depuis"})


def _source_arc(norm: str, arc: Hit) -> bool:
    return bool(SOURCE_WORDS & set(norm[max(0, arc.start - 40):arc.start].split()[-4:]))


def _listed_apart(view: ClauseView, target: Hit, projects: list[Hit]) -> bool:
    """Whether a continuation and the nearest project are listed as two things: joined by a
    list word, or the continuation in a comma segment of its own with its own verb ("the
    film will be re-edited, and right after the new TV series will air")."""
    norm = view.norm
    nearest = min(projects, key=lambda p: abs(p.start - target.start))
    seg = view.segment(target.start)
    if seg != view.segment(nearest.start) and not any(
            view.segment(p.start) == seg for p in projects) and any(
            view.segment(h.start) == seg for h in view.of("release", "confirm", "return")):
        return True
    lo, hi = sorted((target.end, nearest.start)) if target.start < nearest.start else sorted(
        (nearest.end, target.start))
    between = norm[lo:hi]
    if len(between) > 40:
        return False
    # と lists nouns ("新作TVシリーズと新作OVA"), not inside a verb ("続編となる")
    return any(w in LIST_WORDS for w in between.split()) or bool(_JA_LIST_RE.search(between))


# Future auxiliaries before a past participle ("will be released", "is set to be released").
FUTURE_AUX = frozenset({"will", "to", "shall", "sera", "verra", "wird", "werden", "vai", "va"})
# Articles that open an apposition ("X, the film of ...", "X, de bioscoopfilm van ...").
APPOSITION_ARTICLES = frozenset({"the", "a", "an", "de", "het", "een", "la", "le", "il", "lo", "el",
                                 "der", "die", "das", "o", "um", "uma", "un", "una", "une"})


def _future_aux(norm: str, hit: Hit) -> bool:
    return bool(FUTURE_AUX & set(norm[max(0, hit.start - 24):hit.start].split()[-3:]))


def _in_apposition(view: ClauseView, target: Hit) -> bool:
    """Whether a target's comma segment opens with an article (an apposition)."""
    seg = view.segment(target.start)
    if seg == 0:
        return False
    words = view.norm[view.commas[seg - 1]:target.start].split()
    return bool(words) and words[0] in APPOSITION_ARTICLES


def _as_hit(ref: SeasonRef) -> Hit:
    return Hit("season", "", ref.start, ref.end, "season", "")


def _tv_claims(view: ClauseView, number: int | None, relative: list[Hit], finals: list[Hit],
               ev: _Evidence, sentence: int) -> list[Claim]:
    renew_verbs = view.by.get("renew", NO_HITS)
    cues = _phrases(ev.conf_pos + ev.rel_pos + finals + relative + renew_verbs)
    strong = any(h.concern in CONFIRM_CONCERNS for h in ev.conf_pos)
    part_numbers = [r.number for r in view.seasons if r.kind == "part"]
    extra: dict[str, object] = {"part": max(part_numbers)} if part_numbers else {}
    final_part = any(_names_part(view.norm, h) for h in finals)
    # a sequel or a new series is not the season running ("new season", "new episodes" and
    # arc names may be)
    extra["sequel"] = any(h.text in SEQUEL_NOUNS for h in relative)
    base = {"sentence": sentence, "renew_verb": bool(renew_verbs),
            "parts": bool(part_numbers) or final_part, "extra": extra}
    if finals and not wide_doubt(view):
        # "will be the last", "concludes the series", "the third and final season" (an
        # apposition that counts the run), "the last episode of the final season" declare an
        # end; "the final season" as a name beside a date, trailer or part is news about it
        declared = bool(view.of("final_decl", "conclude", "farewell")
                        or any(ORDINAL_FINAL_RE.match(h.text) for h in finals)
                        or finale_hits(view, lambda h: False))
        base["extra"] = {**base["extra"], "declared": declared,
                         "promo": bool(ev.rel_pos or view.of("release", "release_date")),
                         "this": any(_demonstrative(view.norm, h) for h in finals)}
        return [Claim("final", _final_number(view, number, finals, declared), cues=cues,
                      confirmed=bool(ev.conf_pos or ev.rel_pos), strong=strong, **base)]
    if ev.conf_pos or ev.rel_pos:
        return [Claim("renew", number, cues=cues, confirmed=True, strong=strong, **base)]
    if ev.doubted or ev.any_hedge or view.by.get("plans", NO_HITS):
        doubt = _phrases(ev.doubted + view.of("hedge", "rumor", "conditional", "plans")) or cues
        return [Claim("rumor", number, cues=doubt, **base)]
    if number is not None or finals:
        return [Claim("target", number, cues=cues, **base)]
    return []


# "third and final season", "quarta e ultima stagione", "achte und finale Staffel": a final run
# counted in an apposition is declared the last one.
ORDINAL_FINAL_RE = re.compile(r"^\S+ (?:and|e|y|und|et|ve|i|och|en|dan) ")
# Demonstratives before a final run: "this final season" is the season just named.
DEMONSTRATIVES = frozenset({"this", "that", "cette", "ce", "questa", "quella", "esta", "essa",
                            "diese", "dieser", "deze", "この", "本"})


def _demonstrative(norm: str, hit: Hit) -> bool:
    before = norm[max(0, hit.start - 12):hit.start]
    words = before.split()
    return bool(words and words[-1] in DEMONSTRATIVES) or before.endswith(("この", "本"))


def _final_number(view: ClauseView, number: int | None, finals: list[Hit],
                  declared: bool) -> int | None:
    """The season a final claim is about: its own number ("third and final season"), a
    season named in the same comma segment ("Season 4 will be the final season"), or any
    season of a clause that declares an end; not a season that only dates the news ("after
    the last episode of season 3 aired, the final season was announced")."""
    if number is None or declared:
        return number
    own = [r.number for r in view.seasons if r.kind == "season"
           and any(view.segment(r.start) == view.segment(h.start) for h in finals)]
    return max(own) if own else None


# Words after "the last" / "final" that name a split of a season, not a season.
PART_NOUNS = frozenset({"part", "cour", "half", "parte", "teil", "partie", "metade", "meta",
                        "mitad", "クール", "後半", "部分"})


def _names_part(norm: str, hit: Hit) -> bool:
    """"will be the last part", "the final cour": a final that names a part of a season."""
    after = norm[hit.end:hit.end + 12].split()[:1]
    return bool(after) and after[0] in PART_NOUNS


def _project_claims(view: ClauseView, projects: list[Hit], ev: _Evidence, relative: list[Hit],
                    neg, sentence: int) -> list[Claim]:
    media = view.by.get("other_media", NO_HITS)
    own = [p for p in projects if p.concern == "adapt" or not any(
        abs(p.start - m.end) <= 3 or abs(m.start - p.end) <= 3 for m in media)]
    if not own:
        spinoffs = [p for p in projects if p.concern == "spinoff"]
        backing = ev.conf_pos + ev.rel_pos + view.by.get("future", NO_HITS)
        adaptation = [h for h in view.by.get("anime", NO_HITS) if h.text in ANIME_ADAPTATION]
        if spinoffs and adaptation and backing and not ev.any_hedge:
            # "the spin-off manga is getting its own TV anime", "スピンオフ小説のTVアニメ化が決定"
            return [Claim("project", None, sentence, _phrases(spinoffs + adaptation + backing),
                          confirmed=True, project=True, subkind="spinoff")]
        # "a manga spin-off", "スピンオフ漫画", "mobile game remake": another medium
        return [Claim("noncont", None, sentence, _phrases(media))]
    projects = own
    kinds = {h.concern for h in projects}
    shown = view.of("compilation", "screening")
    if shown and (view.by.get("compilation") or kinds <= {"film", "ova"}):
        # a recap, or a film that screens TV episodes ("the first two episodes of season 2")
        return [Claim("noncont", None, sentence, _phrases(shown))]
    if view.by.get("box_office", NO_HITS) and kinds <= {"film"}:
        # "topped the box office", 興行収入: a film already in cinemas
        return [Claim("noncont", None, sentence, _phrases(view.by.get("box_office", NO_HITS)))]
    noncont = view.of("rebroadcast", "home_video", "dub")
    if noncont and "ova" not in kinds:
        # "a 4K remaster of the film, and a brand-new anime adaptation": only the targets in
        # a comma segment of their own are news
        segs = {view.segment(h.start) for h in noncont}
        projects = [p for p in projects if view.segment(p.start) not in segs]
        if not projects:
            return [Claim("noncont", None, sentence, _phrases(noncont))]
        kinds = {h.concern for h in projects}
    if (view.by.get("other_media", NO_HITS) and not view.by.get("anime", NO_HITS)
            and not kinds & {"film", "ova"}):
        return [Claim("noncont", None, sentence, _phrases(view.by.get("other_media", NO_HITS)))]
    parts = any(r.kind == "part" for r in view.seasons)
    if kinds <= {"ova"} and (view.of("final", "final_decl") or parts):
        # "the final part airs as an 85-minute special": a format of the season's last part
        return []
    # "was released" is history; "will first be released" is not
    rel_pos = [h for h in ev.rel_pos if h.text not in PAST_RELEASE or _future_aux(view.norm, h)]
    future = [h for h in view.of("future", "adapt") if not neg(h) and not hedged(h, view)]
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


def _phrases(hits: list[Hit]) -> tuple[Hit, ...]:
    """The cue hits of a claim, one per lexicon phrase (a reason quotes their words)."""
    seen: dict[str, Hit] = {}
    for h in hits:
        seen.setdefault(h.phrase, h)
    return tuple(seen.values())
