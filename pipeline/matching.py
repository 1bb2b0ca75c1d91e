"""Find mentions of watched titles in article text: one pass, whatever the watchlist size.

Every alias of every title is normalised (see :func:`normalize`) into one Aho-Corasick
automaton; the text is normalised the same way and scanned once. Spans are mapped back to
offsets in the original text (or headline).

An alias that is a common phrase (one Latin word such as "Eden" or "Frieren", words that are
all ordinary English such as "Hero Mask", a short katakana loanword such as "エデン") counts
only with supporting context: the title's own context terms, or generic anime context
(:data:`GENERIC_CONTEXT`). ``TitleSpec.ambiguous`` overrides the automatic decision, and a
title's ``exclude`` phrases veto matches inside them ("superhero mask").

Pure: no I/O beyond reading the shipped word list once.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path

import ahocorasick

logger = logging.getLogger(__name__)

# Generic context that makes a common-phrase alias count: words of anime news in the
# languages we read, the big streamers and the studios that make most TV anime.
GENERIC_CONTEXT: tuple[str, ...] = (
    # the medium
    "anime", "animes", "アニメ", "manga", "漫画", "マンガ", "light novel", "ライトノベル", "原作",
    "animated series", "animation", "animación", "animazione", "animação", "animationsserie",
    "tv anime", "ova", "劇場版", "isekai", "shonen", "shounen", "seinen", "shojo", "otaku",
    "声優", "voice actor", "seiyuu", "simulcast", "cour", "クール", "dub", "dubbed",
    "opening theme",
    # seasons and episodes
    "season", "seasons", "episode", "episodes", "staffel", "folge", "folgen", "stagione",
    "episodio", "episodi", "temporada", "episódio", "saison", "épisode", "sezon", "säsong",
    "シーズン", "放送", "配信",
    # animated films (a bare "film" is as often a live-action one)
    "movie trilogy", "film trilogy", "anime movie", "anime film", "animated film",
    "animated movie", "filme animado", "film d animation", "animationsfilm", "劇場アニメ",
    # streamers and broadcasters
    "netflix", "crunchyroll", "funimation", "hidive", "prime video", "tokyo mx",
    "adult swim", "toonami", "aniplex", "abema", "bilibili", "muse asia", "ani one",
    # studios
    "mappa", "pierrot", "ufotable", "toei animation", "bandai namco filmworks", "studio bones",
    "wit studio", "cloverworks", "a 1 pictures", "kyoto animation", "production i g", "madhouse",
    "studio trigger", "p a works", "studio shaft", "j c staff", "david production", "lerche",
    "doga kobo", "toho animation", "kadokawa", "science saru", "polygon pictures",
    "studio deen", "silver link", "white fox", "tms entertainment", "cygames pictures",
    "bandai namco", "studio ghibli", "fortiche", "powerhouse animation", "tomovies",
)

# Ordinary English words: an alias made only of these is a common phrase.
_WORDLIST = Path(__file__).resolve().parent / "classifier" / "data" / "common_en.txt"
_PAREN_RE = re.compile(r"\s*[(（][^)）]*[)）]\s*")
_HEAD_RE = re.compile(r"^(.{3,}?)\s*(?::|：| - | – | — )")
_TOKEN_RE = re.compile(r"[^ ]+")
_CJK_RANGES = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
               (0xAC00, 0xD7AF), (0xF900, 0xFAFF))
_KATAKANA_RE = re.compile(r"^[\u30a0-\u30ff]+$")
# An invented romanised word written with inner capitals ("KonoSuba", "DanMachi"): nobody
# writes it by accident, so it needs no context.
_CAMEL_RE = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+)+$")
# English function words: a text with (almost) none of them is not written in English, and an
# English phrase capitalised in it ("la nuova serie di Demon Slayer") is a name.
# (not "in", "will", "die": words of other languages too)
_ENGLISH_FUNCTION_WORDS = frozenset({"the", "and", "of", "to", "is", "for", "with", "was", "that",
                                     "on", "it", "are", "has", "this", "from", "its", "by"})
_LATIN_WORD_RE = re.compile(r"[^\W\d_]+")
FOREIGN_SAMPLE_CHARS = 1500
FOREIGN_MIN_WORDS = 8
FOREIGN_MAX_ENGLISH_SHARE = 0.03
# Latin letters that NFKD does not decompose but readers treat as plain ("ı", "ł", "ø").
_LATIN_EXTRA = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ё": "е"}


# --------------------------------------------------------------------------------------------
# Normalisation with offsets
# --------------------------------------------------------------------------------------------

@cache
def _char_classes() -> bytes:
    """Per BMP code point: 1 = CJK, 2 = Latin-like word character, 0 = other."""
    table = bytearray(0x10000)
    for code in range(0x10000):
        if any(lo <= code <= hi for lo, hi in _CJK_RANGES):
            table[code] = 1
        elif chr(code).isalnum():
            table[code] = 2
    return bytes(table)


def is_cjk(ch: str) -> bool:
    """True for kana, CJK ideographs and Hangul (characters that take no word boundary)."""
    o = ord(ch)
    return o < 0x10000 and _char_classes()[o] == 1


def is_word_char(ch: str) -> bool:
    """A Latin-like letter or digit: a Latin alias may not touch one at either end."""
    o = ord(ch)
    return _char_classes()[o] == 2 if o < 0x10000 else ch.isalnum()


def _fold_char(ch: str) -> str:
    """Normalised form of one character: NFKC, casefold, Latin accents dropped, others -> ' '."""
    out = []
    for c in unicodedata.normalize("NFKC", ch).casefold():
        c = _LATIN_EXTRA.get(c, c)
        if c.isalnum():
            # Latin-1 / Extended / Extended Additional: "é" -> "e", Vietnamese "ầ" -> "a"
            if "\u00c0" <= c < "\u0250" or "\u1e00" <= c < "\u1f00":
                c = "".join(x for x in unicodedata.normalize("NFKD", c)
                            if not unicodedata.category(x).startswith("M")) or c
            out.append(c)
        elif c in "\u3099\u309a":  # kana voicing marks are part of the letter
            out.append(c)
        elif not unicodedata.category(c).startswith("M"):
            out.append(" ")
    return "".join(out)


@cache
def _tables() -> tuple[dict[int, str], re.Pattern[str]]:
    """(1:1 translate table for the BMP, regex of characters that fold to 0 or 2+ chars)."""
    table: dict[int, str] = {}
    multi: list[str] = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        folded = _fold_char(ch)
        if len(folded) == 1:
            if folded != ch:
                table[code] = folded
        else:
            multi.append(re.escape(ch))
    return table, re.compile("[" + "".join(multi) + "]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised string and the way back to offsets in the original.

    Either ``offsets`` holds the original index of every normalised character (slow path),
    or ``breaks`` holds piecewise shifts: from normalised index ``starts[i]`` on, original
    index = normalised index + ``deltas[i]`` (fast path; ``origins[i]`` = starts + deltas).
    """

    text: str
    offsets: array | None
    original_length: int
    source: str = ""  # the original string
    breaks: tuple[list[int], list[int], list[int]] | None = None

    def orig(self, n: int) -> int:
        """Original index of normalised character ``n``."""
        if self.offsets is not None:
            return self.offsets[n]
        starts, deltas, _ = self.breaks  # type: ignore[misc]
        return n + deltas[bisect_right(starts, n) - 1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised slice ``[start, end)``."""
        if start >= end:
            pos = self.orig(start) if start < len(self.text) else self.original_length
            return pos, pos
        return self.orig(start), self.orig(end - 1) + 1

    def to_norm(self, original: int) -> int:
        """First normalised index whose original offset is >= ``original``."""
        if self.offsets is not None:
            return bisect_left(self.offsets, original)
        starts, deltas, origins = self.breaks  # type: ignore[misc]
        i = bisect_right(origins, original) - 1
        if i < 0:
            i = 0
        n = original - deltas[i]
        if n < starts[i]:
            n = starts[i]
        if i + 1 < len(starts) and n > starts[i + 1]:
            n = starts[i + 1]
        size = len(self.text)
        return n if n < size else size


# Separator runs in the 1:1-folded text: vanish between CJK characters and at the ends,
# shrink to one space elsewhere.
CJK_CLASS = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# (Every alternative but the anchored ones starts with a space, so the scan is fast.)
_SEP_RUN_RE = re.compile(f" (?: +|(?=[{CJK_CLASS}])(?<=[{CJK_CLASS}] ))|^ +| +$")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
_CJK_CHAR_RE = re.compile(f"[{CJK_CLASS}]")
_DOUBLE_SPACE_RE = re.compile("  +")
_CJK_SPACE_RE = re.compile(f" (?=[{CJK_CLASS}])(?<=[{CJK_CLASS}] )")


def _translate(text: str, table: dict[int, str]) -> str:
    """``text.translate(table)``, chunked: CPython translates ASCII through a fast cache
    that a single non-ASCII character switches off for the rest of the string."""
    if text.isascii():
        return text.translate(table)
    out: list[str] = []
    last = 0
    for m in _NON_ASCII_RE.finditer(text):
        start, end = m.span()
        out.append(text[last:start].translate(table))
        out.append(m.group().translate(table))
        last = end
    out.append(text[last:].translate(table))
    return "".join(out)


def normalize(text: str) -> Normalized:
    """Normalise for matching: case/width/punctuation-insensitive, offsets kept.

    Separators (punctuation, symbols, spaces) collapse to one space, and vanish between two
    CJK characters so "ヒーロー・マスク" equals "ヒーローマスク".
    """
    table, multi_re = _tables()
    flat = _translate(text, table)
    if multi_re.search(text) is None and len(flat) == len(text):
        return _normalize_flat(text, flat)
    return _normalize_slow(text, flat, multi_re)


def _separator_runs(flat: str, cjk: bool) -> list[tuple[int, int]]:
    """The spans :data:`_SEP_RUN_RE` finds, found faster: runs of two or more spaces (a
    literal-prefix search), single spaces between CJK characters (when ``cjk``: the text
    has CJK characters), and the ends."""
    size = len(flat)
    spans = [m.span() for m in _DOUBLE_SPACE_RE.finditer(flat)]
    if cjk:
        spans += [m.span() for m in _CJK_SPACE_RE.finditer(flat)]
        spans.sort()
    lead = size - len(flat.lstrip(" "))
    if lead and not (spans and spans[0][0] == 0):
        spans.insert(0, (0, lead))
    tail = len(flat.rstrip(" "))
    if tail < size and not (spans and spans[-1][1] == size):
        spans.append((tail, size))
    return spans


def _normalize_flat(text: str, flat: str) -> Normalized:
    """Fast path: every character folded to one; only separator runs change lengths.

    A run at either end, a single space (only matched between CJK characters) or a run
    between two CJK characters vanishes; any other run becomes one space. The shifts follow
    from the run lengths alone, so they are computed in bulk rather than run by run.
    """
    size = len(flat)
    cjk = _CJK_CHAR_RE.search(flat) is not None
    spans = _separator_runs(flat, cjk)
    if not cjk:
        keeps = [0 if a == 0 or b == size else 1 for a, b in spans]
        norm = _DOUBLE_SPACE_RE.sub(" ", flat).strip(" ")
    else:
        keeps = [0 if a == 0 or b == size or b - a == 1 or (
            is_cjk(flat[a - 1]) and is_cjk(flat[b])) else 1 for a, b in spans]
        bounds = [0, *(x for span in spans for x in span), size]
        seps = [" " if k else "" for k in keeps]
        norm = "".join(flat[bounds[2 * i]:bounds[2 * i + 1]] + (seps[i] if i < len(seps) else "")
                       for i in range(len(spans) + 1))
    deltas = [0, *accumulate(b - a - k for (a, b), k in zip(spans, keeps, strict=True))]
    origins = [0, *(b for _a, b in spans)]
    starts = [o - d for o, d in zip(origins, deltas, strict=True)]
    if starts[0] == starts[-1] == 0 and len(starts) > 1:  # text of separators only
        starts, deltas, origins = starts[1:], deltas[1:], origins[1:]
    return Normalized(norm, None, len(text), text, (starts, deltas, origins))


def _normalize_slow(text: str, flat: str, multi_re: re.Pattern[str]) -> Normalized:
    """Characters that fold to several (ß, ½, ﬁ) or none: per-character offsets."""
    has_multi = True
    parts: list[str] = []
    offsets = array("i")
    prev_last = ""
    for m in _TOKEN_RE.finditer(flat):
        s, e = m.span()
        if has_multi and multi_re.search(text, s, e):
            pieces = _expand(text, s, e)
        else:
            pieces = [(m.group(), range(s, e))]
        for token, offs in pieces:
            if parts and not (is_cjk(prev_last) and is_cjk(token[0])):
                parts.append(" ")
                offsets.append(offs[0])
            parts.append(token)
            offsets.extend(offs)
            prev_last = token[-1]
    return Normalized("".join(parts), offsets, len(text), text)


def _expand(text: str, start: int, end: int) -> list[tuple[str, list[int]]]:
    """Fold a token char by char (for characters that fold to 0 or 2+ chars: ß, ½, ﬁ)."""
    pieces: list[tuple[str, list[int]]] = []
    chars: list[str] = []
    offs: list[int] = []
    for i in range(start, end):
        for c in _fold_char(text[i]):
            if c == " ":
                if chars:
                    pieces.append(("".join(chars), offs))
                chars, offs = [], []
            else:
                chars.append(c)
                offs.append(i)
    if chars:
        pieces.append(("".join(chars), offs))
    return pieces


@lru_cache(maxsize=65536)
def normalize_phrase(phrase: str) -> str:
    """Normalised form of an alias or vocabulary phrase."""
    return normalize(phrase).text


def bounded(norm: str, start: int, end: int) -> bool:
    """True when ``norm[start:end]`` does not cut a Latin word at either end."""
    classes = _char_classes()
    if start > 0:
        a, b = ord(norm[start - 1]), ord(norm[start])
        if a < 0x10000 and b < 0x10000 and classes[a] == 2 and classes[b] == 2:
            return False
    if end < len(norm):
        a, b = ord(norm[end - 1]), ord(norm[end])
        if a < 0x10000 and b < 0x10000 and classes[a] == 2 and classes[b] == 2:
            return False
    return True


def find_bounded(norm: str, phrase: str) -> int:
    """Index of the first bounded occurrence of a normalised phrase, or -1."""
    i = norm.find(phrase)
    while i >= 0:
        if bounded(norm, i, i + len(phrase)):
            return i
        i = norm.find(phrase, i + 1)
    return -1


# --------------------------------------------------------------------------------------------
# Titles and matches
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TitleSpec:
    """A watched title as the matcher sees it."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    ambiguous: bool | None = None


@dataclass(frozen=True, slots=True)
class MatchSpan:
    """One occurrence of an alias: offsets into the text (or the headline)."""

    start: int
    end: int
    alias: str
    field: str  # "text" | "headline"


@dataclass(frozen=True)
class TitleMatch:
    """All occurrences of one title in an article and whether they count."""

    title_key: str
    spans: tuple[MatchSpan, ...]
    supported: bool
    why: str

    def text_spans(self) -> tuple[MatchSpan, ...]:
        """Spans in the body text."""
        return tuple(s for s in self.spans if s.field == "text")


@cache
def common_words() -> frozenset[str]:
    """The shipped list of ordinary English words (lower case)."""
    try:
        lines = _WORDLIST.read_text(encoding="utf-8").splitlines()
    except OSError:  # a broken install must not break matching; everything is then rarer
        logger.warning("common word list missing: %s", _WORDLIST)
        return frozenset()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


def is_common_phrase(norm_alias: str) -> bool:
    """Whether an alias needs context: an ordinary English word ("Eden", "Monster"), two
    ordinary words ("Hero Mask", "Blue Lock"), or short katakana.

    Any one Latin word is a common phrase too: one-word titles are also places, planets,
    brands, historical people and games ("Naruto", "Pluto", "Orange", "Yasuke"). Titles of
    three words or more ("Attack on Titan", "Spy x Family") are distinctive even when every
    word is ordinary: nobody writes them by accident.
    """
    tokens = norm_alias.split()
    if not tokens:
        return True
    if any(is_cjk(c) for c in norm_alias):
        return bool(_KATAKANA_RE.match(norm_alias)) and len(norm_alias) <= 4
    if len(tokens) == 1:
        return True
    if len(tokens) >= 3:
        return False
    words = common_words()
    return all(t in words or t.isdigit() for t in tokens)


def alias_forms(title: TitleSpec) -> list[tuple[str, str]]:
    """(original alias, normalised alias) for the name, aliases and derived short forms.

    Derived: the name without a parenthetical qualifier ("Ultraman (Netflix)" -> "Ultraman")
    and the part before a subtitle colon ("Frieren: Beyond Journey's End" -> "Frieren").
    """
    seen: dict[str, str] = {}
    for raw in (title.name, *title.aliases):
        for form in (raw, _PAREN_RE.sub(" ", raw).strip()):
            head = _HEAD_RE.match(form)
            for candidate in (form, head.group(1) if head else ""):
                norm = normalize_phrase(candidate) if candidate else ""
                if len(norm) >= 2 and norm not in seen:
                    seen[norm] = candidate
    return [(orig, norm) for norm, orig in seen.items()]


class Matcher:
    """Finds every watched title in a text with one Aho-Corasick pass."""

    def __init__(self, titles: Iterable[TitleSpec]):
        self.titles: list[TitleSpec] = list(titles)
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, str, bool]]] = {}
        for index, title in enumerate(self.titles):
            # A katakana rendering of a common English name ("ヒーローマスク") is as common.
            name_common = is_common_phrase(normalize_phrase(_PAREN_RE.sub(" ", title.name)))
            for orig, norm in alias_forms(title):
                if title.ambiguous is not None:
                    common = title.ambiguous
                elif _KATAKANA_RE.match(norm):
                    common = name_common or len(norm) <= 4
                else:
                    common = is_common_phrase(norm) and not _CAMEL_RE.match(orig.strip())
                entries.setdefault(norm, []).append((index, orig, common))
        for norm, values in entries.items():
            self._automaton.add_word(norm, (norm, tuple(values)))
        self._empty = not entries
        if not self._empty:
            self._automaton.make_automaton()
        self._context = [tuple(normalize_phrase(c) for c in t.context) for t in self.titles]
        self._exclude = [tuple(normalize_phrase(x) for x in t.exclude) for t in self.titles]
        # Punctuation inside configured aliases ("PSYCHO-PASS", "Hero:Mask"): a text that
        # writes the name with the same marks writes it as a title.
        self._styled = [frozenset(c for a in t.aliases for c in a.strip()
                                  if not c.isalnum() and not c.isspace() and c not in "()（）")
                        for t in self.titles]
        logger.debug("matcher built: %d titles, %d aliases", len(self.titles), len(entries))

    def find(self, text: str, headline: str | None = None) -> list[TitleMatch]:
        """Matches of every title in ``text`` and ``headline``, in watchlist order."""
        return self.find_normalized(normalize(text or ""),
                                    normalize(headline) if headline else None)

    def find_normalized(self, text: Normalized,
                        headline: Normalized | None = None) -> list[TitleMatch]:
        """Same as :meth:`find` for texts already passed through :func:`normalize`."""
        if self._empty:
            return []
        raw: dict[int, list[tuple[int, int, str, str, bool]]] = {}
        fields = [("text", text)] + ([("headline", headline)] if headline else [])
        for field, norm in fields:
            for end, (alias_norm, values) in self._automaton.iter(norm.text):
                start = end - len(alias_norm) + 1
                if not bounded(norm.text, start, end + 1):
                    continue
                for index, orig, common in values:
                    raw.setdefault(index, []).append((start, end + 1, field, orig, common))
        return [m for index, hits in sorted(raw.items())
                if (m := self._judge(index, hits, text, headline)) is not None]

    def _judge(self, index: int, hits: list[tuple[int, int, str, str, bool]],
               text: Normalized, headline: Normalized | None) -> TitleMatch | None:
        """Drop vetoed and nested hits, map offsets back and decide whether they count."""
        title = self.titles[index]
        norms = {"text": text, "headline": headline}
        kept = []
        cover: dict[str, int] = {}  # per field: furthest end of the hits kept so far
        # longest first at equal start, so a nested alias comes after the one holding it
        for hit in sorted(hits, key=lambda h: (h[2], h[0], -(h[1] - h[0]))):
            start, end, field, _orig, _common = hit
            norm = norms[field]
            if end <= cover.get(field, -1):
                continue  # nested in a longer alias of the same title
            if any(_inside(norm.text, start, end, x) for x in self._exclude[index]):
                continue
            cover[field] = end
            kept.append(hit)
        if not kept:
            return None
        spans = []
        ordered = sorted(kept, key=lambda h: (h[2] != "headline", h[0]))
        for start, end, field, orig, _common in ordered:
            s, e = norms[field].span(start, end)
            spans.append(MatchSpan(s, e, orig, field))
        supported, why = self._support(index, kept, text, headline)
        return TitleMatch(title.key, tuple(spans), supported, why)

    def _support(self, index: int, kept: list[tuple[int, int, str, str, bool]],
                 text: Normalized, headline: Normalized | None) -> tuple[bool, str]:
        norms = {"text": text, "headline": headline}
        distinct = [h for h in kept if not h[4]]
        if distinct:
            return True, f"distinctive alias {distinct[0][3]!r}"
        kept = [h for h in kept if not _plain_word_use(norms[h[2]], h)]
        if not kept:
            return False, "a common word used as a word (lower case or sentence-initial)"
        styled = self._styled[index]
        for start, end, field, orig, _common in kept:
            norm = norms[field]
            if norm is None:
                continue
            s, e = norm.span(start, end)
            if (len(orig.split()) > 1 or is_cjk(orig[0])) and _quoted(norm.source, s, e):
                return True, f"common phrase {orig!r} quoted as a title"
            marks = {c for c in norm.source[s:e] if not c.isalnum() and not c.isspace()}
            if marks and marks <= styled:
                return True, f"stylised title {norm.source[s:e]!r}"
            words = norm.source[s:e].split()
            if len(words) > 1 and all(w[:1].isupper() for w in words) and _not_english(
                    text.source or norm.source):
                return True, f"English phrase {orig!r} capitalised in a text not in English"
        haystacks = [text.text] + ([headline.text] if headline else [])
        for term in self._context[index]:
            if term and any(find_bounded(h, term) >= 0 for h in haystacks):
                return True, f"common phrase {kept[0][3]!r} with title context {term!r}"
        term = generic_context_term(haystacks)
        if term:
            return True, f"common phrase {kept[0][3]!r} with anime context {term!r}"
        return False, f"common phrase {kept[0][3]!r} without anime context"


