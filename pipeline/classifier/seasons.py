"""Season numbers in every form we read, found in normalised text.

"Season 3", "third season", "3rd season", "season III", "Season Two", "S3", 第3期, 第三期,
2期, 第2シーズン, "terza stagione", "tercera temporada", "troisième saison", "dritte Staffel",
"3ª temporada", "2. Staffel", "musim kedua"... Each hit is a :class:`SeasonRef` with the
number and a kind: ``season`` (a TV season) or ``part`` ("Part 2", "2nd cour", 後半: a split
of a season, never a new season by the labelling conventions).

Plural counts are not season references ("two seasons", "2 Staffeln" do not match because
the noun must be singular and whole).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import chain
from typing import NamedTuple

import ahocorasick

from pipeline.classifier import (
    lexicon_de,
    lexicon_en,
    lexicon_es,
    lexicon_fr,
    lexicon_it,
    lexicon_misc,
    lexicon_pt,
)
from pipeline.matching import bounded

# Kanji numerals for 第三期.
KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# Roman numerals accepted after "season" or a title ("Mob Psycho 100 III"); "i" is left out
# (it is the English pronoun).
ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
# Words allowed between an ordinal and the noun: "third and final season", "seconda nuova stagione".
FILLERS = (
    r"(?:(?:and|e|y|et|und|&|ve|i) (?:final|last|ultima|derniere|letzte|son) )?"
    r"(?:(?:new|anime|tv|full|final|nuova|nueva|neue|nouvelle|nova|anime) )?"
)
# Ordinal suffixes after digits: 3rd, 3a (3ª), 3o, 2e, 2eme, 2 (German "2."), 2nd.
DIGIT_SUFFIX = r"(?:st|nd|rd|th|a|o|e|eme|er|ere|ta|do|da|ro|ra)?"
# Final runs: "final", "last", "ultima", "letzte"... before a season-like noun.
FINAL_WORDS = r"(?:final|last|ultima|ultimo|ultime|letzte[nr]?|finale[nr]?|derniere|ultim[ao]s?)"
FINAL_NOUNS = (r"(?:season|chapter|installment|arc|stagione|capitolo|temporada|capitulo|staffel"
               r"|kapitel"
               r"|saison|chapitre)")
# Nouns that only take part in "final ..." runs.
FINAL_ONLY_NOUNS = ("chapter", "installment", "arc", "capitolo", "capitulo", "kapitel", "chapitre")
# Japanese words for halves of a season.
JA_PARTS = ("後半", "前半", "第2部", "後編")  # not 分割: "分割2クール" is a format
# Halves of a season (after an ordinal).
HALF_WORDS = ("half", "halfte", "meta", "mitad", "moitie", "metade")
# Plural season nouns, read only before "N and M" ("Seasons 2 and 3", "Staffeln 2 und 3").
PLURAL_NOUNS = ("seasons", "stagioni", "temporadas", "staffeln", "saisons")
# Splits of one season.
PART_WORDS = ("part", "parte", "teil", "partie", "cour", "kuru")


class SeasonRef(NamedTuple):
    """A season (or part) number found at normalised offsets [start, end)."""

    start: int
    end: int
    number: int
    kind: str  # "season" | "part"


def _word_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    if token in ROMAN:
        return ROMAN[token]
    if token in lexicon_en.NUMBER_WORDS:
        return lexicon_en.NUMBER_WORDS[token]
    if all(c in KANJI_DIGITS for c in token):
        if len(token) == 1 and token.startswith("十"):
            return 10
        if token.startswith("十"):
            return 10 + KANJI_DIGITS[token[1]]
        return KANJI_DIGITS[token[0]]
    return _ordinals().get(token)


@cache
def _ordinals() -> dict[str, int]:
    ords: dict[str, int] = {}
    for table in (lexicon_en.ORDINALS, lexicon_it.ORDINALS, lexicon_es.ORDINALS,
                  lexicon_pt.ORDINALS,
                  lexicon_fr.ORDINALS, lexicon_de.ORDINALS, *lexicon_misc.ORDINALS.values()):
        ords.update(table)
    return ords


@cache
def _parts() -> dict[str, str]:
    """Regex fragments shared by the handlers."""
    return {
        "ord": "(?:" + "|".join(sorted(_ordinals(), key=len, reverse=True)) + ")",
        "numword": "|".join(lexicon_en.NUMBER_WORDS),
        "roman": "|".join(ROMAN),
        "kanji": "[一二三四五六七八九十]{1,3}",
    }


@cache
def _regexes() -> dict[str, re.Pattern[str]]:
    """Patterns anchored at a trigger word: "...$" patterns end where the trigger starts."""
    f = _parts()
    ordinal, numword, roman, kanji = f["ord"], f["numword"], f["roman"], f["kanji"]
    return {
        # "third and final epic chapter", "the final season", "l'ultima stagione"
        "final_before": re.compile(
            rf"(?<![a-z0-9])(?:({ordinal}|\d{{1,2}}{DIGIT_SUFFIX}) (?:and|e|y|et|und|&) )?"
            rf"{FINAL_WORDS} (?:\w+ )?$"),
        # "third season", "terza e ultima stagione", "dritten Staffel", "3rd season", "3a temporada"
        "ord_before": re.compile(rf"(?<![a-z0-9])({ordinal})(?:n|r|s|m)? {FILLERS}$"),
        "digit_before": re.compile(rf"(?<![a-z0-9])(\d{{1,2}}){DIGIT_SUFFIX} {FILLERS}$"),
        # "season 3", "season two", "season iii", "musim kedua"
        "noun_after": re.compile(rf" (?:ke ?)?(\d{{1,2}}|{numword}|{roman}|{ordinal})(?![a-z0-9])"),
        "part_after": re.compile(rf" (\d|{roman}|two|three|due|dos|duas|zwei|deux)(?![a-z0-9])"),
        "part_before": re.compile(rf"(?<![a-z0-9])(\d|{ordinal}){DIGIT_SUFFIX} $"),
        "half_before": re.compile(rf"(?<![a-z0-9])({ordinal}|\d){DIGIT_SUFFIX} $"),
        "runde_before": re.compile(rf"(?<![a-z0-9])({ordinal}) $"),
        "ki_before": re.compile(rf"第?(\d{{1,2}}|{kanji})$"),
        "ja_season_before": re.compile(rf"第?(\d{{1,2}}|{kanji})(?:st|nd|rd|th)? ?$"),
        "cjk_after": re.compile(r" ?(\d{1,2})"),
        "zh_before": re.compile(rf"第(\d{{1,2}}|{kanji}) ?$"),
        "digits_before": re.compile(r"(\d{1,2})$"),
        "cour_before": re.compile(rf"第(\d|{kanji}) ?$"),
        "cour_count": re.compile(rf"(\d|{kanji}) ?$"),
        "ja_series_before": re.compile(rf"第(\d{{1,2}}|{kanji}) ?$"),
        "plural_after": re.compile(r" (\d{1,2}) (?:and|&|e|y|und|et|dan) \d{1,2}(?![a-z0-9])"),
    }


@cache
def _triggers() -> ahocorasick.Automaton:
    """Words every season form contains; the patterns run only around them."""
    nouns = set(lexicon_en.SEASON_NOUNS + lexicon_it.SEASON_NOUNS + lexicon_es.SEASON_NOUNS
                + lexicon_pt.SEASON_NOUNS + lexicon_fr.SEASON_NOUNS + lexicon_de.SEASON_NOUNS)
    for extra in lexicon_misc.SEASON_NOUNS.values():
        nouns.update(extra)
    keys: dict[str, str] = dict.fromkeys(nouns, "noun")
    keys.update(dict.fromkeys(FINAL_ONLY_NOUNS, "fnoun"))
    keys.update(dict.fromkeys(PART_WORDS, "part"))
    # the second half of a season: "second half", "zweite Hälfte", "seconda metà", "segunda mitad"
    keys.update(dict.fromkeys(HALF_WORDS, "half"))
    keys.update({"runde": "runde", "期": "ki", "シーズン": "ja_season", "季": "zh",
                 "시즌": "ko_season", "기": "ko_gi", "クール": "cour_ja",
                 # "第5シリーズ" (Kingdom counts its seasons as series; 新シリーズ has no number)
                 "シリーズ": "ja_series"})
    # "Seasons 2 and 3": the first of the seasons announced together
    keys.update(dict.fromkeys(PLURAL_NOUNS, "plural"))
    keys.update(dict.fromkeys(JA_PARTS, "part_ja"))
    keys.update({f"s{n}": "s_n" for n in range(1, 41)})
    keys.update({f"season{n}": "season_n" for n in range(1, 21)})  # "ゆるキャン△ SEASON3"
    auto = ahocorasick.Automaton()
    for key, kind in keys.items():
        auto.add_word(key, (key, kind))
    auto.make_automaton()
    return auto


@lru_cache(maxsize=64)
def _number_forms(numbers: frozenset[int]) -> re.Pattern[str]:
    """Any written form of some season numbers (digits, ordinals, number words, roman and
    kanji numerals) or a final stem; may over-match inside longer words."""
    forms = {w for w, n in _ordinals().items() if n in numbers}
    forms |= {w for w, n in lexicon_en.NUMBER_WORDS.items() if n in numbers}
    forms |= {w for w, n in ROMAN.items() if n in numbers}
    forms |= set(_FINAL_STEMS)
    forms |= {k for k, n in KANJI_DIGITS.items() if n in numbers}
    words = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    digits = "|".join(str(n) for n in sorted(numbers))
    return re.compile(rf"(?<!\d)(?:{digits})(?!\d)|{words}")


def find_seasons_of(norm: str, ranges: list[tuple[int, int]],
                    numbers: frozenset[int]) -> list[SeasonRef]:
    """:func:`find_seasons` in ``ranges`` for the references that can name one of
    ``numbers`` or a final run: only the season words with such a number form in reach are
    looked at (a fast pass for long texts)."""
    forms = _number_forms(numbers)
    windows: list[tuple[int, int]] = []
    auto = _triggers()
    for end, (key, _kind) in chain.from_iterable(auto.iter(norm, a, b) for a, b in ranges):
        lo, hi = max(0, end - len(key) - 60), end + 10
        if forms.search(norm, lo, hi):
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], hi)
            else:
                windows.append((lo, hi))
    if not windows:
        return []
    return find_seasons(norm, [(max(lo, a), min(hi, b)) for lo, hi in windows
                               for a, b in ranges if a < hi and lo < b])


def find_seasons(norm: str, ranges: list[tuple[int, int]] | None = None) -> list[SeasonRef]:
    """Season, part and final-run references in a normalised text, in order of position
    (only in ``ranges``, normalised [start, end) spans, when given)."""
    refs: list[SeasonRef] = []
    auto = _triggers()
    spans = ranges or [(0, len(norm))]
    for end, (key, kind) in chain.from_iterable(auto.iter(norm, a, b) for a, b in spans):
        start = end - len(key) + 1
        stop = end + 1
        if key.isascii() and not bounded(norm, start, stop):
            continue
        refs.extend(_HANDLERS[kind](norm, start, stop))
    refs.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[SeasonRef] = []
    for ref in refs:
        if kept and ref.start < kept[-1].end:
            if (ref.end - ref.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = ref
            continue
        kept.append(ref)
    return kept


def _number(token: str) -> int | None:
    number = _word_number(re.sub(r"\D+$", "", token) if token[:1].isdigit() else token)
    return number if number is not None and 0 < number <= 40 else None


def _before(name: str, norm: str, start: int, reach: int = 48) -> re.Match[str] | None:
    return _regexes()[name].search(norm, max(0, start - reach), start)


# Substrings every final run contains, and the reach of the patterns before a noun: cheap
# tests that skip the regexes for most nouns.
_FINAL_STEMS = ("final", "last", "ultim", "letzt", "derni")
_DIGIT_RE = re.compile(r"\d")


def _final_near(norm: str, start: int) -> bool:
    window = norm[max(0, start - 60):start]
    return any(stem in window for stem in _FINAL_STEMS)


def _ordinal_near(norm: str, start: int) -> bool:
    ords = _ordinals()
    return any(w in ords or w[:-1] in ords for w in norm[max(0, start - 48):start].split()[-5:])


def _noun(norm: str, start: int, stop: int) -> list[SeasonRef]:
    out = []
    m = _before("final_before", norm, start, 60) if _final_near(norm, start) else None
    if m:
        number = (_number(m.group(1)) or 0) if m.group(1) else 0
        out.append(SeasonRef(m.start(), stop, number, "final"))
    window = norm[max(0, start - 48):start]
    for name, wanted in (("ord_before", _ordinal_near(norm, start)),
                         ("digit_before", _DIGIT_RE.search(window) is not None)):
        m = _before(name, norm, start) if wanted else None
        if m and (n := _number(m.group(1))):
            out.append(SeasonRef(m.start(), stop, n, "season"))
            break
    m = _regexes()["noun_after"].match(norm, stop)
    if m and (n := _number(m.group(1))):
        out.append(SeasonRef(start, m.end(), n, "season"))
    return out


def _final_noun(norm: str, start: int, stop: int) -> list[SeasonRef]:
    if not _final_near(norm, start):
        return []
    m = _before("final_before", norm, start, 60)
    if not m:
        return []
    return [SeasonRef(m.start(), stop, _number(m.group(1)) or 0 if m.group(1) else 0, "final")]


def _part(norm: str, start: int, stop: int) -> list[SeasonRef]:
    m = _regexes()["part_after"].match(norm, stop)
    if m and (n := _number(m.group(1))):
        return [SeasonRef(start, m.end(), n, "part")]
    m = _before("part_before", norm, start, 20)
    if m and (n := _number(m.group(1))):
        return [SeasonRef(m.start(), stop, n, "part")]
    return []


def _simple_before(name: str, kind: str, reach: int = 20):
    def handler(norm: str, start: int, stop: int) -> list[SeasonRef]:
        m = _before(name, norm, start, reach)
        if m and (n := _number(m.group(1))):
            return [SeasonRef(m.start(), stop, n, kind)]
        return []
    return handler


def _ki(norm: str, start: int, stop: int) -> list[SeasonRef]:
    if stop < len(norm) and norm[stop] in "間待限末日生":
        return []
    return _simple_before("ki_before", "season", 6)(norm, start, stop)


def _ja_season(norm: str, start: int, stop: int) -> list[SeasonRef]:
    out = _simple_before("ja_season_before", "season", 8)(norm, start, stop)
    m = _regexes()["cjk_after"].match(norm, stop)
    if not out and m and (n := _number(m.group(1))):
        out.append(SeasonRef(start, m.end(), n, "season"))
    return out


def _ko_season(norm: str, start: int, stop: int) -> list[SeasonRef]:
    m = _regexes()["cjk_after"].match(norm, stop)
    if m and (n := _number(m.group(1))):
        return [SeasonRef(start, m.end(), n, "season")]
    return []


def _ko_gi(norm: str, start: int, stop: int) -> list[SeasonRef]:
    if stop < len(norm) and norm[stop] == "간":
        return []
    return _simple_before("digits_before", "season", 3)(norm, start, stop)


def _s_n(norm: str, start: int, stop: int) -> list[SeasonRef]:
    if re.match(r" ?e\d", norm[stop:stop + 3]):
        return []  # "S2 E5": an episode reference
    return [SeasonRef(start, stop, int(norm[start + 1:stop]), "season")]


def _cour_ja(norm: str, start: int, stop: int) -> list[SeasonRef]:
    """第2クール / 2クール目 is the second cour (a part); 2クール alone is a length."""
    out = _simple_before("cour_before", "part", 6)(norm, start, stop)
    if out or not norm.startswith("目", stop):
        return out
    return _simple_before("cour_count", "part", 4)(norm, start, stop)


def _part_ja(norm: str, start: int, stop: int) -> list[SeasonRef]:
    return [SeasonRef(start, stop, 1 if norm[start:stop] == "前半" else 2, "part")]


def _plural(norm: str, start: int, stop: int) -> list[SeasonRef]:
    m = _regexes()["plural_after"].match(norm, stop)
    if m and (n := _number(m.group(1))):
        return [SeasonRef(start, m.end(), n, "season")]
    return []


_HANDLERS = {
    "ja_series": _simple_before("ja_series_before", "season", 6), "plural": _plural,
    "noun": _noun, "fnoun": _final_noun, "part": _part,
    "half": _simple_before("half_before", "part"),
    "runde": _simple_before("runde_before", "season"),
    "ki": _ki, "ja_season": _ja_season, "zh": _simple_before("zh_before", "season", 8),
    "ko_season": _ko_season, "ko_gi": _ko_gi, "cour_ja": _cour_ja,
    "part_ja": _part_ja, "s_n": _s_n,
    "season_n": lambda norm, start, stop: [SeasonRef(start, stop, int(norm[start + 6:stop]),
                                                     "season")],
}


# A number right after a title: "Tiger & Bunny 2", "Mob Psycho 100 III", "ヒーローマスク1".
_SEQUEL_RE = re.compile(
    r"^\s*[:\-–]?\s*(\d{1,2}|II|III|IV|V|VI|VII|VIII|IX|X)(?![\d./,%年月日話])"
    r"(?!\s*(?:episod|ep\b|chapter|volume|vol\b|cap[ií]tulo|episodi|folge|話|巻|\w+\s+episod))"
    r"(?=\s|$|[:!?.,»\"'”」』)\]-])"
)


def sequel_number(after: str) -> int | None:
    """Season number written straight after a title ("Edgerunners 2"), or None."""
    m = _SEQUEL_RE.match(after[:24])
    if not m:
        return None
    token = m.group(1).lower()
    number = _word_number(token)
    return number if number and number <= 20 else None
