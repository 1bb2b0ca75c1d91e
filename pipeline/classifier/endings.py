"""Endings: the cues of a clause that say the show (or its announced continuation) is over.

Cancellations, "no plans", "will not return", "was not renewed", "never had a season 2",
the series concluding (with or after its last season) and farewells; but not the manga
ending, not "has not been renewed (yet)", and not "no season 2 has been announced yet".
"""

from __future__ import annotations

from pipeline.classifier.clause import (
    AFTER_WORDS,
    JA_POST_WINDOW,
    NEG_TARGET_WINDOW,
    NO_HITS,
    OFFICIAL_ADJECTIVES,
    PERFECT_AUX,
    PLANS_WINDOW,
    RENEWAL_NOUNS,
    ClauseView,
    about_medium_only,
)
from pipeline.classifier.cues import Hit


def ended_hits(view: ClauseView, neg, number: int | None, finals: list[Hit],
                any_hedge: bool) -> list[Hit]:
    """Cues that say the show (or its announced continuation) is over."""
    if number is None and about_medium_only(view):
        return []  # "the manga was cancelled" says nothing about the anime
    out = [h for h in view.by.get("cancel", NO_HITS) if not neg(h)]
    out += view.by.get("no_more", NO_HITS)
    out += _negated_plans(view)
    open_ended = bool(view.by.get("not_yet", NO_HITS)) or any_hedge
    if not open_ended:
        # "was not renewed", "won't be returning" (not "no renewal announcement yet", not
        # "has not renewed", which leaves the future open)
        out += [h for h in view.of("renew", "return") if neg(h) and h.text not in RENEWAL_NOUNS
                and not _perfect(view, h)]
        out += _negated_targets(view)
    series_subject = view.of("series", "anaphor") or view.mentions_title
    media = view.by.get("other_media", NO_HITS)
    # "the final episode aired": the anime's own end is told, so a closing word beside it
    # speaks of the series (not of the manga, not of one season)
    finale = finale_hits(view, neg)

    def about_medium(h: Hit) -> bool:  # "原作は完結", "the manga concluded"
        return not finale and any(0 <= h.start - m.end <= (4 if m.lang == "ja" else 14)
                                  for m in media)

    for h in view.by.get("conclude", NO_HITS):
        if neg(h) or not (series_subject or finale) or about_medium(h):
            continue
        if number is None or finals or finale or _ends_after_season(view, h):
            out.append(h)
    out += [h for h in view.by.get("farewell", NO_HITS) if not neg(h) and not about_medium(h)]
    if finale and view.by.get("complete", NO_HITS) and not any_hedge:
        # "aired its final episode, completing the adaptation": the show is over
        out.append(finale[0])
    if finals and any(h.concern == "conclude" for h in out) and not view.of("cancel", "no_more"):
        # "comes to an end with a third and final season": let the final claim decide (but
        # "no plans to continue" beside a final season is still an end)
        return [h for h in out if h.concern != "conclude"]
    return out


# Words that make a finale the time of other news ("after the last episode of season 3
# aired, a final season was announced", "最終話放送後"), normalised.
AFTER_TIME = frozenset({"after", "following", "issue", "nach", "dopo", "tras", "despues", "apos",
                        "depois", "apres"})
_JA_AFTER = ("後", "のあと", "の後", "直後")


def finale_hits(view: ClauseView, neg) -> list[Hit]:
    """The clause's finale words that tell the anime's last episode: not negated, not the
    source's ("原作の最終話"), not the time of other news ("after the last episode aired")."""
    finale = view.by.get("finale", NO_HITS)
    if not finale:
        return []
    media = view.by.get("other_media", NO_HITS)
    norm = view.norm
    out = []
    for h in finale:
        if neg(h) or any(0 <= h.start - m.end <= 3 for m in media):
            continue
        if AFTER_TIME & set(norm[max(0, h.start - 24):h.start].split()[-4:]):
            continue
        if h.lang == "ja" and any(m in norm[h.end:h.end + 8] for m in _JA_AFTER):
            continue
        out.append(h)
    return out


def _perfect(view: ClauseView, cue: Hit) -> bool:
    """Whether an auxiliary of the present perfect sits between negation and ``cue``."""
    window = view.norm[max(0, cue.start - 30):cue.start].split()
    return any(w in PERFECT_AUX for w in window[-4:])


def _negated_plans(view: ClauseView) -> list[Hit]:
    """"no plans", "aren't any official plans" (not "has yet to announce release plans")."""
    plans = view.by.get("plans", NO_HITS)
    if not plans:
        return []
    negators = view.of("negation", "negation_both")
    verbs = [c for c in view.of("confirm", "release", "release_date")
             if c.text not in OFFICIAL_ADJECTIVES]
    post = view.by.get("negation_post", NO_HITS)
    out = []
    for h in plans:
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
    if view.by.get("plans", NO_HITS):
        return []
    negators = [n for n in view.of("negation", "negation_both") if n.lang != "ja"]
    if not negators:
        return []
    verbs = view.of("confirm", "release", "release_date", "return", "renew")
    targets = [(r.start, r.end) for r in view.seasons if r.kind == "season"]
    targets += [(h.start, h.end) for h in view.by.get("relative", NO_HITS)]
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


