"""Positive evidence that a text which never names the watched title is about another work.

Used when the caller asserts which title a text is about (``classify(..., assume_title=True)``)
and no alias was found: an excerpt usually names its show in an earlier sentence, so the
text is judged for the title unless a *near miss* shows it names something else:

* an alias inside a longer word ("superhero masks" for *Hero Mask*);
* a capitalised name sharing a distinctive word of the title but not being it: a bare part
  of the title ("Ragnarok" for *Record of Ragnarok*, when that short form is not one of the
  configured aliases), or the distinctive word with other English words ("Godzilla Minus
  One" for *Godzilla Singular Point*). A translated title keeps the distinctive word with
  foreign words ("Sangue de Zeus" for *Blood of Zeus*) and is not a near miss.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.matching import TitleSpec, common_words, is_cjk, normalize_phrase

# A run of capitalised words (with the small words titles contain).
_CAPS_RUN_RE = re.compile(
    r"(?:\b[A-Z][\w'’\-]*(?:\s+(?:of|the|no|de|da|di|del|von|a|x|and)(?=\s+[A-Z]))?\s*)+")
_SMALL_WORDS = frozenset({"of", "the", "no", "de", "da", "di", "del", "von", "a", "x", "and"})


@lru_cache(maxsize=2048)
def _title_words(title: TitleSpec) -> tuple[frozenset[str], frozenset[str], tuple[str, ...], int]:
    """(all Latin title words, distinctive ones, normalised aliases, shortest alias length)."""
    forms = [normalize_phrase(a) for a in (title.name, *title.aliases)]
    latin = [f for f in forms if f and not any(is_cjk(c) for c in f)]
    words = frozenset(w for f in latin for w in f.split())
    common = common_words()
    distinctive = frozenset(w for w in words if len(w) >= 3 and w not in common)
    shortest = min((len(f.split()) for f in latin), default=0)
    return words, distinctive, tuple(latin), shortest


def names_other_work(text: str, headline: str | None, norm_text: str, norm_headline: str,
                     title: TitleSpec) -> str | None:
    """The near miss that shows the text is about another work, or None."""
    words, distinctive, aliases, shortest = _title_words(title)
    for norm in (norm_text, norm_headline):
        for alias in aliases:
            i = norm.find(alias)
            if i >= 0 and len(alias) >= 4:
                return norm[max(0, i - 6):i + len(alias) + 2].strip()  # "superhero masks"
    if not distinctive:
        return None
    common = common_words()
    for source in (text, headline or ""):
        for m in _CAPS_RUN_RE.finditer(source[:20_000]):
            run = normalize_phrase(m.group()).split()
            if not distinctive & set(run):
                continue
            content = [w for w in run if w not in _SMALL_WORDS]
            if set(run) <= words and len(run) < shortest:
                return m.group().strip()  # a bare part of the title
            if any(len(w) >= 3 and w in common and w not in words for w in content):
                return m.group().strip()  # the title's word in another English name
    return None
