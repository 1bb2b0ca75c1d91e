"""Sentences, clauses and which sentences are "about" the watched title.

Sentences split on 。！？ always and on . ! ? before white space (not after an
abbreviation, and not on the "!" that ends a title such as "Haikyu!!"), and on line breaks
(paragraph breaks). A sentence is about the title (tier 1) when it names the title, follows
a naming sentence in the same paragraph, or refers back with an anaphor ("the series",
本作, "la serie") soon after one. Other sentences of a short text, or of the lede when only
the headline names the title, are tier 2: they decide only when tier 1 says nothing.
Sentences that name another show's season ("Squid Game season two") are never about ours.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from pipeline.matching import GENERIC_CONTEXT, Normalized, is_cjk

# Abbreviations whose period does not end a sentence.
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "vs", "no", "vol", "ep", "eps", "jr", "sr", "inc", "ltd", "co",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "ca", "etc", "e.g", "i.e", "p", "pp", "fig", "nr", "bzw", "sig", "sra",
})
# Generic capitalised words that may precede "Season" without naming another show.
GENERIC_CAPS = frozenset({
    "the", "a", "an", "new", "final", "last", "first", "second", "third", "fourth", "fifth", "next",
    "this", "its", "their", "anime", "tv", "netflix", "netflix's", "crunchyroll", "crunchyroll's",
    "upcoming", "entire", "whole", "full", "one", "two", "three", "part", "in", "on", "of", "and",
    "for", "with", "after", "before", "when", "while", "but", "that", "his", "her", "our",
    "another", "later", "each", "every", "current", "previous", "official", "confirmed", "english",
    "japanese", "sub", "dub", "simulcast", "winter", "spring", "summer", "fall", "autumn",
    "la", "el", "le", "il", "die", "der", "das", "une", "un", "una", "uma", "o", "os",
    "nuova", "nueva", "neue", "nouvelle", "nova", "seconda", "segunda", "zweite", "deuxième",
    "terza", "tercera", "terceira", "dritte", "troisième", "season", "staffel", "stagione",
    "temporada", "saison", "why", "how", "what", "will", "is", "does", "did", "has", "have",
    # articles and function words of the other languages we read
    "eine", "ein", "einer", "einen", "den", "dem", "des", "von", "und", "les", "du", "et",
    "los", "las", "lo", "gli", "i", "uno", "y", "e", "de", "da", "do", "di", "del", "della", "nel",
    "con", "per", "por", "para", "sur", "dans", "mit", "auf", "im", "am", "al", "au", "aux",
})
# Texts shorter than this are analysed whole; longer ones only where they can speak of the
# title (see :func:`analysis_regions`).
REGION_MIN_CHARS = 1500
LEDE_PARAGRAPHS = 2
ANAPHOR_REACH = 3  # sentences after the last naming one where "the series" still refers back
# (The lookahead lets the engine skip quickly to a candidate character.)
_BOUNDARY_RE = re.compile(
    r"(?=[。！？.!?\n])(?:[。！？]+[」』”\"’)）\]]*|[.!?]+[”\"’)）\]»]*|\n+)")
_FOREIGN_BEFORE_RE = re.compile(
    r"((?:[A-Z0-9][\w'’:&!.\-]*\s+){1,5})(?:[Ss]eason|Staffel|[Ss]tagione|[Tt]emporada|[Ss]aison)\b")
_FOREIGN_AFTER_RE = re.compile(
    r"\b(?:[Ss]eason|Staffel|[Ss]tagione|[Tt]emporada|[Ss]aison)\s+(?:\w+\s+)?"
    r"(?:of|de|di|von|du|da|do|del)\s+((?:[A-Z][\w'’:&!\-]*\s*){1,5})")
_FOREIGN_JA_RE = re.compile(
    r"[『「]([^』」]{1,40})[』」]\s*(?:の)?\s*(?:アニメ)?\s*(?:第?\d+期|続編|劇場版|[二三四]期)")


@dataclass(slots=True)
class Sentence:
    """A sentence of the text or the headline, with offsets in both forms."""

    index: int
    field: str                 # "text" | "headline"
    start: int                 # original offsets
    end: int
    nstart: int                # normalised offsets
    nend: int
    paragraph: int
    question: bool = False
    mention: bool = False
    tier: int = 0              # 1 about, 2 weakly about, 0 not about


def split_sentences(text: str, protect: list[tuple[int, int]],
                    regions: list[tuple[int, int, int]] | None = None
                    ) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each sentence; ``protect`` spans are never cut.

    ``regions`` ((start, end, paragraph number at start) in original offsets, starting at
    paragraph starts) limits the work to parts of a long text.
    """
    out: list[tuple[int, int, int]] = []
    # marks inside a protected span ("Dr. Stone", "Haikyu!!"), looked up in O(1)
    protected = {i for ps, pe in protect for i in range(ps, min(pe, len(text)))
                 if text[i] in ".!?"}

    for lo, hi, first_paragraph in regions or [(0, len(text), 0)]:
        start, paragraph = lo, first_paragraph
        for m in _BOUNDARY_RE.finditer(text, lo, hi):
            s, e = m.span()
            mark = text[s]
            if mark == "\n":
                _push(out, text, start, s, paragraph)
                start, paragraph = e, paragraph + 1
                continue
            if mark in ".!?" and not (
                    # the common case first: ". The" after an ordinary word
                    mark == "." and text[e:e + 1] == " " and text[e + 1:e + 2].isupper()
                    and s not in protected and _not_abbreviation(text, s)
            ) and (s in protected or not _latin_boundary(text, s, e, mark)):
                continue
            _push(out, text, start, e, paragraph)
            start = e
        _push(out, text, start, hi, paragraph)
    return out


