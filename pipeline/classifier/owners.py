"""Whose cue is it: the watched title's, or another named work's.

"The Chainsaw Man movie" in a Jujutsu Kaisen article, "renewed Monarch: Legacy of Monsters
for a second season", "Moonlit Relay will return", "a new film, Paper Comet": the target,
verb or season belongs to the name beside it when that name is not the title's. A name is
another work's when its capitalised words are not ordinary English words, streamers or
studios, and share nothing with the title.
"""

from __future__ import annotations

import re

from pipeline.classifier.segment import GENERIC_CAPS, bare, generic_names
from pipeline.matching import common_words

# Capitalised words right before a target ("the Chainsaw Man movie", "Squid Game season two").
_OWNER_RE = re.compile(
    r"((?:[A-Z0-9][\w'’.!&:\-]*\s+(?:(?:the|of|in|no|a|to|and|x|vs\.?)\s+)?){1,4})$")
# "... adaptation of Urusei Yatsura": a target owned by the name after it.
_OWNED_AFTER_RE = re.compile(
    r"^\s*(?:(?:adaptation|adattamento|adaptaci[oó]n|adapta[cç][aã]o|version|series|serie)\s+)?"
    r"(?:of|de|di|von|du|da|do|del)\s+((?:[A-Z][\w'’:&!\-]*\s*){1,4})")
_OWNER_JA_RE = re.compile(r"[『「]([^』」]{1,40})[』」]\s*(?:の|アニメ)*\s*$")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?。]\s+|\n)[¿¡\"“«(\[]*$")


def owned_elsewhere(text: str, start: int, end: int, title_words: set[str]) -> bool:
    """Whether the target at ``start`` is named for another work just before it.

    True for "the highly anticipated Chainsaw Man movie" when watching Jujutsu Kaisen: the
    capitalised words before the target are a proper name (not ordinary English words,
    streamers or studios) that is not part of the watched title.
    """
    before = text[max(0, start - 48):start]
    # _OWNER_RE needs a capitalised word (maybe one small word after it) right before the
    # target: test the last two words before running the regex
    last = before.split()[-2:]
    m = _OWNER_RE.search(before) if any(w[:1].isupper() or w[:1].isdigit()
                                        for w in last) else None
    if m and len(m.group(1).split()) == 1 and _SENTENCE_START_RE.search(before[:m.start()]):
        m = None  # a single capitalised word that only starts the sentence
    if m:
        words = [w.strip(".,:;!'’\"").lower().removesuffix("'s").removesuffix("’s")
                 for w in m.group(1).split()]
        names = [w for w in words if w and not w.isdigit() and w not in GENERIC_CAPS
                 and w not in common_words() and w not in generic_names()]
        # "Moon Parade's film": capitalised words in a row name a work even if ordinary
        caps = [w for w in m.group(1).split() if w[:1].isupper()
                and bare(w) not in GENERIC_CAPS and bare(w) not in generic_names()]
        if (names or len(caps) >= 2) and not any(w in title_words for w in words):
            return True
    m = _OWNED_AFTER_RE.match(text[end:end + 60])
    if m and is_foreign_name(m.group(1), title_words):
        return True
    m = _APPOSITION_RE.match(text[end:end + 60])
    if m and is_foreign_name(m.group(1), title_words) and not _arc_name(m.group(1)):
        return True  # "a new film, Paper Comet, set for June": that film (not "... Ember Saga")
    m = _OWNER_JA_RE.search(before) if ("」" in before or "』" in before) else None
    return bool(m and not any(w in m.group(1).lower() for w in title_words if len(w) > 1))


# Words that make a name an arc of the same story ("a third season, Shimane Illuminati Saga").
ARC_NAME_WORDS = frozenset({"arc", "saga", "hen", "arco", "chapter", "arc,", "saga,"})


def _arc_name(chunk: str) -> bool:
    return any(bare(w) in ARC_NAME_WORDS for w in chunk.split())


