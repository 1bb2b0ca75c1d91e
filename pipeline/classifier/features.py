"""Features of one field (body text or headline): cue hits, season numbers, clauses.

Besides the lexicon scan this adds what only the title's neighbourhood tells:

* "a new <title> anime" is a new project, "<title> 2" / an alias such as "TIGER & BUNNY 2"
  names season 2, "a new series, <Other Name>" is a spin-off;
* targets owned by another named work are dropped ("the Chainsaw Man movie" in a Jujutsu
  Kaisen article), and so is the romaji particle "no" ("Kimetsu no Yaiba") as a negation.

Clauses are cut at contrast words, semicolons, spaced dashes and (in body text) colons
that separate two real clauses; comma positions are kept for hedge scope.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise

from pipeline.classifier.clause import ClauseView
from pipeline.classifier.cues import Hit, scan
from pipeline.classifier.owners import object_elsewhere, owned_elsewhere, subject_elsewhere
from pipeline.classifier.seasons import SeasonRef, find_seasons, sequel_number
from pipeline.classifier.segment import Sentence, to_norm
from pipeline.matching import Normalized, normalize

# "a new <title> anime", "la nuova stagione di <title>": words around the title that add a cue.
NEW_WORDS = frozenset({"new", "nuovo", "nuova", "nuevo", "nueva", "novo", "nova", "neuer", "neue",
                       "neues", "nouvel", "nouveau", "nouvelle", "新作", "新"})
AFTER_PROJECT = {"anime": "remake", "series": "remake", "project": "remake", "adaptation": "remake",
                 "season": "relative", "film": "film", "movie": "film"}
# Unnumbered "new series" phrases: followed by a capitalised name they are a spin-off
# ("a new anime series, Boruto: Naruto Next Generations").
NEW_SERIES = frozenset({"new series", "new anime series", "new tv series", "new tv anime",
                        "neue anime serie", "nueva serie de anime", "nuova serie anime",
                        "nouvelle serie animee", "nova serie de anime", "nuova serie",
                        "nueva serie", "nova serie", "neue serie", "neuen serie",
                        "nouvelle serie"})
# "<title>: <Subtitle>" where the subtitle is no configured alias: a derived work's name
# ("Castlevania: Nocturne"); with a spin-off word in the article its seasons are not ours.
_SUBTITLE_RE = re.compile(r"^\s*[:：]\s*[\"“'‘«]?[A-Z0-9][\w'’\-]*")
DERIVED_WINDOW = 120  # characters around a derived name where "a new series" is that work
# Targets that another named work can own ("the Chainsaw Man movie", "a new TV anime of X").
OWNED_CONCERNS = frozenset({"film", "ova", "spinoff", "remake", "relative"})
ROMAN_NUMBERS = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
_ALIAS_NUMBER_RE = re.compile(r"\s(\d{1,2}|II|III|IV|V|VI)$")
# Clause boundaries besides contrast words: semicolons, spaced dashes, and (in body text)
# colons ("the leaks were right: X gets a new anime"); headlines use colons for titles.
_CLAUSE_MARK_RE = re.compile(r";|\s[–—]\s|:\s")
_CLAUSE_MARK_HEADLINE_RE = re.compile(r";")
_COMMA_RE = re.compile(r"[,、，]")
_CLAUSE_END_RE = re.compile(r"[,;:.!?、。]")
# Words that may stand right before a title ("the", "le", "die"...).
TITLE_LEADERS = frozenset({"the", "a", "an", "le", "la", "les", "il", "lo", "el", "los", "der",
                           "die", "das", "o", "de", "of", "von", "di", "du"})
# Contrast words that are adverbs (mid-clause without punctuation) rather than conjunctions.
CONTRAST_ADVERBS = frozenset({
    "however", "though", "nevertheless", "toutefois", "cependant", "pourtant", "jedoch",
    "allerdings", "doch", "trotzdem", "aber", "tuttavia", "invece", "eppure", "sin embargo",
    "no obstante", "no entanto", "entretanto", "contudo",
})
# Concessive conjunctions: what their clause says is conceded background ("the series ends
# after season 1, although a sequel had been announced").
CONCESSIVE = frozenset({
    "although", "though", "even though", "obwohl", "obgleich", "bien que", "quoique",
    "aunque", "sebbene", "benche", "nonostante", "embora", "apesar", "malgre",
})
_NAME_AFTER_RE = re.compile(r"^[\s,:–—-]*[\"“'‘«「『]?[A-Z]")


@dataclass
class Field:
    """One field's text, its normalised form, the title's spans in it, and its features."""

    text: str
    norm: Normalized
    spans: list[tuple[int, int, str]]   # original offsets and the alias that matched
    hits: list[Hit]
    seasons: list[SeasonRef]

    def __post_init__(self) -> None:
        self._hit_starts = [h.start for h in self.hits]
        self._season_starts = [r.start for r in self.seasons]

    def hits_in(self, lo: int, hi: int) -> list[Hit]:
        """Hits that start in [lo, hi) (normalised offsets)."""
        return self.hits[bisect_left(self._hit_starts, lo):bisect_left(self._hit_starts, hi)]

    def seasons_in(self, lo: int, hi: int) -> list[SeasonRef]:
        """Season references that start in [lo, hi)."""
        starts = self._season_starts
        return self.seasons[bisect_left(starts, lo):bisect_left(starts, hi)]


def extract(text: str, norm: Normalized, spans: list[tuple[int, int, str]], langs: frozenset[str],
            title_words: set[str], numbered_aliases: dict[str, int],
            max_sequel: int | None = None,
            ranges: list[tuple[int, int]] | None = None) -> Field:
    """Cue hits (minus those inside the title's name or owned by another named work) and
    season numbers of one field.

    ``ranges`` (normalised spans) limits the scan to the parts of a long text that matter.
    ``max_sequel`` caps a number written after the title ("<title> 2") that counts as a
    season: a bigger jump numbers another work of the franchise.
    """
    nspans = [(to_norm(norm, s), to_norm(norm, e), alias) for s, e, alias in spans]
    hits = [h for h in scan(norm.text, langs, ranges)
            if h.concern == "final" or not _inside(nspans, h)]
    if "de" in langs:
        hits = [_german_scope(text, norm, h) if h.lang == "de" else h for h in hits]
    hits = [_spinoff_if_named(text, norm, h) for h in hits
            if not (h.text == "no" and _romaji_particle(text, norm, h))
            and not (h.text == "ne" and h.lang == "it" and _unaccented(text, norm, h))]
    seasons: list[SeasonRef] = []
    for ref in find_seasons(_mask_title_numbers(norm.text, nspans), ranges):
        if ref.kind == "final":
            words = norm.text[ref.start:ref.end]
            hits.append(Hit("final", "en", ref.start, ref.end, "final season", words))
            if ref.number:
                seasons.append(SeasonRef(ref.start, ref.end, ref.number, "season"))
        else:
            seasons.append(ref)
    if title_words:
        seasons = [r for r in seasons
                   if not owned_elsewhere(text, *norm.span(r.start, r.end), title_words)]
        hits = [h for h in hits if h.concern not in OWNED_CONCERNS
                or not owned_elsewhere(text, *norm.span(h.start, h.end), title_words)]
    derived = [(ns, ne) for (s, e, _a), (ns, ne, _b) in zip(spans, nspans, strict=True)
               if _SUBTITLE_RE.match(text[e:e + 40]) and not _arc_subtitle(text[e:e + 60])]
    for ns, ne in derived:
        hits.append(Hit("derived", "en", ns, ne, "subtitled name", norm.text[ns:ne]))
        hits = [Hit("spinoff", h.lang, h.start, h.end, "new series named", h.text)
                if h.concern == "relative" and h.text in NEW_SERIES
                and abs(h.start - ns) <= DERIVED_WINDOW else h for h in hits]
    if title_words:
        hits, seasons = _drop_foreign_objects(text, norm, hits, seasons, title_words, nspans)
    for ns, ne, alias in nspans:
        hits += _title_neighbours(norm.text, ns, ne)
        number = numbered_aliases.get(alias) or sequel_number(norm.text[ne:ne + 24])
        if number and (max_sequel is None or number <= max_sequel):
            # "Devil May Cry 6" with two seasons known numbers the games, not the anime
            seasons.append(SeasonRef(ns, ne, number, "season"))
    hits.sort(key=lambda h: h.start)
    seasons.sort(key=lambda r: r.start)
    return Field(text, norm, spans, hits, seasons)


# Normalised characters from the title's name to a verb it is the subject of ("Glass Harbor
# has officially been renewed").
TITLE_SUBJECT_REACH = 24


def _drop_foreign_objects(text: str, norm: Normalized, hits: list[Hit], seasons: list[SeasonRef],
                          title_words: set[str], nspans: list[tuple[int, int, str]]
                          ) -> tuple[list[Hit], list[SeasonRef]]:
    """Drop "renewed <Another Work> for a second season", "<Another Work> will return for a
    second season": the verb and the season after it."""
    dropped: list[tuple[int, int]] = []
    title_ends = [e for _s, e, _a in nspans]
    for h in hits:
        if h.concern not in ("renew", "return") or h.lang in ("ja", "de"):
            continue  # (German capitalises every noun: "Die Serie kehrt zurück")
        start, stop = norm.span(h.start, h.end)
        end = object_elsewhere(text, stop, title_words) if h.concern == "renew" else None
        if end is not None:
            dropped.append((h.start, to_norm(norm, end) + 30))
        elif any(0 <= h.start - e <= TITLE_SUBJECT_REACH for e in title_ends):
            continue  # "Glass Harbor will return": the title is the subject (the common case)
        elif subject_elsewhere(text, start, stop, title_words, h.concern == "renew"):
            # the verb and its own complement ("... will return for a second season"), up to
            # the next punctuation
            tail = _CLAUSE_END_RE.search(text, stop, stop + 30)
            dropped.append((h.start, to_norm(norm, tail.start() if tail else stop + 30)))
    if not dropped:
        return hits, seasons
    hits = [h for h in hits if not any(a <= h.start < b for a, b in dropped)
            or h.concern not in ("renew", "return", "relative")]
    seasons = [r for r in seasons if not any(a <= r.start < b for a, b in dropped)]
    return hits, seasons


# Subtitle words that name an arc of the same story: the next TV run, not a derived work
# ("Blue Exorcist: Shimane Illuminati Saga", "Demon Slayer: Hashira Training Arc").
ARC_WORDS = frozenset({"arc", "saga", "hen", "arco", "編", "篇"})
_SUBTITLE_WORDS_RE = re.compile(r"[:：]\s*((?:[\"“'‘«]?[A-Z0-9][\w'’\-]*[\"”'’»]?\s*){1,6})")


def _arc_subtitle(after: str) -> bool:
    """Whether the subtitle after a title is an arc name."""
    m = _SUBTITLE_WORDS_RE.match(after.lstrip())
    return bool(m) and any(w.strip("\"“”'‘’«»").lower() in ARC_WORDS for w in m.group(1).split())


def _mask_title_numbers(text: str, nspans: list[tuple[int, int, str]]) -> str:
    """Hide digits inside title spans: the 8 of "Kaiju No. 8 Season 2" is no season."""
    if not any(c.isdigit() for s, e, _a in nspans for c in text[s:e]):
        return text
    chars = list(text)
    for s, e, _a in nspans:
        for i in range(s, e):
            if chars[i].isdigit():
                chars[i] = "#"
    return "".join(chars)


def _inside(nspans: list[tuple[int, int, str]], hit: Hit) -> bool:
    """Whether a hit starts inside one of the (sorted) title spans ("Journey's End, with"
    is the title's last word and a comma, not "end with")."""
    i = bisect_right(nspans, (hit.start, float("inf"), "")) - 1
    return i >= 0 and nspans[i][0] <= hit.start < nspans[i][1]


def numbered_aliases(names: list[str]) -> dict[str, int]:
    """Aliases that are another name plus a season number ("TIGER & BUNNY 2"), not names that
    end in a number ("Kaiju No. 8", "Mob Psycho 100")."""
    norms = {normalize(n).text for n in names}
    out = {}
    for name in names:
        m = _ALIAS_NUMBER_RE.search(name)
        if m and normalize(name[:m.start()]).text in norms:
            token = m.group(1)
            out[name] = int(token) if token.isdigit() else ROMAN_NUMBERS[token]
    return out


def _romaji_particle(text: str, norm: Normalized, hit: Hit) -> bool:
    """"no" between two capitalised words is the Japanese particle ("Kimetsu no Yaiba")."""
    start, end = norm.span(hit.start, hit.end)
    before = text[max(0, start - 20):start].split()
    after = text[end:end + 20].split()
    return bool(before and after and before[-1][:1].isupper() and after[0][:1].isupper()
                and text[start:end] == "no")


def _unaccented(text: str, norm: Normalized, hit: Hit) -> bool:
    """Italian "ne" is the pronoun ("se ne parla"); only "né" (neither/nor) negates."""
    start, end = norm.span(hit.start, hit.end)
    return text[start:end].lower() != "né"


# German infinitives that make "soll" a schedule, not hearsay ("der Film soll im Dezember in
# den Kinos starten"; hearsay takes "sein": "eine Staffel soll in Arbeit sein").
SCHEDULE_INFINITIVES = frozenset({"starten", "erscheinen", "kommen", "laufen", "anlaufen",
                                  "fortsetzen", "folgen", "ausgestrahlt", "veroffentlicht",
                                  "gezeigt", "zeigen", "erzahlen", "adaptieren", "umsetzen"})
_GERMAN_CLAUSE_TAIL_RE = re.compile(r"[^.,;:!?]{0,160}")
# "nicht" governs a verb before it only near the end of its clause ("gibt es bislang nicht").
GERMAN_TAIL_NEGATORS = frozenset({"nicht"})  # ("keine" negates the noun after it)
GERMAN_TAIL_WORDS = 3


def _german_scope(text: str, norm: Normalized, hit: Hit) -> Hit:
    """German scope fixes: "soll" followed by a scheduling infinitive is future, not hearsay;
    "nicht" before more than a few words of its clause ("eine OVA mit einer bislang nicht
    animierten Geschichte aus dem Manga") negates an adjective, not the verb before it."""
    if hit.concern == "rumor" and hit.text in ("soll", "sollen"):
        tail = _clause_tail(text, norm, hit)
        # main clause: "soll ... starten"; subordinate clause: "..., der ... fortsetzen soll"
        words = (normalize(tail).text.split()
                 or norm.text[max(0, hit.start - 30):hit.start].split()[-1:] or [""])
        last = words[-2] if len(words) >= 2 and words[-1] == "werden" else words[-1]
        if last in SCHEDULE_INFINITIVES:
            return Hit("future", hit.lang, hit.start, hit.end, hit.phrase, hit.text)
    elif (hit.concern == "negation_both" and hit.text in GERMAN_TAIL_NEGATORS
          and len(_clause_tail(text, norm, hit).split()) > GERMAN_TAIL_WORDS):
        return Hit("negation", hit.lang, hit.start, hit.end, hit.phrase, hit.text)
    return hit


def _clause_tail(text: str, norm: Normalized, hit: Hit) -> str:
    """The original text after a hit up to the next punctuation."""
    end = norm.span(hit.start, hit.end)[1]
    m = _GERMAN_CLAUSE_TAIL_RE.match(text, end)
    return m.group() if m else ""


def _spinoff_if_named(text: str, norm: Normalized, hit: Hit) -> Hit:
    if hit.concern == "relative" and hit.text in NEW_SERIES:
        end = norm.span(hit.start, hit.end)[1]
        if _NAME_AFTER_RE.match(text[end:end + 6]):
            return Hit("spinoff", hit.lang, hit.start, hit.end, "new series named", hit.text)
    return hit


def _title_neighbours(norm: str, ns: int, ne: int) -> list[Hit]:
    """Cues formed with the title: "a new <title> anime" (remake), "a new <title> season"."""
    before = norm[max(0, ns - 12):ns].split()
    after = norm[ne:ne + 14].split()
    if before and before[-1] in NEW_WORDS and after and after[0] in AFTER_PROJECT:
        concern = AFTER_PROJECT[after[0]]
        return [Hit(concern, "en", ns, ne, f"new … {after[0]}", norm[ns:ne])]
    return []


def clauses(sent: Sentence, field: Field) -> list[ClauseView]:
    """The clauses of one sentence, with their hits, seasons and comma positions."""
    text, norm, spans = field.text, field.norm, field.spans
    s_hits = [h for h in field.hits_in(sent.nstart, sent.nend) if h.end <= sent.nend]
    s_seasons = field.seasons_in(sent.nstart, sent.nend)
    chunk = text[sent.start:sent.end]
    marks = _CLAUSE_MARK_HEADLINE_RE if sent.field == "headline" else _CLAUSE_MARK_RE
    cuts = [h.start for h in s_hits if h.concern == "contrast" and _clause_start(text, norm, h)]
    marked = [(to_norm(norm, sent.start + m.start()), ":" in m.group())
              for m in marks.finditer(chunk) if _real_clause_mark(chunk, m, sent.start, spans)]
    cuts += [c for c, _colon in marked]
    colons = {c for c, colon in marked if colon}
    commas = [to_norm(norm, sent.start + m.start()) for m in _COMMA_RE.finditer(chunk)]
    for h in s_hits:
        if h.concern == "contrast" and h.text in CONCESSIVE:
            # "Although X has not announced season 2 yet, fans get an OVA": the concession
            # ends at the first comma after a few words
            after = [c for c in commas if len(norm.text[h.end:c].split()) >= 3]
            if after:
                cuts.append(after[0] + 1)
    cuts = sorted(c for c in set(cuts) if sent.nstart < c < sent.nend)
    bounds = [sent.nstart, *cuts, sent.nend]
    views = []
    carried: list[Hit] = []
    for lo, hi in pairwise(bounds):
        c_hits = [h for h in s_hits if lo <= h.start < hi]
        if carried:
            # "announced two projects: a remaster and a new anime": the announcement
            # governs what the colon introduces
            c_hits = carried + c_hits
        carried = [h for h in c_hits if h.concern == "confirm"] if hi in colons else []
        olo, ohi = norm.span(lo, hi) if hi > lo else (sent.start, sent.start)
        question = "?" in text[olo:ohi + 1] or "？" in text[olo:ohi + 1] or any(
            h.concern == "question" for h in c_hits)
        mentions = any(olo <= s < ohi for s, _e, _a in spans)
        concessive = bool(c_hits) and c_hits[0].concern == "contrast" and (
            c_hits[0].start == lo and c_hits[0].text in CONCESSIVE)
        views.append(ClauseView(c_hits, [r for r in s_seasons if lo <= r.start < hi], question,
                                mentions, sent.field == "headline",
                                [c for c in commas if lo < c < hi],
                                norm.text, concessive))
    return views


def _clause_start(text: str, norm: Normalized, hit: Hit) -> bool:
    """Contrast adverbs start a clause only after punctuation ("..., however, ..."); in
    "Bones pourrait toutefois revenir" the adverb sits inside the clause."""
    if hit.text not in CONTRAST_ADVERBS:
        return True
    start = norm.span(hit.start, hit.end)[0]
    before = text[max(0, start - 3):start].rstrip()
    return not before or not before[-1].isalnum()


def _real_clause_mark(chunk: str, m: re.Match[str], offset: int,
                      spans: list[tuple[int, int, str]]) -> bool:
    """A colon inside a title ("Godzilla: Singular Point", "the movie : Ice Adolescence")
    is not a clause break: it must sit outside title spans with clauses on both sides."""
    pos = offset + m.start()
    subtitle = chunk[m.end():m.end() + 1][:1].isupper() or not chunk[m.end():m.end() + 1].isalpha()
    if any(s <= pos < e or (pos == e and subtitle) for s, e, _a in spans):
        return False  # "Godzilla: Singular Point" (not "... of Glass Harbor: the story ...")
    if ":" not in m.group():
        return True
    before = chunk[:m.start()].split()
    if before and before[-1][:1].isupper() and subtitle and (
            len(before) == 1 or before[-2][-1:] == "," or before[-2][:1].isupper()
            or before[-2].lower() in TITLE_LEADERS):
        # "a new series, Boruto: Naruto Next Generations": a name and its subtitle (not
        # "gibt es Nachschub: Dandadan bekommt ...", a German noun ending a clause)
        return False
    return len(before) >= 4 and len(chunk[m.end():].split()) >= 6
