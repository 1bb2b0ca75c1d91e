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
from dataclasses import dataclass
from functools import cache

from pipeline.classifier import lexicon_de, lexicon_en, lexicon_es, lexicon_fr, lexicon_it, lexicon_misc
from pipeline.classifier import lexicon_pt

# Kanji numerals for 第三期.
KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
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
FINAL_NOUNS = (r"(?:season|chapter|installment|arc|stagione|capitolo|temporada|capitulo|staffel|kapitel"
               r"|saison|chapitre)")
# Splits of one season.
PART_WORDS = ("part", "parte", "teil", "partie", "cour", "kuru")


@dataclass(frozen=True, slots=True)
class SeasonRef:
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
        if token == "十":
            return 10
        if token.startswith("十"):
            return 10 + KANJI_DIGITS[token[1]]
        return KANJI_DIGITS[token[0]]
    return _ordinals().get(token)


@cache
def _ordinals() -> dict[str, int]:
    ords: dict[str, int] = {}
    for table in (lexicon_en.ORDINALS, lexicon_it.ORDINALS, lexicon_es.ORDINALS, lexicon_pt.ORDINALS,
                  lexicon_fr.ORDINALS, lexicon_de.ORDINALS, *lexicon_misc.ORDINALS.values()):
        ords.update(table)
    return ords


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    nouns = set(lexicon_en.SEASON_NOUNS + lexicon_it.SEASON_NOUNS + lexicon_es.SEASON_NOUNS
                + lexicon_pt.SEASON_NOUNS + lexicon_fr.SEASON_NOUNS + lexicon_de.SEASON_NOUNS)
    for extra in lexicon_misc.SEASON_NOUNS.values():
        nouns.update(extra)
    noun = "(?:" + "|".join(sorted(nouns, key=len, reverse=True)) + ")"
    ordinal = "(?:" + "|".join(sorted(_ordinals(), key=len, reverse=True)) + ")"
    numword = "|".join(lexicon_en.NUMBER_WORDS)
    roman = "|".join(ROMAN)
    kanji = "[一二三四五六七八九十]{1,3}"
    part = "(?:" + "|".join(PART_WORDS) + ")"
    return [
        # "third and final epic chapter", "the final chapter", "ultima stagione": final runs
        (re.compile(rf"(?<![a-z0-9])({ordinal}|\d{{1,2}}{DIGIT_SUFFIX}) (?:and|e|y|et|und|&) {FINAL_WORDS} "
                    rf"(?:\w+ )?{FINAL_NOUNS}(?![a-z0-9])"), "final"),
        (re.compile(rf"(?<![a-z0-9]){FINAL_WORDS} (?:\w+ )?{FINAL_NOUNS}(?![a-z0-9])"), "final"),
        # noun + number: "season 3", "stagione 2", "season two", "season iii", "musim kedua"
        (re.compile(rf"(?<![a-z0-9]){noun} (?:ke ?)?(\d{{1,2}}|{numword}|{roman}|{ordinal})(?![a-z0-9])"), "season"),
        # ordinal + noun: "third season", "terza e ultima stagione", "dritten staffel"
        (re.compile(rf"(?<![a-z0-9])({ordinal})(?:n|r|s|m)? {FILLERS}{noun}(?![a-z0-9])"), "season"),
        # digits + suffix + noun: "3rd season", "3a temporada", "2e saison", "2 staffel"
        (re.compile(rf"(?<![a-z0-9])(\d{{1,2}}){DIGIT_SUFFIX} {FILLERS}{noun}(?![a-z0-9])"), "season"),
        # "S3"
        (re.compile(r"(?<![a-z0-9])s(\d{1,2})(?![a-z0-9])(?! ?e\d)"), "season"),
        # German idiom "geht in die zweite Runde"
        (re.compile(rf"(?<![a-z0-9])({ordinal}) runde(?![a-z0-9])"), "season"),
        # Japanese / Chinese / Korean
        (re.compile(rf"第?(\d{{1,2}}|{kanji})期(?![間待限末日生])"), "season"),
        (re.compile(rf"第(\d{{1,2}}|{kanji}) ?(?:シーズン|季)"), "season"),
        (re.compile(r"(\d{1,2})(?:st|nd|rd|th)? ?シーズン"), "season"),
        (re.compile(r"シーズン ?(\d{1,2})"), "season"),
        (re.compile(r"시즌 ?(\d{1,2})"), "season"),
        (re.compile(r"(\d{1,2})기(?!간)"), "season"),
        # splits of a season
        (re.compile(rf"(?<![a-z0-9]){part} (\d|{roman}|two|three|due|dos|duas|zwei|deux)(?![a-z0-9])"), "part"),
        (re.compile(rf"(?<![a-z0-9])(\d|{ordinal}){DIGIT_SUFFIX} {part}(?![a-z0-9])"), "part"),
        (re.compile(r"(?<![a-z0-9])(second|2nd|first|1st) half(?![a-z0-9])"), "part"),
        (re.compile(rf"第?(\d|{kanji}) ?クール"), "part"),
        (re.compile(r"(後半|前半|第2部|後編|分割)"), "part"),
    ]


def find_seasons(norm: str) -> list[SeasonRef]:
    """Season and part references in a normalised text, in order of position."""
    refs: list[SeasonRef] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _patterns():
        for m in pattern.finditer(norm):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "final":
                token = m.group(1) if m.groups() else None
                number = _word_number(re.sub(r"\D+$", "", token) if token and token[0].isdigit()
                                      else token) if token else 0
                refs.append(SeasonRef(s, e, number or 0, "final"))
                taken.append((s, e))
                continue
            token = m.group(1)
            number = 2 if token in ("後半", "第2部", "後編", "分割") else (
                1 if token == "前半" else _word_number(token))
            if number is None or not 0 < number <= 40:
                continue
            refs.append(SeasonRef(s, e, number, kind))
            taken.append((s, e))
    refs.sort(key=lambda r: r.start)
    return refs


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
