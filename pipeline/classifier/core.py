"""classify(): match the title, find cues, cut sentences and clauses, decide.

Steps, each in its own module:

1. :mod:`pipeline.matching` finds the title (and says whether a common-phrase match counts);
   no match or an unsupported one is ``unrelated``.
2. :mod:`cues` scans the normalised text and headline once for every vocabulary phrase;
   :mod:`seasons` finds season numbers; the title's own neighbourhood adds a few cues
   ("a new <title> anime", "<title> 2").
3. :mod:`segment` cuts sentences and clauses and marks which are about the title.
4. :mod:`claims` turns each clause into claims; :mod:`decide` resolves them against the
   baseline and picks one label, with the sentences that decided as evidence.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.classifier.claims import ClauseView, analyse_clause
from pipeline.classifier.cues import Hit, active_languages, scan
from pipeline.classifier.decide import Resolved, choose, confidence, resolve
from pipeline.classifier.model import Baseline, Classification, Evidence, is_change
from pipeline.classifier.seasons import SeasonRef, find_seasons, sequel_number
from pipeline.classifier.segment import Sentence, assign_tiers, build_sentences, owned_elsewhere, to_norm
from pipeline.matching import Matcher, Normalized, TitleMatch, TitleSpec, normalize

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000      # scraped text is untrusted: bound the work
MAX_HEADLINE_CHARS = 1_000
MAX_EVIDENCE_CHARS = 400
# "a new <title> anime", "la nuova stagione di <title>": words around the title that add a cue.
NEW_WORDS = frozenset({"new", "nuovo", "nuova", "nuevo", "nueva", "novo", "nova", "neuer", "neue",
                       "neues", "nouvel", "nouveau", "nouvelle", "新作", "新"})
AFTER_PROJECT = {"anime": "remake", "series": "remake", "project": "remake", "adaptation": "remake",
                 "season": "relative", "film": "film", "movie": "film"}
_ALIAS_NUMBER_RE = re.compile(r"\s(\d{1,2}|II|III|IV|V|VI)$")
# Clause boundaries besides contrast words: semicolons, spaced dashes, and (in body text)
# colons ("the leaks were right: X gets a new anime"); headlines use colons for titles.
_CLAUSE_MARK_RE = re.compile(r";|\s[–—]\s|:\s")
_CLAUSE_MARK_HEADLINE_RE = re.compile(r";")
_COMMA_RE = re.compile(r"[,、，]")
# Targets that another named work can own ("the Chainsaw Man movie", "a new TV anime of X").
OWNED_CONCERNS = frozenset({"film", "ova", "spinoff", "remake", "relative"})


@lru_cache(maxsize=2048)
def _matcher(title: TitleSpec) -> Matcher:
    return Matcher([title])


def classify(text: str, title: TitleSpec, baseline: Baseline, *, headline: str | None = None,
             published: datetime.date | None = None, language: str | None = None,
             match: TitleMatch | None = None) -> Classification:
    """Classify what ``text`` (and ``headline``) says about ``title`` against ``baseline``.

    ``match`` may pass a :class:`TitleMatch` found by a larger watchlist matcher over the
    same text and headline, to skip matching again. ``published`` is accepted for callers
    that have it; the rules do not need it today.
    """
    text = (text or "")[:MAX_TEXT_CHARS]
    headline = (headline or "")[:MAX_HEADLINE_CHARS] or None
    norm_t = normalize(text)
    norm_h = normalize(headline) if headline else None
    if match is None:
        found = _matcher(title).find_normalized(norm_t, norm_h)
        match = found[0] if found else None
    if match is None:
        return Classification("unrelated", None, 0.9, False, (),
                              "unrelated: the title is not in the text or headline")
    if not match.supported:
        ev = _span_evidence(match, text, headline)
        return Classification("unrelated", None, 0.8, False, ev, f"unrelated: {match.why}")
    return _judge(text, headline, norm_t, norm_h, match, baseline, language)


def _judge(text: str, headline: str | None, norm_t: Normalized, norm_h: Normalized | None,
           match: TitleMatch, baseline: Baseline, language: str | None) -> Classification:
    langs = active_languages(norm_t.text, norm_h.text if norm_h else "", language)
    t_spans = [(s.start, s.end, s.alias) for s in match.spans if s.field == "text"]
    h_spans = [(s.start, s.end, s.alias) for s in match.spans if s.field == "headline"]
    title_words = {w for s in match.spans for w in normalize(s.alias).text.split()}
    title_words |= {w for s in match.spans for w in s.alias.lower().split()}
    hits_t, seasons_t = _features(text, norm_t, t_spans, langs, title_words)
    sentences = build_sentences(text, norm_t, "text", [(s, e) for s, e, _ in t_spans])
    for sent in sentences:
        sent.mention = any(sent.start <= s < sent.end for s, _e, _a in t_spans)
    anaphors = {sent.index for sent in sentences
                if any(h.concern == "anaphor" and sent.nstart <= h.start < sent.nend for h in hits_t)}
    assign_tiers(sentences, text, anaphors, title_words, bool(h_spans))
    hits_h: list[Hit] = []
    seasons_h: list[SeasonRef] = []
    head_sent = None
    if headline and norm_h is not None:
        hits_h, seasons_h = _features(headline, norm_h, h_spans, langs, title_words)
        head_sent = Sentence(len(sentences), "headline", 0, len(headline), 0, len(norm_h.text), -1,
                             "?" in headline or "？" in headline, bool(h_spans), 3)
    about = [r.number for r in seasons_t if r.kind == "season" and any(
        s.tier and s.nstart <= r.start < s.nend for s in sentences)]
    about += [r.number for r in seasons_h if r.kind == "season"]
    ctx = _Context(text, norm_t, t_spans, baseline, max(about) if about else None)
    resolved: list[Resolved] = []
    for sent in sentences:
        if sent.tier:
            resolved += _sentence_claims(sent, hits_t, seasons_t, ctx)
    if head_sent is not None and headline and norm_h is not None:
        hctx = _Context(headline, norm_h, h_spans, baseline, ctx.article_max)
        resolved += _sentence_claims(head_sent, hits_h, seasons_h, hctx)
    chosen, source = choose(resolved)
    if chosen is not None and chosen.label == "renewal" and chosen.claim.season is None:
        about_hits = [h for h in hits_t if any(s.tier and s.nstart <= h.start < s.nend for s in sentences)]
        if any(h.concern in ("spinoff", "film", "ova") for h in about_hits + hits_h):
            # "the new series" of an article about a spin-off or film is that project
            chosen = Resolved("new_project", None, chosen.claim, chosen.tier, "new series is the announced project")
    all_sentences = [*sentences, *([head_sent] if head_sent else [])]
    return _result(chosen, source, resolved, all_sentences, text, headline, baseline, seasons_t)


def _features(text: str, norm: Normalized, spans: list[tuple[int, int, str]],
              langs: frozenset[str], title_words: set[str]) -> tuple[list[Hit], list[SeasonRef]]:
    """Cue hits (minus those inside the title's own name or owned by another named work)
    and season numbers."""
    nspans = [(to_norm(norm, s), to_norm(norm, e), alias) for s, e, alias in spans]
    hits = [h for h in scan(norm.text, langs)
            if h.concern == "final" or not any(ns <= h.start and h.end <= ne for ns, ne, _ in nspans)]
    hits = [h for h in hits if not (h.text == "no" and _romaji_particle(text, norm, h))]
    seasons = []
    for ref in find_seasons(norm.text):
        if ref.kind == "final":
            hits.append(Hit("final", "en", ref.start, ref.end, "final season", norm.text[ref.start:ref.end]))
            if ref.number:
                seasons.append(SeasonRef(ref.start, ref.end, ref.number, "season"))
        else:
            seasons.append(ref)
    if title_words:
        seasons = [r for r in seasons if not owned_elsewhere(text, *norm.span(r.start, r.end)[:1],
                                                             title_words, norm.span(r.start, r.end)[1])]
        hits = [h for h in hits if h.concern not in OWNED_CONCERNS
                or not owned_elsewhere(text, norm.span(h.start, h.end)[0], title_words,
                                       norm.span(h.start, h.end)[1])]
    for ns, ne, alias in nspans:
        hits += _title_neighbours(norm.text, ns, ne)
        m = _ALIAS_NUMBER_RE.search(alias)
        number = int(m.group(1)) if m and m.group(1).isdigit() else (
            {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}.get(m.group(1)) if m else None)
        if number is None:
            original_after = norm.text[ne:ne + 24]
            number = sequel_number(original_after)
        if number:
            seasons.append(SeasonRef(ns, ne, number, "season"))
    hits.sort(key=lambda h: h.start)
    seasons.sort(key=lambda r: r.start)
    return hits, seasons


def _romaji_particle(text: str, norm: Normalized, hit: Hit) -> bool:
    """"no" between two capitalised words is the Japanese particle ("Kimetsu no Yaiba")."""
    start, end = norm.span(hit.start, hit.end)
    before = text[max(0, start - 20):start].split()
    after = text[end:end + 20].split()
    return bool(before and after and before[-1][:1].isupper() and after[0][:1].isupper()
                and text[start:end] == "no")


def _title_neighbours(norm: str, ns: int, ne: int) -> list[Hit]:
    """Cues formed with the title: "a new <title> anime" (remake), "<title>'s new season"."""
    before = norm[max(0, ns - 12):ns].split()
    after = norm[ne:ne + 14].split()
    if before and before[-1] in NEW_WORDS and after and after[0] in AFTER_PROJECT:
        concern = AFTER_PROJECT[after[0]]
        return [Hit(concern, "en", ns, ne, f"new … {after[0]}", norm[ns:ne])]
    return []


def _real_clause_mark(chunk: str, m: re.Match[str], offset: int,
                      spans: list[tuple[int, int, str]]) -> bool:
    """A colon inside a title ("Godzilla: Singular Point", "the movie : Ice Adolescence")
    is not a clause break: it must sit outside title spans with clauses on both sides."""
    pos = offset + m.start()
    if any(s <= pos < e for s, e, _a in spans):
        return False
    if ":" not in m.group():
        return True
    return len(chunk[:m.start()].split()) >= 4 and len(chunk[m.end():].split()) >= 6


@dataclass
class _Context:
    """What every clause of one field (text or headline) needs."""

    text: str
    norm: Normalized
    spans: list[tuple[int, int, str]]
    baseline: Baseline
    article_max: int | None


def _sentence_claims(sent: Sentence, hits: list[Hit], seasons: list[SeasonRef],
                     ctx: _Context) -> list[Resolved]:
    text, norm, spans, baseline = ctx.text, ctx.norm, ctx.spans, ctx.baseline
    s_hits = [h for h in hits if sent.nstart <= h.start < sent.nend]
    s_seasons = [r for r in seasons if sent.nstart <= r.start < sent.nend]
    chunk = text[sent.start:sent.end]
    marks = _CLAUSE_MARK_HEADLINE_RE if sent.field == "headline" else _CLAUSE_MARK_RE
    cuts = [h.start for h in s_hits if h.concern == "contrast"]
    cuts += [to_norm(norm, sent.start + m.start()) for m in marks.finditer(chunk)
             if _real_clause_mark(chunk, m, sent.start, spans)]
    cuts = sorted(c for c in set(cuts) if sent.nstart < c < sent.nend)
    commas = [to_norm(norm, sent.start + m.start()) for m in _COMMA_RE.finditer(chunk)]
    bounds = [sent.nstart, *cuts, sent.nend]
    out: list[Resolved] = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        c_hits = [h for h in s_hits if lo <= h.start < hi]
        olo, ohi = norm.span(lo, hi) if hi > lo else (sent.start, sent.start)
        question = "?" in text[olo:ohi + 1] or "？" in text[olo:ohi + 1] or any(
            h.concern == "question" for h in c_hits)
        mentions = any(olo <= s < ohi for s, _e, _a in spans)
        view = ClauseView(c_hits, [r for r in s_seasons if lo <= r.start < hi], question, mentions,
                          sent.field == "headline", [c for c in commas if lo < c < hi], norm.text)
        for claim in analyse_clause(view, sent.index):
            out.append(resolve(claim, baseline.last_season, baseline.status, sent.tier,
                               ctx.article_max))
    return out


def _result(chosen: Resolved | None, source: str, resolved: list[Resolved],
            sentences: list[Sentence], text: str, headline: str | None, baseline: Baseline,
            seasons: list[SeasonRef]) -> Classification:
    label = chosen.label if chosen else "mention"
    live = any(r.label == "live" and r.tier in (1, 3) for r in resolved)
    if label in ("mention", "target", "live") and live:
        label = "unrelated"
    elif label == "target":
        label = "rumor"
    elif label in ("live", "affirm"):
        label = "mention"
    season = chosen.season if chosen else None
    if label == "unrelated" or (label == "new_project"):
        season = None
    if label == "mention" and season is None:
        known = [r.season for r in resolved if r.season is not None and r.label == "mention"]
        season = max(known) if known else None
    evidence = _evidence(chosen, resolved, sentences, text, headline)
    conf = confidence(chosen, resolved, source)
    note = f"{chosen.note}; {', '.join(chosen.claim.cues[:4])}" if chosen and chosen.claim.cues else (
        chosen.note if chosen else "the title is discussed without anything about continuation")
    where = " (headline)" if source == "headline" and chosen else ""
    reason = f"{label}: {note}{where}"
    if label == "unrelated":
        reason = "unrelated: live-action or other work with the same name"
    return Classification(label, season, conf, is_change(label, baseline), evidence, reason)


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


def _span_evidence(match: TitleMatch, text: str, headline: str | None) -> tuple[Evidence, ...]:
    span = match.spans[0]
    source = headline if span.field == "headline" else text
    lo = max(0, span.start - 80)
    hi = min(len(source or ""), span.end + 80)
    return (Evidence((source or "")[lo:hi], lo, hi, span.field),)
