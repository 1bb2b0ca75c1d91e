"""classify(): match the title, find cues, cut sentences and clauses, decide.

Steps, each in its own module:

1. :mod:`pipeline.matching` finds the title (and says whether a common-phrase match counts);
   an unsupported match is ``unrelated``, and so is no match unless the caller asserts the
   title (``assume_title``), in which case only a near miss (:mod:`lookalike`) is.
2. :mod:`cues` scans the normalised text and headline once for every vocabulary phrase;
   :mod:`seasons` finds season numbers; the title's own neighbourhood adds a few cues
   ("a new <title> anime", "<title> 2", "<title>: <Subtitle>"). A long text is scanned only
   in the paragraphs that can speak about the title (:func:`segment.analysis_regions`).
3. :mod:`segment` cuts sentences and clauses and marks which are about the title.
4. :mod:`claims` turns each clause into claims; :mod:`decide` resolves them against the
   baseline and picks one label; :mod:`liveaction` says when the name is a live-action work.
5. :mod:`decider` (the learned layer, when its shipped policy is on) may pick another label
   that a resolved claim supports; :mod:`result` builds the classification, with the
   sentences that decided as evidence and a reason that quotes the words of the text.

In an article whose headline names the title and a season, paragraphs that name that
season (or a final one) are about the title too ("Season 3: renewed or cancelled?" pages
answer deep in the text); they are looked for when the first pass decides nothing firm.
"""

from __future__ import annotations

import datetime
import logging
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache

from pipeline.classifier.claims import CLAIM_MAKERS, DECISIVE_CONCERNS, analyse_clause
from pipeline.classifier.cues import active_languages
from pipeline.classifier.decide import (
    Resolved,
    as_estimate,
    choose,
    predicted_end,
    resolve,
)
from pipeline.classifier.decider import Article, arbitrate, article, load_model, override
from pipeline.classifier.features import Field, clauses, extract, numbered_aliases
from pipeline.classifier.liveaction import is_live_work, live_sentences
from pipeline.classifier.lookalike import names_other_work
from pipeline.classifier.model import Baseline, Classification
from pipeline.classifier.prune import time_reference
from pipeline.classifier.result import build_result, doubtful, estimated, span_evidence
from pipeline.classifier.seasons import find_seasons_of, sequel_number
from pipeline.classifier.segment import (
    Sentence,
    analysis_regions,
    assign_tiers,
    build_sentences,
)
from pipeline.matching import (
    Matcher,
    Normalized,
    TitleMatch,
    TitleSpec,
    normalize,
    normalize_phrase,
)

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000      # scraped text is untrusted: bound the work
MAX_HEADLINE_CHARS = 1_000
MAX_ANALYSED_SENTENCES = 400  # a pathological page cannot make one article cost seconds
# Sentences with one of these (or a season number) are analysed; the rest cannot decide.
# A negation alone cannot, nor a release word alone ("a new trailer"), nor a bare target
# ("adventure films") without a word that announces, doubts, dates or ends it.
CUED_CONCERNS = DECISIVE_CONCERNS - {"negation", "negation_both", "negation_post"}
# Sentences that may name another show's season and so keep a headline from speaking for
# the title ("『ワンパンマン』第3期が放送開始").
NEWSY_CONCERNS = CUED_CONCERNS | {"release", "release_date"}
# Project words that a time word may turn into a date ("right after the film").
PROJECT_WORDS = frozenset({"spinoff", "film", "ova"})
# What shows a film is old: records and box office, a recap, TV episodes on the big screen.
SHOWN_CONCERNS = frozenset({"box_office", "compilation", "screening"})


@lru_cache(maxsize=2048)
def _matcher(title: TitleSpec) -> Matcher:
    return Matcher([title])


@lru_cache(maxsize=2048)
def _numbered(title: TitleSpec) -> dict[str, int]:
    return numbered_aliases([title.name, *title.aliases])


