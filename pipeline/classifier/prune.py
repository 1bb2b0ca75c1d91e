"""What a clause's cues do not say: pruned before the claims are read.

"Official" that only qualifies a date, plans or a channel ("the official site"); targets
denied as what the news is ("not a third season, but a film"); a season named with its part
to date other news ("after season 2 part 2 ended, ..."); announcements told as background
("we reported that it had been renewed").
"""

from __future__ import annotations

from itertools import pairwise

from pipeline.classifier.clause import NO_HITS, OFFICIAL_ADJECTIVES, PROJECT_CONCERNS, ClauseView
from pipeline.classifier.cues import Hit

# Nouns after "official" that name a channel, not an announcement ("the official site").
OFFICIAL_CHANNELS = frozenset({
    "site", "website", "account", "accounts", "page", "twitter", "x", "channel", "youtube",
    "instagram", "tiktok", "blog", "store", "shop", "sito", "web", "pagina", "cuenta", "seite",
    "kanal", "compte", "chaine", "conta", "canal", "hp",
})
# Japanese writes no space after 公式: the channel noun follows directly (公式サイト).
OFFICIAL_CHANNELS_JA = ("サイト", "ホームページ", "アカウント", "hp", "x", "ツイッター")


def drop_official_adjectives(view: ClauseView) -> None:
    """Remove "official" when it only qualifies a date, plans or a channel ("appeared on
    the official site")."""
    officials = [h for h in view.by.get("confirm", NO_HITS) if h.text in OFFICIAL_ADJECTIVES]
    if not officials:
        return
    heads = view.of("release", "release_date", "plans")
    norm = view.norm
    dropped = [h for h in officials
               if any(0 <= o.start - h.end <= 3 for o in heads) or _channel(norm, h)]
    if not dropped:
        return
    kept = [h for h in view.hits if h not in dropped]
    if len(kept) != len(view.hits):
        view.set_hits(kept)


def _channel(norm: str, hit: Hit) -> bool:
    """Whether "official" qualifies a channel ("the official site", 公式サイト)."""
    after = norm[hit.end:hit.end + 14].split()
    return bool(after) and (after[0] in OFFICIAL_CHANNELS
                            or after[0].startswith(OFFICIAL_CHANNELS_JA))


# Japanese marks of "after" that follow the season they date (第1期の放送終了後).
_JA_AFTER = ("後", "のあと")


def _dated_by(norm: str, ref) -> bool:
    """Whether a season reference is named as the time of other news ("after season 1")."""
    if set(norm[max(0, ref.start - 24):ref.start].split()[-3:]) & TIME_WORDS:
        return True
    tail = norm[ref.end:ref.end + 12]
    return any(m in tail for m in _JA_AFTER)


def drop_denied_targets(view: ClauseView) -> None:
    """"Instead of a second season", "not a third season, but ...": drop denied targets."""
    denials = view.by.get("not_a", NO_HITS)
    if not denials:
        return

    def denied(start: int) -> bool:
        return any(d.end <= start and view.segment(d.start) == view.segment(start) for d in denials)

    view.seasons = [r for r in view.seasons if not denied(r.start)]
    view.set_hits([h for h in view.hits if not (
        h.concern in ("relative", *PROJECT_CONCERNS) and denied(h.start))])


def drop_aired_runs(view: ClauseView) -> None:
    """"After season 2 part 2 ended, season 3 was announced": a season named with its part
    dates the news when the clause has another target; it is not what was announced. So
    does a season named after a time word ("after season 1 ended, a new series was
    announced", "第1期の放送終了後、新シリーズの制作が発表")."""
    refs = view.seasons
    if refs and view.of("relative", "arc"):
        timed = [r for r in refs if _dated_by(view.norm, r)]
        if timed and (len(timed) < len(refs) or not view.of("final", "final_decl")):
            view.seasons = refs = [r for r in refs if r not in timed]
    pairs = [(a, b) for a, b in pairwise(refs)
             if a.kind == "season" and b.kind == "part" and 0 <= b.start - a.end <= 2]
    if not pairs:
        return
    paired = {id(r) for pair in pairs for r in pair}
    others = [r for r in refs if id(r) not in paired and r.kind == "season"]
    if others or view.of("final", "final_decl", "relative"):
        view.seasons = [r for r in refs if id(r) not in paired]


# Words that make the project after them the time of other news ("the new series airs right
# after the film", "dopo il film"), normalised.
TIME_WORDS = frozenset({"after", "following", "dopo", "nach", "tras", "despues", "apres", "apos",
                        "depois"})
# ... and the end of something as a time ("at the end of the last episode", "al final del").
END_TIME_WORDS = TIME_WORDS | {"final", "end", "ende", "fine", "fin", "fim"}


def time_reference(norm: str, hit: Hit) -> bool:
    """Whether a target is named as a point in time ("after the film")."""
    return bool(END_TIME_WORDS & set(norm[max(0, hit.start - 24):hit.start].split()[-3:]))


def drop_time_references(view: ClauseView) -> None:
    """"The new TV series will air right after the film": a project named as a point in time
    is not what the clause announces (only when something else is left to announce)."""
    projects = view.of(*PROJECT_CONCERNS)
    if not projects or (not view.of("relative", "arc") and not view.seasons):
        return
    timed = [p for p in projects if time_reference(view.norm, p)]
    if timed:
        view.set_hits([h for h in view.hits if h not in timed])


def drop_format_alternatives(view: ClauseView) -> None:
    """"Announced a new anime project, without saying whether it will be a third season or a
    film": the alternatives after the open format (seasons, targets, the doubt) are dropped;
    the announcement before it stands."""
    opens = view.by.get("format_open", NO_HITS)
    if not opens:
        return
    cut = opens[0].start
    view.seasons = [r for r in view.seasons if r.start < cut]
    view.set_hits([h for h in view.hits if h.start < cut])


def drop_background(view: ClauseView) -> bool:
    """Remove announcements told as background ("we reported that it had been renewed").

    Returns True when that leaves the clause with nothing but background.
    """
    background = view.by.get("background", NO_HITS)
    if not background:
        return False
    segs = {view.segment(h.start) for h in background}
    news = ("confirm", "renew", "return", "release", "release_date", "cancel")
    dropped = [h for h in view.hits if h.concern in news and view.segment(h.start) in segs]
    view.set_hits([h for h in view.hits if h not in dropped])
    return bool(dropped) and not view.of(*news)