# Function words after a sentence-initial common word: "Given its success", "Another one".
_FUNCTION_AFTER = frozenset({"its", "the", "a", "an", "that", "this", "these", "those", "of", "to",
                             "in", "for", "with", "and", "or", "one", "is", "was", "day", "time"})
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?。！？:]\s*|\n\s*)$")
# Text written all in lower case (forum posts, chat): a lower-case name there is still a name.
# Below this share of capitals among letters, case says nothing about word use.
CASUAL_CAPS_SHARE = 0.012
CASUAL_MIN_LETTERS = 40


def _plain_word_use(norm: Normalized | None, hit: tuple[int, int, str, str, bool]) -> bool:
    """A one-word common alias used as a plain word: lower case ("another season"), or at a
    sentence start followed by a function word ("Given its success", "Another season of").

    Only words of the English word list can be plain words at a sentence start: "Dororo is
    one of those rare anime" names the show. A lower-case name that is no English word
    ("pluto" in a post written all in lower case) is a name too; in normally capitalised
    text a lower-case occurrence is a word (German "frieren").
    """
    start, end, _field, orig, common = hit
    if norm is None or not common or " " in orig.strip() or is_cjk(orig[0]):
        return False
    s, e = norm.span(start, end)
    surface = norm.source[s:e]
    word = surface.lower() in common_words()
    if surface[:1].islower():
        return word or not _casual(norm.source)
    if not word:
        return False
    nxt = norm.source[e:e + 24].split()
    if not (_SENTENCE_START_RE.search(norm.source[max(0, s - 3):s]) and nxt):
        return False
    first = nxt[0].lower().strip(",.;:")
    if first == "season":  # "Another season of the show" (not "Monster Season 2")
        return len(nxt) < 2 or not nxt[1][:1].isdigit()
    return first in _FUNCTION_AFTER