def classify(text: str, title: TitleSpec, baseline: Baseline, *, headline: str | None = None,
             published: datetime.date | None = None, language: str | None = None,
             match: TitleMatch | None = None, assume_title: bool = False) -> Classification:
    """Classify what ``text`` (and ``headline``) says about ``title`` against ``baseline``.

    ``match`` may pass a :class:`TitleMatch` found by a larger watchlist matcher over the
    same text and headline, to skip matching again. ``published`` is accepted for callers
    that have it; the rules do not need it today. ``language`` (ISO code) adds that
    language's vocabulary to the guessed ones.

    ``assume_title`` says the caller knows the text is about ``title`` (a batch record, the
    CLI with ``--title``): excerpts often name the show only in an earlier sentence. When no
    alias is found the text is then judged as being about the title, and is ``unrelated``
    only on positive evidence of another work (a live-action or stage adaptation). Without
    it, a text that does not name the title is ``unrelated``.
    """
    return analyse(text, title, baseline, headline=headline, published=published,
                   language=language, match=match, assume_title=assume_title,
                   with_article=False)[0]


def analyse(text: str, title: TitleSpec, baseline: Baseline, *, headline: str | None = None,
            published: datetime.date | None = None, language: str | None = None,
            match: TitleMatch | None = None, assume_title: bool = False,
            policy: str | None = None,
            with_article: bool = True) -> tuple[Classification, Article | None]:
    """:func:`classify`, with what the rules saw (the decision layer's input; None when the
    title's match alone decided). ``policy`` overrides the shipped decision-layer policy
    ("off" = the rules alone); ``bench/train_decider.py`` uses both.
    """
    text = (text or "")[:MAX_TEXT_CHARS]
    headline = (headline or "")[:MAX_HEADLINE_CHARS] or None
    norm_t = normalize(text)
    norm_h = normalize(headline) if headline else None
    if match is None:
        found = _matcher(title).find_normalized(norm_t, norm_h)
        match = found[0] if found else None
    if match is None and not assume_title:
        return Classification("unrelated", None, 0.9, False, (),
                              "unrelated: the title is not in the text or headline"), None
    if match is None:
        other = names_other_work(text, headline, norm_t.text, norm_h.text if norm_h else "",
                                 title)
        if other:
            return Classification("unrelated", None, 0.75, False, (),
                                  f'unrelated: the text names another work, "{other}"'), None
    elif not match.supported:
        ev = span_evidence(match, text, headline)
        return Classification("unrelated", None, 0.8, False, ev,
                              f"unrelated: {match.why}"), None
    if match is not None and _numbered_elsewhere(match, norm_t, norm_h, baseline):
        return Classification("unrelated", None, 0.7, False, span_evidence(match, text, headline),
                              "unrelated: the title is only named as a far-off numbered "
                              "work (another work of the franchise)"), None
    langs = active_languages(norm_t.text, norm_h.text if norm_h else "", language)
    aliases = tuple({s.alias for s in match.spans}) if match else (title.name, *title.aliases)
    title_words = _title_words(aliases)
    numbered = _numbered(title)
    cap = (baseline.last_season or 1) + 1
    body_spans = _spans(match, "text")
    head = (extract(headline, norm_h, _spans(match, "headline"), langs, title_words, numbered,
                    cap) if headline and norm_h is not None else None)
    echo = _echo_numbers(head)
    starts = [s for s, _e, _a in body_spans]
    regions = analysis_regions(text, starts, bool(head and head.spans))
    ranges = ([(norm_t.to_norm(a), norm_t.to_norm(b)) for a, b, _p in regions]
              if regions else None)
    body = extract(text, norm_t, body_spans, langs, title_words, numbered, cap, ranges)
    result = _judge(body, head, baseline, title_words, regions, echo, policy, with_article)
    if regions and echo and result[0].label in ("mention", "rumor"):
        # Nothing decided, or only doubt: paragraphs left out that name the headline's
        # season (or a final season) are about the title too ("Season 3: renewed or
        # cancelled?" pages answer deep in the text). Looked at only then: it costs a scan.
        echo_starts = _echo_starts(text, norm_t, regions, echo)
        if echo_starts:
            regions = analysis_regions(text, starts, True, echo_starts)
            ranges = [(norm_t.to_norm(a), norm_t.to_norm(b)) for a, b, _p in regions or ()]
            body = extract(text, norm_t, body_spans, langs, title_words, numbered, cap,
                           ranges or None)
            result = _judge(body, head, baseline, title_words, regions, echo, policy,
                            with_article)
    return result