def _not_abbreviation(text: str, s: int) -> bool:
    """The word before the period at ``s`` is not an abbreviation or a single letter."""
    word = text[max(0, s - 12):s].rsplit(None, 1)[-1] if s else ""
    return not (word and (word.lower() in ABBREVIATIONS or len(word) == 1))


def _latin_boundary(text: str, s: int, e: int, mark: str) -> bool:
    rest = text[e:e + 3]
    if not rest:
        return True
    if is_cjk(rest[0]):
        return True
    if not rest[0].isspace():
        return False
    nxt = rest.lstrip()[:1]
    if mark in "!?" and nxt.islower():
        return False  # "Haikyu!! season 4", "Yuri!!! on Ice"
    return mark != "." or _not_abbreviation(text, s)


def _push(out: list[tuple[int, int, int]], text: str, start: int, end: int, paragraph: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        start += len(chunk) - len(chunk.lstrip())
        out.append((start, start + len(stripped), paragraph))


def to_norm(norm: Normalized, original: int) -> int:
    """First normalised index whose original offset is >= ``original``."""
    return norm.to_norm(original)


def build_sentences(text: str, norm: Normalized, field_name: str,
                    protect: list[tuple[int, int]], first_index: int = 0,
                    regions: list[tuple[int, int, int]] | None = None) -> list[Sentence]:
    """Sentences of ``text`` (of its ``regions`` when given) with normalised bounds and
    question flags."""
    sentences = []
    tn = norm.to_norm
    find = text.find
    for i, (s, e, para) in enumerate(split_sentences(text, protect, regions)):
        question = find("?", s, e) >= 0 or find("？", s, e) >= 0
        sentences.append(Sentence(first_index + i, field_name, s, e, tn(s), tn(e), para,
                                  question))
    return sentences


# Words every pattern of :func:`is_foreign` needs (a cheap test before the regexes).
_FOREIGN_NEEDS = ("eason", "Staffel", "tagione", "emporada", "aison", "『", "「")


def is_foreign(sentence_text: str, title_words: set[str]) -> bool:
    """Whether a sentence (that does not name our title) names another show's season."""
    if not any(w in sentence_text for w in _FOREIGN_NEEDS):
        return False
    for m in _FOREIGN_BEFORE_RE.finditer(sentence_text):
        words = [w.strip(".,:;!'’\"").lower() for w in m.group(1).split()]
        words = [w for w in words if w and w not in GENERIC_CAPS and not w.isdigit()
                 and w not in title_words]
        if words:
            return True
    for m in _FOREIGN_AFTER_RE.finditer(sentence_text):
        words = [w.strip(".,:;!'’\"").lower() for w in m.group(1).split()]
        if any(w and w not in GENERIC_CAPS and w not in title_words for w in words):
            return True
    return any(not (set(m.group(1).lower().split()) & title_words)
               for m in _FOREIGN_JA_RE.finditer(sentence_text))


_CAPS_RUN_RE = re.compile(r"(?:[A-Z][\w'’&!\-]*(?:\s+|$)){2,}")


def names_other_work(chunk: str, title_words: set[str]) -> bool:
    """Whether a sentence names some other work: two capitalised words in a row that are
    neither generic ("The", "Netflix", "Season") nor part of the watched title."""
    for m in _CAPS_RUN_RE.finditer(chunk):
        words = [bare(w) for w in m.group().split()]
        names = [w for w in words if w not in GENERIC_CAPS and w not in generic_names()]
        if len(names) >= 2 and not any(w in title_words for w in names):
            return True
    return False


def bare(word: str) -> str:
    return word.strip(".,:;!'’\"").lower().removesuffix("'s").removesuffix("’s")


@cache
def generic_names() -> frozenset[str]:
    return frozenset(w for term in GENERIC_CONTEXT for w in term.lower().split())


def assign_tiers(sentences: list[Sentence], text: str, anaphor_sentences: set[int],
                 title_words: set[str], headline_mentions: bool,
                 cue_sentences: set[int] | None = None, short: bool | None = None,
                 echoes: set[int] | None = None) -> None:
    """Set ``tier`` on every text sentence (see the module docstring).

    ``cue_sentences`` (indices of sentences with cues) limits the costly check for another
    show's name to the sentences where it can matter. ``echoes`` are sentences that name the
    headline's season (the headline names the title): they count as naming it, unless they
    name another show's season.
    """
    if short is None:
        short = len(sentences) <= 6
    has_mention = any(s.mention for s in sentences)
    first_mention = next((pos for pos, s in enumerate(sentences) if s.mention), len(sentences))
    last_mention: tuple[int, int] | None = None  # (position, paragraph)
    for pos, sent in enumerate(sentences):
        if sent.mention or (echoes and sent.index in echoes
                            and not is_foreign(text[sent.start:sent.end], title_words)):
            sent.tier = 1
            last_mention = (pos, sent.paragraph)
            continue
        if (last_mention and sent.paragraph != last_mention[1]
                and (pos == 0 or sentences[pos - 1].paragraph != sent.paragraph)
                and names_other_work(text[sent.start:sent.end], title_words)):
            # a new paragraph that opens on another work's name: "the series" after it is
            # that work, not ours
            last_mention = None
        if (cue_sentences is None or sent.index in cue_sentences) and is_foreign(
                text[sent.start:sent.end], title_words):
            sent.tier = 0
            continue
        if not has_mention or (headline_mentions and pos < first_mention):
            sent.tier = 1  # the lede carries on the headline's subject
        elif last_mention and (last_mention[1] == sent.paragraph or (
                sent.index in anaphor_sentences and pos - last_mention[0] <= 3)):
            sent.tier = 1
        elif short or (headline_mentions and sent.paragraph == 0):
            chunk = text[sent.start:sent.end]
            sent.tier = 0 if names_other_work(chunk, title_words) else 2


def _paragraph_starts(text: str) -> list[int]:
    """Where each paragraph starts (after a run of line breaks)."""
    starts = [0]
    size = len(text)
    pos = text.find("\n")
    while pos >= 0:
        end = pos + 1
        while end < size and text[end] == "\n":
            end += 1
        starts.append(end)
        pos = text.find("\n", end)
    return starts


def analysis_regions(text: str, mention_starts: list[int], headline_mentions: bool,
                     echo_starts: list[int] | tuple[int, ...] = ()
                     ) -> list[tuple[int, int, int]] | None:
    """The paragraphs of a long text that can speak about the title, as (start, end,
    paragraph number); None means the whole text.

    A sentence is about the title only in a paragraph that names it, the paragraph after
    (anaphors: "the series will return"), or the lede (the first two paragraphs: a dek and
    the opening) when the headline names it, or a paragraph that names the headline's
    season (``echo_starts``: "is a third season on the way?"); the other paragraphs cannot
    change the label,
    so they are neither scanned nor split. A long article that names the title in its
    headline and only deep in its body carries its news in the lede and beside the name.
    """
    if len(text) < REGION_MIN_CHARS or not mention_starts:
        return None
    starts = _paragraph_starts(text)
    if len(starts) < 3:
        return None
    lede = set(range(LEDE_PARAGRAPHS)) if headline_mentions else set()
    first_mention: dict[int, int] = {}
    for pos in sorted(mention_starts):
        first_mention.setdefault(bisect_right(starts, pos) - 1, pos)
    named = set(first_mention)
    echoed = {bisect_right(starts, pos) - 1 for pos in echo_starts} - named
    wanted = lede | named | echoed
    following = {p + 1 for p in named} - wanted
    ends = [*starts[1:], len(text)]
    regions = []
    for p in sorted(wanted | following):
        if p >= len(starts):
            continue
        start, end = starts[p], ends[p]
        if p in named and p not in lede and p - 1 not in named:
            # sentences before the first naming one in its paragraph are about something
            # else (nothing before them names the title): start at that sentence
            for m in _BOUNDARY_RE.finditer(text, start, first_mention[p]):
                start = m.end()
        if p in following:
            # only the first sentences of the next paragraph can refer back ("the series")
            marks = _BOUNDARY_RE.finditer(text, start, end)
            cuts = [m.end() for _n, m in zip(range(ANAPHOR_REACH), marks, strict=False)]
            if len(cuts) == ANAPHOR_REACH:
                end = cuts[-1]
        regions.append((start, end, p))
    return regions