def _not_english(source: str) -> bool:
    """Whether a text is written in another language than English (few English function
    words among its words, or mostly CJK)."""
    sample = source[:FOREIGN_SAMPLE_CHARS]
    if sum(1 for c in sample if is_cjk(c)) >= len(sample) * 0.3:
        return True
    words = _LATIN_WORD_RE.findall(sample.lower())
    if len(words) < FOREIGN_MIN_WORDS:
        return False
    english = sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS)
    return english <= len(words) * FOREIGN_MAX_ENGLISH_SHARE


def _casual(source: str) -> bool:
    """Whether a text is written (almost) without capitals."""
    sample = source[:2000]
    letters = sum(1 for c in sample if c.isalpha())
    if letters < CASUAL_MIN_LETTERS:
        return False
    return sum(1 for c in sample if c.isupper()) < letters * CASUAL_CAPS_SHARE


# Quotation marks and title brackets around a name mark it as a title.
_OPEN_QUOTES = "\"'“‘«「『【《〈"
_CLOSE_QUOTES = "\"'”’»」』】》〉"


def _quoted(source: str, start: int, end: int) -> bool:
    """Whether ``source[start:end]`` stands between quotation marks or title brackets."""
    before = source[max(0, start - 2):start].rstrip()
    after = source[end:end + 2].lstrip()
    return bool(before and after and before[-1] in _OPEN_QUOTES and after[0] in _CLOSE_QUOTES)


def _inside(norm: str, start: int, end: int, phrase: str) -> bool:
    """Whether an occurrence of ``phrase`` covers ``norm[start:end]``."""
    if not phrase:
        return False
    lo = max(0, end - len(phrase))
    i = norm.find(phrase, lo)
    while 0 <= i <= start:
        if i + len(phrase) >= end:
            return True
        i = norm.find(phrase, i + 1)
    return False


@cache
def _generic_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for term in GENERIC_CONTEXT:
        norm = normalize_phrase(term)
        auto.add_word(norm, norm)
    auto.make_automaton()
    return auto


def generic_context_term(haystacks: Iterable[str]) -> str | None:
    """The first generic anime-context term found (bounded) in normalised texts, or None."""
    auto = _generic_automaton()
    for hay in haystacks:
        for end, term in auto.iter(hay):
            if bounded(hay, end - len(term) + 1, end + 1):
                return term
    return None


def match_title(title: TitleSpec, text: str, headline: str | None = None) -> TitleMatch | None:
    """Convenience for one title (builds a throwaway matcher)."""
    found = Matcher([title]).find(text, headline)
    return found[0] if found else None