def _echo_numbers(head: Field | None) -> frozenset[int]:
    """Season numbers of a headline that names the title ("Hero Mask Season 3: ...").

    In such an article a body sentence about "a third season" or "the final season" speaks
    of the title even when it does not repeat the name (SEO pages answer the headline's
    question deep in the text: "So, is a third season on the way? Unfortunately not").
    """
    if head is None or not head.spans:
        return frozenset()
    return frozenset(r.number for r in head.seasons if r.kind == "season")


@lru_cache(maxsize=4096)
def _title_words(aliases: tuple[str, ...]) -> frozenset[str]:
    words = {w for a in aliases for w in normalize_phrase(a).split()}
    return frozenset(words | {w for a in aliases for w in a.lower().split()})


def _numbered_elsewhere(match: TitleMatch, norm_t: Normalized, norm_h: Normalized | None,
                        baseline: Baseline) -> bool:
    """Every mention is "<title> N" with N well past the baseline ("Devil May Cry 5" and
    "6" for a show with two seasons): the games or films of the franchise, not the anime."""
    cap = (baseline.last_season or 1) + 1
    numbers = []
    for span in match.spans:
        norm = norm_t if span.field == "text" else norm_h
        if norm is None:
            return False
        end = norm.to_norm(span.end)
        numbers.append(sequel_number(norm.text[end:end + 24]))
    return bool(numbers) and all(n is not None and n > cap for n in numbers)


def _spans(match: TitleMatch | None, field: str) -> list[tuple[int, int, str]]:
    if match is None:
        return []
    return [(s.start, s.end, s.alias) for s in match.spans if s.field == field]


