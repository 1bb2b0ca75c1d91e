"""The classification a decision becomes: label, season, evidence, reason and change.

The deciding claim's sentences are the evidence (offsets into the text or the headline);
the reason quotes the cue words that decided. ``change`` is conservative: news from a
question, or resting on a release word in a sentence that doubts it, alerts nobody.
"""

from __future__ import annotations

from pipeline.classifier.clause import estimates
from pipeline.classifier.decide import Resolved, confidence
from pipeline.classifier.features import Field
from pipeline.classifier.model import Baseline, Classification, Evidence, is_change
from pipeline.classifier.segment import Sentence
from pipeline.matching import TitleMatch

MAX_EVIDENCE_CHARS = 400


def rule_label(chosen: Resolved | None, source: str, resolved: list[Resolved]) -> str:
    """The label :func:`build_result` gives the rules' choice."""
    label = chosen.label if chosen else "mention"
    live = source == "live" or any(r.label == "live" and r.tier in (1, 3) for r in resolved)
    if label in ("mention", "target", "live") and live:
        return "unrelated"
    if label == "target":
        return "rumor"
    if label in ("live", "affirm"):
        return "mention"
    return label


def estimated(body: Field, head: Field | None, sentences: list[Sentence]) -> bool:
    """Whether the article (its sentences about the title) estimates the chances."""
    hits = [h for s in sentences if s.tier for h in body.hits_in(s.nstart, s.nend)]
    return estimates(hits) or bool(head and estimates(head.hits))


def build_result(chosen: Resolved | None, source: str, resolved: list[Resolved],
                 sentences: list[Sentence], body: Field, head: Field | None,
                 baseline: Baseline) -> Classification:
    """The classification of the deciding claim (None: a plain mention)."""
    text, headline = body.text, (head.text if head else None)
    label = rule_label(chosen, source, resolved)
    season = chosen.season if chosen else None
    if label == "unrelated" or (label == "new_project"):
        season = None
    if label == "mention" and season is None:
        known = [r.season for r in resolved if r.season is not None and r.label == "mention"]
        season = max(known) if known else None
    evidence = _evidence(chosen, resolved, sentences, text, headline)
    conf = confidence(chosen, resolved, source)
    quoted = _quotes(chosen, sentences, body, head) if chosen else ""
    if quoted:
        note = f"{chosen.note}; {quoted}"  # type: ignore[union-attr]
    else:
        note = chosen.note if chosen else "discussed without anything about continuation"
    where = " (headline)" if source == "headline" and chosen else ""
    reason = f"{label}: {note}{where}"
    if label == "unrelated":
        reason = "unrelated: live-action or other work with the same name"
    change = is_change(label, baseline) and not doubtful(chosen, sentences, body, head)
    return Classification(label, season, conf, change, evidence, reason)


# Words that doubt a whole sentence: its news is no change for the watcher.
DOUBT_CONCERNS = frozenset({"hedge", "rumor", "speculative", "open", "conditional"})


def doubtful(chosen: Resolved | None, sentences: list[Sentence], body: Field,
              head: Field | None) -> bool:
    """Whether the deciding sentence is a question, or hedges news that rests on a release
    word alone ("may have been renewed: a teaser appeared"): not a change to alert on."""
    if chosen is None:
        return False
    index = chosen.claim.sentence
    if index >= len(sentences):
        return False
    sent = sentences[index]
    if sent.question:
        return True
    if chosen.claim.strong or chosen.label not in ("renewal", "new_project"):
        return False
    fld = head if sent.field == "headline" else body
    hits = fld.hits if fld is head and fld is not None else body.hits_in(sent.nstart, sent.nend)
    return any(h.concern in DOUBT_CONCERNS for h in hits)


def _quotes(chosen: Resolved, sentences: list[Sentence], body: Field,
            head: Field | None) -> str:
    """The words of the text that decided, quoted ("officially announced"): the cue spans
    of the deciding claim, neighbours merged, at most four."""
    cues = chosen.claim.cues
    index = chosen.claim.sentence
    fld = head if index < len(sentences) and sentences[index].field == "headline" else body
    if not cues or fld is None:
        return ""
    merged: list[list[int]] = []
    for start, end in sorted({(c.start, c.end) for c in cues}):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    words = []
    for start, end in merged[:4]:
        lo, hi = fld.norm.span(start, end)
        words.append(" ".join(fld.text[lo:hi].split())[:60])
    return ", ".join(f'"{w}"' for w in words if w)


def _evidence(chosen: Resolved | None, resolved: list[Resolved], sentences: list[Sentence],
              text: str, headline: str | None) -> tuple[Evidence, ...]:
    picked: list[int] = []
    if chosen is not None:
        picked.append(chosen.claim.sentence)
        picked += [r.claim.sentence for r in resolved
                   if r.label == chosen.label and r.claim.sentence not in picked]
    if not picked:
        picked = [s.index for s in sentences if s.mention][:1]
    out = []
    for index in picked[:3]:
        sent = sentences[index]
        source = headline if sent.field == "headline" else text
        chunk = (source or "")[sent.start:sent.end]
        end = sent.start + min(len(chunk), MAX_EVIDENCE_CHARS)
        out.append(Evidence((source or "")[sent.start:end], sent.start, end, sent.field))
    return tuple(out)


def span_evidence(match: TitleMatch, text: str, headline: str | None) -> tuple[Evidence, ...]:
    span = match.spans[0]
    source = headline if span.field == "headline" else text
    lo = max(0, span.start - 80)
    hi = min(len(source or ""), span.end + 80)
    return (Evidence((source or "")[lo:hi], lo, hi, span.field),)