# A name in apposition after a target: "a new film, Paper Comet, ...".
_APPOSITION_RE = re.compile(r"^\s*,\s*[\"“'‘«]?((?:[A-Z][\w'’:&!\-]*\s*){1,4})[,.\"”'’»]")
# Auxiliaries between a subject and its verb ("Paper Comet has been renewed", "X will return").
_AUX_WORDS = frozenset({"will", "would", "has", "have", "had", "is", "are", "was", "were", "be",
                        "been", "officially", "also", "finally", "now", "soon", "set", "going",
                        "to", "gets", "got", "get"})
_PASSIVE_AUX = frozenset({"is", "are", "was", "were", "be", "been", "gets", "got", "get"})
_NAME_SMALL_WORDS = frozenset({"of", "the", "no", "x", "and", "&"})


def subject_elsewhere(text: str, start: int, end: int, title_words: set[str],
                      passive_only: bool) -> bool:
    """"Moonlit Relay will return", "Paper Comet has been renewed": the work that returns or
    is renewed is the name right before the verb; True when that name is another work.

    ``passive_only``: for a transitive verb ("Studio Kaze renewed Glass Harbor") the name
    before it is the company, so only a passive ("has been renewed") counts.
    """
    words = text[max(0, start - 70):start].split()
    aux = 0
    while aux < len(words) and words[-1 - aux].lower() in _AUX_WORDS:
        aux += 1
    if aux >= len(words) or not words[-1 - aux][:1].isupper():
        return False  # no name right before the verb (the common case)
    if passive_only and not _PASSIVE_AUX & {w.lower() for w in words[len(words) - aux:]}:
        return False
    # the capitalised words right before the auxiliaries (with the small words of titles)
    name: list[str] = []
    for w in reversed(words[:len(words) - aux]):
        if w[:1].isupper() or w[:1].isdigit() or (w in _NAME_SMALL_WORDS and name):
            name.insert(0, w)
        else:
            break
        if w[-1:] in ".!?" and len(name) > 1:
            name.pop(0)  # the end of the previous sentence
            break
    while name and name[0] in _NAME_SMALL_WORDS:
        name.pop(0)
    if not name or len(name) > 5:
        return False
    rest = words[:len(words) - aux - len(name)]
    if len(name) == 1 and (not rest or rest[-1][-1:] in ".!?:"):
        return False  # a single capitalised word that only starts the sentence
    if any(bare(w) in title_words for w in name):
        return False
    after = text[end:end + 40]
    if any(w in title_words for w in after.lower().split()[:4]):
        return False  # "... renewed Glass Harbor": our title is the object
    return is_foreign_name(" ".join(name), title_words)


_OBJECT_RE = re.compile(r"^\s+((?:[A-Z][\w'’:\-]*\s*(?:(?:of|the|and|&|x|no)\s+)?){1,6})")


_OTHER_OBJECT_RE = re.compile(r"^\s+(?:[\w'’]+\s+){0,3}other\s+\w+", re.IGNORECASE)


def object_elsewhere(text: str, end: int, title_words: set[str]) -> int | None:
    """"renewed Monarch: Legacy of Monsters for a second season": when the verb ending at
    ``end`` takes another work's name as its object, the original offset where that name
    ends (the verb and the season after it belong to that work), else None."""
    m = _OBJECT_RE.match(text[end:end + 80])
    if m and is_foreign_name(m.group(1), title_words):
        return end + m.end()
    m = _OTHER_OBJECT_RE.match(text[end:end + 60])  # "renewed three other anime"
    return end + m.end() if m else None


def is_foreign_name(chunk: str, title_words: set[str]) -> bool:
    words = [bare(w) for w in chunk.split()]
    names = [w for w in words if w and not w.isdigit() and w not in GENERIC_CAPS
             and w not in common_words() and w not in generic_names()]
    return bool(names) and not any(w in title_words for w in words)