def _judge(body: Field, head: Field | None, baseline: Baseline, title_words: set[str],
           regions: list[tuple[int, int, int]] | None = None,
           echo: frozenset[int] = frozenset(), policy: str | None = None,
           with_article: bool = True) -> tuple[Classification, Article | None]:
    # a title's own closing marks ("Haikyu!!") end no sentence; "... Glass Harbor? The" does
    protect = [(s, e + len(a) - len(a.rstrip("!?."))) for s, e, a in body.spans]
    sentences = build_sentences(body.text, body.norm, "text", protect, regions=regions)
    starts = sorted(s for s, _e, _a in body.spans)
    for sent in sentences:
        i = bisect_left(starts, sent.start)
        sent.mention = i < len(starts) and starts[i] < sent.end
    anaphors: set[int] = set()
    cued: set[int] = set()    # analysed for claims
    newsy: set[int] = set()   # checked for another show's name (cued, or release news)
    for sent in sentences:
        concerns = {h.concern for h in body.hits_in(sent.nstart, sent.nend)}
        if "anaphor" in concerns:
            anaphors.add(sent.index)
        seasons = body.seasons_in(sent.nstart, sent.nend)
        if seasons or concerns & NEWSY_CONCERNS:
            newsy.add(sent.index)
        decisive = concerns & CUED_CONCERNS and (sent.question or concerns & CLAIM_MAKERS)
        if (decisive or seasons) and len(cued) < MAX_ANALYSED_SENTENCES:
            cued.add(sent.index)
    echoes = _echo_sentences(sentences, body, echo) if echo else None
    assign_tiers(sentences, body.text, anaphors, title_words, bool(head and head.spans), newsy,
                 short=False if regions else None, echoes=echoes)
    head_sent = None
    if head is not None:
        # A headline that does not name the title speaks for it only in a one-show article.
        # (paragraphs left out of a long text's analysis are about something else)
        left_out = regions is not None and sum(e - s for s, e, _p in regions) < len(body.text)
        multi_show = left_out or any(s.tier == 0 and not s.mention for s in sentences)
        head_tier = 3 if (head.spans or not multi_show) else 0
        head_sent = Sentence(len(sentences), "headline", 0, len(head.text), 0, len(head.norm.text),
                             -1, "?" in head.text or "？" in head.text, bool(head.spans), head_tier)
    sent_starts = [s.nstart for s in sentences]
    about = []
    for r in body.seasons:  # the season numbers of the sentences about the title
        i = bisect_right(sent_starts, r.start) - 1
        if r.kind == "season" and i >= 0 and r.start < sentences[i].nend and sentences[i].tier:
            about.append(r.number)
    if head is not None and head_sent is not None and head_sent.tier:
        about += [r.number for r in head.seasons if r.kind == "season"]
    article_max = max(about) if about else None
    resolved: list[Resolved] = []
    for sent, fld in [*((s, body) for s in sentences if s.index in cued),
                      *([(head_sent, head)] if head_sent else [])]:
        if sent.tier and fld is not None:
            for view in clauses(sent, fld):
                for claim in analyse_clause(view, sent.index):
                    resolved.append(resolve(claim, baseline.last_season, baseline.status, sent.tier,
                                            article_max))
    resolved = _films_shown(_returns_as_projects(resolved), body, head, sentences)
    chosen, source = choose(resolved, baseline.status)
    if predicted_end(chosen) and estimated(body, head, sentences):
        chosen = as_estimate(chosen, baseline.last_season)  # type: ignore[arg-type]
    all_sentences = [*sentences, *([head_sent] if head_sent else [])]
    chosen = _project_series(chosen, body, head, sentences)
    if (chosen is not None and chosen.label in ("renewal", "new_project")
            and doubtful(chosen, all_sentences, body, head)):
        # "the fandom spirals into 'anime return' theories": news that rests on a return or
        # release word in a sentence that doubts it is a rumour
        chosen = Resolved("rumor", chosen.season, chosen.claim, chosen.tier,
                          "unconfirmed (the sentence doubts it)")
    live = live_sentences(body, head, sentences)
    if is_live_work(chosen, body, head, sentences, live):
        chosen, source = None, "live"
    resolved = [r for r in resolved if r.label != "live" or r.claim.sentence in live]
    model = load_model()
    policy = policy or (model.policy if model else "off")
    active = model is not None and policy != "off"
    art = (article(chosen, source, resolved, all_sentences, body, head, baseline)
           if active or with_article else None)
    if active and art is not None:
        label, prob = arbitrate(model, art, policy)
        if label != art.rule_label:
            chosen, source, resolved = override(label, resolved, art.rule_label)
            result = build_result(chosen, source, resolved, all_sentences, body, head, baseline)
            reason = result.reason
            if "decision layer" not in reason:
                reason += f" (decision layer, rules said {art.rule_label})"
            return replace(result, confidence=round(min(0.95, prob), 2), reason=reason), art
    return build_result(chosen, source, resolved, all_sentences, body, head, baseline), art


def _echo_starts(text: str, norm: Normalized, regions: list[tuple[int, int, int]],
                 echo: frozenset[int]) -> list[int]:
    """Original offsets of season references outside ``regions`` that echo the headline."""
    gaps, pos = [], 0
    for start, end, _p in regions:
        if start > pos:
            gaps.append((norm.to_norm(pos), norm.to_norm(start)))
        pos = max(pos, end)
    if pos < len(text):
        gaps.append((norm.to_norm(pos), len(norm.text)))
    if not gaps:
        return []
    return [norm.span(r.start, r.end)[0] for r in find_seasons_of(norm.text, gaps, echo)
            if r.kind == "final" or (r.kind == "season" and r.number in echo)]


