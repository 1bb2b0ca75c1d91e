"""Live-action works: when a live-action cue means the title's mention is another work.

A page about the live-action drama, film or stage play of the same name is ``unrelated``.
A page about the anime that also names a live-action work ("a live-action film is in
development too", "don't confuse it with the live-action series") keeps its own label. A
live-action cue speaks for the title when it stands right beside its name ("the live-action
Glass Harbor drama", "Glass Harbor's live-action series"), or in a sentence that does not
name it (an excerpt whose subject is the title), unless the sentence sets the two apart
("not to be confused with").
"""

from __future__ import annotations

from pipeline.classifier.decide import DECISIVE, Resolved
from pipeline.classifier.features import Field
from pipeline.classifier.segment import Sentence

# Normalised characters between a live-action cue and the title's name for the cue to name
# the title's own work (a few words: "Rurouni Kenshin: The Final, the fourth live-action").
LIVE_REACH = 30
# A definite article right before the cue refers back to the named title ("renewed One Piece
# ... after the live-action series premiered"); "a live-action drama" introduces another.
DEFINITE = frozenset({"the", "its", "der", "die", "das", "la", "le", "il", "el", "lo", "l"})


def _live_hits(fld: Field, lo: int, hi: int) -> tuple[list, bool]:
    hits = fld.hits_in(lo, hi)
    lives = [h for h in hits if h.concern == "live_action"]
    return lives, any(h.concern == "disambig" for h in hits)


def _beside_title(fld: Field, lives: list, lo: int, hi: int) -> bool | None:
    """Whether a live cue stands beside the title's name; None when the range names none."""
    spans = [(fld.norm.to_norm(s), fld.norm.to_norm(e)) for s, e, _a in fld.spans]
    spans = [(s, e) for s, e in spans if lo <= s < hi]
    if not spans:
        return None
    if any(-LIVE_REACH <= h.start - e <= LIVE_REACH or -LIVE_REACH <= s - h.end <= LIVE_REACH
           for h in lives for s, e in spans):
        return True
    text = fld.norm.text
    for h in lives:
        before = text[max(lo, h.start - 6):h.start].split()
        if before and before[-1] in DEFINITE:
            return True
    return False


def live_sentences(body: Field, head: Field | None, sentences: list[Sentence]) -> set[int]:
    """Indices of sentences (the headline is ``len(sentences)``) whose live-action cue
    speaks of the title's own work."""
    out: set[int] = set()
    body_live = any(h.concern == "live_action" for h in body.hits)
    head_live = head is not None and any(h.concern == "live_action" for h in head.hits)
    if not (body_live or head_live):
        return out
    ranges = [(s.index, body, s.nstart, s.nend) for s in sentences if s.tier] if body_live else []
    if head_live:
        ranges.append((len(sentences), head, 0, len(head.norm.text)))
    for index, fld, lo, hi in ranges:
        lives, apart = _live_hits(fld, lo, hi)
        if lives and not apart and _beside_title(fld, lives, lo, hi) is not False:
            out.add(index)
    return out


def is_live_work(chosen: Resolved | None, body: Field, head: Field | None,
                 sentences: list[Sentence], live: set[int]) -> bool:
    """Whether the title's mention is a live-action work (the page is ``unrelated``).

    The live-action cue must speak of the title (:func:`live_sentences`) with no anime word
    where the title is named; and a decisive claim from a sentence without such a cue (the
    anime's own news) stands unless a cue names the title itself right beside it.
    """
    if not live:
        return False
    named = any(s.mention for s in sentences) or bool(head and head.spans)
    where = [s for s in sentences if (s.mention if named else s.tier == 1)]
    concerns = {h.concern for s in where for h in body.hits_in(s.nstart, s.nend)}
    if head is not None and head.spans:
        concerns |= {h.concern for h in head.hits}
    if "anime" in concerns:
        return False
    beside = any(i < len(sentences) and sentences[i].mention for i in live) or (
        head is not None and bool(head.spans) and len(sentences) in live)
    if beside:
        return True
    return chosen is None or chosen.label not in DECISIVE or chosen.claim.sentence in live
