"""Cue scanning: every vocabulary phrase of every language in one Aho-Corasick pass.

The lexicon modules give phrases per concern; here they are normalised like article text
and put in one automaton. A hit counts when it sits on word boundaries (a trailing ``*``
in the lexicon allows any word ending) and its language is active for the article (the
guessed language plus English; CJK phrases are always active since they cannot collide
with Latin words). A hit inside a longer hit is dropped ("no" inside "no plans"), except
context concerns that may overlap anything.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import chain
from typing import NamedTuple

import ahocorasick

from pipeline.classifier import (
    lexicon_de,
    lexicon_en,
    lexicon_es,
    lexicon_fr,
    lexicon_it,
    lexicon_ja,
    lexicon_misc,
    lexicon_pt,
)
from pipeline.matching import CJK_CLASS, bounded, is_cjk, normalize_phrase

# Language code -> concern -> phrases.
LEXICONS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": lexicon_en.CUES, "ja": lexicon_ja.CUES, "it": lexicon_it.CUES, "es": lexicon_es.CUES,
    "pt": lexicon_pt.CUES, "fr": lexicon_fr.CUES, "de": lexicon_de.CUES, **lexicon_misc.LANGS,
}
STOPWORDS: dict[str, tuple[str, ...]] = {
    "en": lexicon_en.STOPWORDS, "it": lexicon_it.STOPWORDS, "es": lexicon_es.STOPWORDS,
    "pt": lexicon_pt.STOPWORDS, "fr": lexicon_fr.STOPWORDS, "de": lexicon_de.STOPWORDS,
    **lexicon_misc.STOPWORDS,
}
# Short words that mean something else in a neighbouring language ("se" is "if" in Italian
# and Portuguese but a pronoun in Spanish; "mas" is "but" in Portuguese, "more" in Spanish;
# "volta" is "returns" in Portuguese, "time" in Italian). They count only when their own
# language was recognised; every other phrase counts in any article, since short passages
# defeat language guessing and the vocabularies barely collide.
GATED_PHRASES = frozenset({
    "se", "si", "ne", "n", "mai", "ma", "mas", "mais", "special", "visual", "volta", "roman",
    "piano", "start", "band", "falls", "caso", "ob", "pas", "pare", "sino", "doch", "tera",
    "fuite*", "suite", "arrive", "conclu*", "conclus*", "terminat*", "conclusion", "resume",
    "presentat*", "sara", "proxim*", "sin", "replica", "reprise", "planes", "plane",
})
# Concerns that describe context, not a claim: they may overlap other hits.
CONTEXT_CONCERNS = frozenset({"anime", "series", "anaphor", "not_yet"})
# "may" the month is not "may" the hedge.
_MONTH_GUARD_BEFORE = frozenset({"in", "on", "since", "until", "by", "early", "late", "mid", "of",
                                 "from", "this", "last", "next", "through"})
_WORD_RE = re.compile(r"\w+")
# The rest of a word after a prefix phrase ("renew*" -> "renewed"); \w matches what
# is_word_char accepts in normalised Latin text (CJK phrases take no prefix star).
_WORD_TAIL_RE = re.compile(f"[^\\W_{CJK_CLASS}]+")
# The language is guessed from the start of the text (headline first): enough function words.
GUESS_CHARS = 800
_KANA_RE = re.compile("[\u3040-\u30ff]")


class Hit(NamedTuple):
    """One cue occurrence at normalised offsets [start, end).

    A named tuple rather than a frozen dataclass: thousands are made per article and a
    tuple is built several times faster.
    """

    concern: str
    lang: str
    start: int
    end: int
    phrase: str
    text: str  # the matched normalised words


@cache
def _automaton() -> ahocorasick.Automaton:
    """One automaton over every phrase of every language.

    Phrases of the Latin-script languages are stored padded with spaces (" no ", " renew"),
    so they can only match whole words of the space-padded text: no word-boundary checks and
    no hits of "no" inside "know". Japanese-lexicon phrases (some Latin: "PV", "BD") are
    stored bare and checked for boundaries.
    """
    entries: dict[str, list[tuple[str, str, bool, str, bool]]] = {}
    for lang, concerns in LEXICONS.items():
        for concern, phrases in concerns.items():
            for phrase in phrases:
                prefix = phrase.endswith("*")
                norm = normalize_phrase(phrase.rstrip("*"))
                if not norm:
                    continue
                padded = lang != "ja" and not any(is_cjk(c) for c in norm)
                key = (" " + norm + ("" if prefix else " ")) if padded else norm
                gated = phrase in GATED_PHRASES
                entries.setdefault(key, []).append((concern, lang, prefix, phrase, gated))
    auto = ahocorasick.Automaton()
    for key, values in entries.items():
        # (where the word starts, counted back from the match end; where it stops; whether
        # a bare key needs a word-boundary check; whether every phrase is plain; the phrases)
        padded = key[0] == " "
        back = len(key) - 1
        trim = 1 if padded and key[-1] == " " else 0
        simple = not any(prefix or gated or phrase == "may"
                         for _c, _l, prefix, phrase, gated in values)
        auto.add_word(key, (back, trim, not padded, simple, tuple(values)))
    auto.make_automaton()
    return auto


def guess_language(norm: str) -> list[str]:
    """Likely languages of a normalised text, best first (``ja`` when kana dominate)."""
    return _guess(norm)[0]


def _guess(norm: str) -> tuple[list[str], int]:
    """(likely languages best first, function-word count of the best)."""
    head = norm[:GUESS_CHARS]
    if not head.isascii():
        kana = len(_KANA_RE.findall(head))
        if kana >= 5 and kana >= len(head) * 0.05:
            return ["ja"], 99
    counts: dict[str, int] = {}
    owners = _stopword_owners()
    for w in head.split():
        langs = owners.get(w)
        if langs:
            for lang in langs:
                counts[lang] = counts.get(lang, 0) + 1
    ranked = sorted(counts, key=counts.__getitem__, reverse=True)
    if not ranked:
        return ["en"], 0
    best = counts[ranked[0]]
    # Short or mixed texts: keep every language within reach of the best.
    close = [lang for lang in ranked if counts[lang] >= best * 0.75 or counts[lang] >= best - 1]
    return close[:3], best


@cache
def _stopword_owners() -> dict[str, tuple[str, ...]]:
    owners: dict[str, list[str]] = {}
    for lang, stops in STOPWORDS.items():
        for w in stops:
            owners.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in owners.items()}


def active_languages(norm_text: str, norm_headline: str = "",
                     language: str | None = None) -> frozenset[str]:
    """Languages whose ambiguous short words (:data:`GATED_PHRASES`) count for this article."""
    langs = {"en", "ja"}
    if language:
        langs.add(language.split("-")[0].lower())
    guessed, strength = _guess(norm_headline + " " + norm_text[:GUESS_CHARS])
    langs.update(guessed)
    if strength < 3:
        # Too few function words to tell: let the small vocabularies of the languages we
        # only degrade gracefully in speak too (their words are distinctive).
        langs.update(lexicon_misc.LANGS)
    return frozenset(langs)


def scan(norm: str, langs: frozenset[str],
         ranges: list[tuple[int, int]] | None = None) -> list[Hit]:
    """Cue hits in a normalised text, longest-wins, sorted by position.

    ``ranges`` (normalised [start, end) spans) limits the scan to the parts of a long
    article that can speak about the title.
    """
    hits: list[Hit] = []
    padded_text = " " + norm + " "
    size = len(norm)
    auto = _automaton()
    spans = [(a, min(b + 2, size + 2)) for a, b in ranges] if ranges else [(0, size + 2)]
    matches = chain.from_iterable(auto.iter(padded_text, a, b) for a, b in spans)
    append = hits.append
    tail = _WORD_TAIL_RE.match
    for end, (back, trim, bare, simple, values) in matches:
        # padded-text index i is norm index i - 1: a padded key's leading space stands at
        # the word's norm index; a bare key ends at norm index end
        if bare:
            start, stop = end - back - 1, end
            if not bounded(norm, start, stop):
                continue
        else:
            start, stop = end - back, end - trim
        if simple:  # no word-ending star, no language gate, no month check
            words = norm[start:stop]
            for concern, lang, _prefix, phrase, _gated in values:
                append(Hit(concern, lang, start, stop, phrase, words))
            continue
        for concern, lang, prefix, phrase, gated in values:
            if gated and lang not in langs:
                continue
            hit_end = stop
            if prefix:
                m = tail(norm, hit_end)
                if m:
                    hit_end = m.end()
            if phrase == "may" and _is_month(norm, start, hit_end):
                continue
            append(Hit(concern, lang, start, hit_end, phrase, norm[start:hit_end]))
    return _drop_nested(hits)


def _is_month(norm: str, start: int, end: int) -> bool:
    before = norm[max(0, start - 12):start].split()
    after = norm[end:end + 6].split()
    return bool((before and before[-1] in _MONTH_GUARD_BEFORE) or (after and after[0].isdigit()))


def _drop_nested(hits: list[Hit]) -> list[Hit]:
    """Drop claim hits lying inside a longer claim hit; dedupe identical hits.

    One sweep: hits sorted by start (longest first at equal start); a claim hit whose end
    does not pass the furthest end seen so far lies inside an earlier, longer claim hit.
    """
    hits.sort(key=_nest_key)
    kept: list[Hit] = []
    seen: set[tuple[str, int, int]] = set()
    cover_start, cover_end = -1, -1
    context = CONTEXT_CONCERNS
    for h in hits:
        concern, _lang, start, end = h[:4]
        key = (concern, start, end)
        if key in seen:
            continue
        if concern not in context:
            if end <= cover_end and (start != cover_start or end != cover_end):
                continue
            if end > cover_end:
                cover_start, cover_end = start, end
        seen.add(key)
        kept.append(h)
    return kept


def _nest_key(hit: Hit) -> tuple[int, int]:
    """Sort by start, the longest first at equal start."""
    return hit[2], hit[2] - hit[3]