def _echo_sentences(sentences: list[Sentence], body: Field, echo: frozenset[int]) -> set[int]:
    """Sentences that name the headline's season or a final season (see _echo_numbers)."""
    marks = sorted([r.start for r in body.seasons if r.kind == "season" and r.number in echo]
                   + [h.start for h in body.hits if h.phrase == "final season"])
    if not marks:
        return set()
    out = set()
    for s in sentences:
        i = bisect_left(marks, s.nstart)
        if i < len(marks) and marks[i] < s.nend:
            out.add(s.index)
    return out


def _returns_as_projects(resolved: list[Resolved]) -> list[Resolved]:
    """"Wit Studio will return to Bojji's kingdom: a new anime project was announced": a bare
    return (no season, no sequel word) in a sentence that announces a project is that project."""
    projects = {r.claim.sentence for r in resolved if r.label == "new_project"}
    if not projects:
        return resolved
    return [r for r in resolved if not (
        r.label == "renewal" and r.claim.kind == "renew" and r.claim.season is None
        and r.claim.sentence in projects and r.claim.cues
        and all(h.concern == "return" for h in r.claim.cues))]


def _films_shown(resolved: list[Resolved], body: Field, head: Field | None,
                 sentences: list[Sentence]) -> list[Resolved]:
    """Film news of an article that reports the film's records or box office ("bricht
    Kassenrekorde": in cinemas already), or calls it a recap or a screening of TV episodes in
    another sentence ("The film compiles the last episodes"), is no new project."""
    films = [r for r in resolved if r.label == "new_project" and r.claim.subkind in ("film", "ova")]
    if not films:
        return resolved
    shown: dict[int, set[str]] = {}  # sentence index -> concerns that show an old film
    for s in sentences:
        if s.tier:
            for h in body.hits_in(s.nstart, s.nend):
                if h.concern in SHOWN_CONCERNS and not time_reference(body.norm.text, h):
                    shown.setdefault(s.index, set()).add(h.concern)
    if head is not None and head.spans:
        shown[len(sentences)] = {h.concern for h in head.hits if h.concern in SHOWN_CONCERNS}
    out = []
    for r in resolved:
        if r in films:
            other = set().union(*(c for i, c in shown.items() if i != r.claim.sentence))
            if "box_office" in other and r.claim.subkind == "film":
                r = Resolved("mention", None, r.claim, r.tier, "a film already in cinemas")
            elif other & {"compilation", "screening"}:
                r = Resolved("mention", None, r.claim, r.tier,
                             "a recap or a screening of TV episodes")
        out.append(r)
    return out


def _project_series(chosen: Resolved | None, body: Field, head: Field | None,
                    sentences: list[Sentence]) -> Resolved | None:
    """"The new series" of an article about a spin-off or film is that project, and so is
    a season of a derived work named with a subtitle ("Castlevania: Nocturne renewed for a
    second season") in an article that calls it a spin-off."""
    if chosen is None or chosen.label not in ("renewal", "mention", "rumor", "target"):
        return chosen
    about = [h for s in sentences if s.tier for h in body.hits_in(s.nstart, s.nend)
             if h.concern not in PROJECT_WORDS or not time_reference(body.norm.text, h)]
    about += head.hits if head else []
    concerns = {h.concern for h in about}
    if chosen.label == "renewal" and chosen.claim.season is None:
        if concerns & {"spinoff", "film", "ova"} and not chosen.claim.extra.get("listed"):
            return Resolved("new_project", None, chosen.claim, chosen.tier,
                            "the new series is a spin-off")
        return chosen
    index = chosen.claim.sentence
    if index < len(sentences):
        sent = sentences[index]
        own = body.hits_in(sent.nstart, sent.nend)
    else:
        own = head.hits if head else []
    derived = any(h.concern == "derived" for h in own)
    below = chosen.label == "mention" and chosen.claim.kind == "renew"
    if (chosen.claim.season is not None and chosen.claim.kind in ("renew", "target", "rumor")
            and derived and ("spinoff" in concerns or below)):
        # "Castlevania: Nocturne renewed for season 2" when Castlevania has had four: the
        # season counts for the subtitled work
        return Resolved("new_project", None, chosen.claim, chosen.tier,
                        "a season of a spin-off named with a subtitle")
    return chosen


