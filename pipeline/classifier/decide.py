"""The decision: claims resolved against the baseline, then one label per article.

Resolution (``last`` = baseline.last_season, 1 when unknown):

* ``renew`` of season N > last -> renewal; N <= last -> old news (mention). Without a number:
  a split ("Part 2") or, for an ongoing show, a mere "returns" is the known season (mention);
  otherwise the next season (last + 1).
* ``final`` of season N > last -> renewal (a final season announced); N <= last -> ended.
  Without a number: ended for an ongoing show, else a confirmed final season is last + 1.
* ``rumor`` about a known season (a leak about *when*) -> mention.
* ``target`` (a future season named, nothing else) is a weak rumour.

Choice: claims from sentences about the title (tier 1) beat those from weakly related
sentences (tier 2). Priority renewal > new_project > ended > rumor > weak rumour > mention.
The headline counts when the body says nothing decisive, and its renewal never beats a
body that calls the news a rumour (clickbait headline, the body decides).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.classifier.claims import Claim

PRIORITY = {"renewal": 6, "new_project": 5, "ended": 4, "rumor": 3, "target": 2, "live": 1,
            "mention": 0, "affirm": -1}
DECISIVE = frozenset({"renewal", "new_project", "ended", "rumor"})


@dataclass(slots=True)
class Resolved:
    """A claim after comparison with the baseline."""

    label: str          # renewal | new_project | ended | rumor | target | live | mention
    season: int | None
    claim: Claim
    tier: int           # 1 body about, 2 body weak, 3 headline
    note: str


def resolve(claim: Claim, last_season: int | None, status: str, tier: int,
            article_max: int | None = None) -> Resolved:
    """Compare one claim with the baseline.

    ``article_max`` is the highest season number the article names elsewhere: an announced
    final season without a number comes after it ("2nd SEASON ... and a Final SEASON").
    """
    last = last_season if last_season is not None else 1
    n = claim.season
    kind = claim.kind
    if kind == "renew":
        if n is not None:
            if claim.parts and status == "ongoing":
                return Resolved("mention", n, claim, tier, "a part of the current season")
            if (status == "ongoing" and n == last + 1 and not claim.strong
                    and not claim.renew_verb and not _returns(claim)):
                # while a season airs, a "season 2" that only premieres, starts or has a
                # trailer is its announced second part, called a season by the site (a
                # renewal is announced, confirmed or renewed)
                return Resolved("mention", n, claim, tier,
                                f"season {n} only dated while season {last} runs: its part")
            if n > last:
                return Resolved("renewal", n, claim, tier, f"season {n} beyond baseline {last}")
            return Resolved("mention", n, claim, tier,
                            f"season {n} already known (baseline {last})")
        part = claim.extra.get("part")
        if isinstance(part, int) and part > last and status != "ongoing":
            # "Part II" announced while nothing more was known: the next run (Netflix numbering)
            return Resolved("renewal", part, claim, tier, f"part {part} beyond baseline {last}")
        announced_sequel = claim.strong and bool(claim.extra.get("sequel"))
        if claim.parts or (status == "ongoing" and not claim.renew_verb
                           and not announced_sequel):
            # "returns in July" while a season runs or is announced: that season
            return Resolved("mention", last, claim, tier, "continuation of the known season")
        if last_season is None and status != "unknown":
            # a work not counted in seasons (One Piece, a long-over classic): a new TV anime
            # is a new adaptation
            return Resolved("new_project", None, claim, tier, "a new series of a concluded work")
        return Resolved("renewal", last + 1, claim, tier, f"new season after baseline {last}")
    if kind == "final":
        named_only = not claim.extra.get("declared") and (
            claim.extra.get("promo") or claim.parts)
        if n is None and claim.extra.get("this") and article_max is not None:
            n = article_max  # "this final season" is the season the article just named
        if n is not None:
            if n > last:
                label = "renewal" if claim.confirmed else "rumor"
                return Resolved(label, n, claim, tier, f"final season {n} beyond baseline {last}")
            if named_only:
                return Resolved("mention", n, claim, tier, f"news about final season {n}")
            return Resolved("ended", n, claim, tier, f"season {n} is the final one")
        if claim.strong and article_max is not None and article_max <= last and not claim.parts:
            n = article_max + 1
            if n > last:
                return Resolved("renewal", n, claim, tier,
                                f"final season {n} announced after season {n - 1}")
            return Resolved("ended", n, claim, tier, f"season {n} is the final one")
        if named_only and (status == "ongoing" or claim.parts):
            # a date, trailer or part of the final season already known: news, not an end
            return Resolved("mention", last, claim, tier, "news about the known final season")
        if claim.parts:
            return Resolved("ended", last, claim, tier, "the final part is the known season")
        if status != "unknown" or not claim.confirmed:
            return Resolved("ended", last, claim, tier, "the current season is the final one")
        return Resolved("renewal", last + 1, claim, tier, f"final season after baseline {last}")
    if kind == "rumor":
        if n is not None and n <= last and not claim.project:
            return Resolved("mention", n, claim, tier, f"hearsay about known season {n}")
        season = None if claim.project else (n if n is not None else last + 1)
        return Resolved("rumor", season, claim, tier, "unconfirmed")
    if kind == "project":
        return Resolved("new_project", None, claim, tier, f"{claim.subkind} announced")
    if kind == "ended":
        # the season of an ending is the final one: "no season 3" ends at season 2
        season = None if claim.project else (n if n is not None else last_season)
        if season is not None and last_season is not None and season > last_season:
            season = last_season
        return Resolved("ended", season, claim, tier, claim.subkind.replace("_", " "))
    if kind == "target":
        if n is not None and n > last:
            return Resolved("target", n, claim, tier, f"season {n} named without confirmation")
        return Resolved("mention", n, claim, tier, "known season named")
    if kind == "live":
        return Resolved("live", None, claim, tier, "live-action work")
    if kind == "affirm":
        return Resolved("affirm", None, claim, tier, "official wording")
    return Resolved("mention", n, claim, tier, "franchise activity")


def _returns(claim: Claim) -> bool:
    """A return verb among the cues ("returns with a second season", "tornerà"); the bare
    word "return" is mostly the noun ("the return of the villain")."""
    return any(h.concern == "return" and h.text != "return" for h in claim.cues)


def best_claim(items: list[Resolved]) -> Resolved | None:
    """The strongest claim: by label priority, then strength, confirmation, earliness."""
    if not items:
        return None
    return max(items, key=lambda r: (PRIORITY[r.label], r.claim.strong, r.claim.confirmed,
                                     -r.claim.sentence))


def choose(resolved: list[Resolved], status: str = "unknown") -> tuple[Resolved | None, str]:
    """The deciding claim and how it was chosen ("body", "headline", ...)."""
    if status == "ended":
        # An ending restated for a show already known to be over ("the self-contained story")
        # says less than speculation about its return.
        # A bare question ("Will there be a season 3?") or "has not renewed" opens nothing
        # by itself: only doubt words do (a hedge, a rumour, "not ruled out").
        restated = ("conclude", "farewell", "")
        if any(r.label == "rumor" and r.claim.extra.get("open") for r in resolved):
            resolved = [r for r in resolved if not (
                r.label == "ended" and r.claim.kind in ("ended", "final")
                and r.claim.subkind in restated)]
    tier1 = [r for r in resolved if r.tier == 1]
    tier2 = [r for r in resolved if r.tier == 2]
    head = [r for r in resolved if r.tier == 3]
    body = best_claim([r for r in tier1 if r.label in DECISIVE])
    if body is None:
        body = best_claim([r for r in tier2 if r.label in DECISIVE])
    if body is None:
        body = best_claim(tier1 + tier2)
    if body is not None and body.label == "ended" and body.claim.extra.get("weak"):
        doubts = [r for r in tier1 + tier2 if r.label == "rumor"]
        if doubts:
            body = best_claim(doubts)
    top_head = best_claim(head)
    if top_head is None or top_head.label not in DECISIVE:
        if body is None:
            return top_head, "headline"
        if body.label in ("mention", "live") and top_head and top_head.label == "target":
            return top_head, "headline"
        return body, "body"
    # The body decides: a headline's "season 2" that the body calls a part of the season
    # running ("the second half of the first season") is that part.
    if top_head.label == "renewal" and any(r.claim.parts and r.label == "mention"
                                           for r in tier1 + tier2):
        parts = [r for r in tier1 + tier2 if r.claim.parts and r.label == "mention"]
        return (body if body and body.label in DECISIVE else parts[0]), "body"
    if body is None or body.label not in DECISIVE:
        return top_head, "headline"
    # Clickbait guard: a headline renewal loses to a body that calls the news a rumour,
    # unless the body also speaks of an official word without hedging; never to a body that
    # says it was not announced ("No, season 3 has not been confirmed").
    body_doubts = any(r.label == "rumor" for r in tier1 + tier2)
    body_backs = any(r.claim.strong and r.claim.confirmed and r.label != "rumor" for r in tier1)
    body_denies = any(r.label == "rumor" and r.claim.extra.get("denied")
                      and r.season in (None, top_head.season) for r in tier1)
    if (top_head.label in ("renewal", "new_project") and not body_denies
            and PRIORITY[top_head.label] > PRIORITY[body.label]
            and top_head.claim.confirmed and (not body_doubts or body_backs)):
        return top_head, "headline"
    return body, "body"


def predicted_end(chosen: Resolved | None) -> bool:
    """An end the page only predicts (no cancellation, nobody confirmed it)."""
    return (chosen is not None and chosen.label == "ended" and chosen.claim.kind == "ended"
            and not chosen.claim.extra.get("official"))


def as_estimate(chosen: Resolved, last_season: int | None) -> Resolved:
    """"Almost certainly not getting a season 3 ... we put the odds at 2%": a predicted end
    on a page that estimates the chances is a probability estimate, a rumour about the next
    season (conventions: estimates in either direction are rumours)."""
    last = last_season if last_season is not None else 1
    n = chosen.claim.season
    season = n if n is not None and n > last else last + 1
    return Resolved("rumor", season, chosen.claim, chosen.tier, "a probability estimate")


def confidence(chosen: Resolved | None, resolved: list[Resolved], source: str) -> float:
    """A rough 0..1 confidence from cue strength and agreement."""
    if chosen is None:
        return 0.6
    base = {"renewal": 0.85, "new_project": 0.8, "ended": 0.8, "rumor": 0.7, "target": 0.55,
            "mention": 0.65, "live": 0.7, "affirm": 0.65}[chosen.label]
    if chosen.claim.strong:
        base += 0.05
    if chosen.claim.season is not None and chosen.label in ("renewal", "ended"):
        base += 0.03
    if source == "headline":
        base -= 0.12
    rivals = {r.label for r in resolved if r.label in DECISIVE and r.label != chosen.label}
    base -= 0.08 * len(rivals)
    return round(min(0.97, max(0.3, base)), 2)
