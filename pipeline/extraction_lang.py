"""Language of an article: normalise declared codes, or guess cheaply from the text.

No language-identification model: the watched sources are English, Japanese and a few
Western European languages, which a script count plus stop-word counts tell apart.
"""

from __future__ import annotations

import re
from collections import Counter

# --- vocabularies ---------------------------------------------------------------------------

def _vocab(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Frequent function words per language, chosen to overlap little between languages.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _vocab("the and of to is was that with for this are has have will from by be "
                    "it its which"),
    "it": _vocab("il che della di è per una non sono gli nel alla anche questo ha dei delle "
                    "come dello nella"),
    "es": _vocab("el los las que del por una para es se más como fue pero su lo y muy "
                    "también está"),
    "de": _vocab("der die und das ist nicht mit ein eine auch auf den dem sich von wird zu "
                    "im sind"),
    "fr": _vocab("le les des est une pour dans qui pas sur avec du au et sont ce ne cette "
                    "aux"),
    "pt": _vocab("os não uma com para do da em por são foi mais também ao na no é dos "
                    "às"),
}
# A stop-word guess needs this many hits, and the winner this lead over the runner-up.
MIN_STOP_WORD_HITS = 3
MIN_STOP_WORD_LEAD = 1.3

# Unicode ranges for the script-based guess.
KANA_RE = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
HANGUL_RE = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN_WORD_RE = re.compile(r"[a-zà-öø-ÿ]+")
LATIN_LETTER_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]")
MIN_CJK_CHARS = 10
MIN_CJK_SHARE = 0.3

# Declared values that carry no language ("und", "x-default") or a legacy name.
LANGUAGE_ALIASES = {"jp": "ja", "iw": "he", "in": "id", "italiano": "it", "english": "en",
                    "japanese": "ja", "deutsch": "de", "español": "es", "français": "fr"}
NON_LANGUAGES = frozenset({"un", "x", "zz", "mu", "mi"})  # "und", "x-default", "mul", "mis"

SAMPLE_CHARS = 5000


def normalise_language(value: str | None) -> str | None:
    """ISO 639-1 code from ``en-US``, ``ja_JP``, ``it-IT``, ``italiano (italian)``..."""
    if not value:
        return None
    text = value.strip().lower()
    word = re.match(r"[a-zà-ÿ]+", text)
    if word and word[0] in LANGUAGE_ALIASES:
        return LANGUAGE_ALIASES[word[0]]
    match = re.match(r"([a-z]{2,3})(?:[-_\s,;]|$)", text)
    if match is None or len(match[1]) != 2 or match[1] in NON_LANGUAGES:
        return None
    return match[1]


def guess_language(text: str) -> str | None:
    """Guess ISO 639-1 from the text: kana -> ja, hangul -> ko, han -> zh, else stop words."""
    sample = text[:SAMPLE_CHARS]
    kana, hangul, han = (len(r.findall(sample)) for r in (KANA_RE, HANGUL_RE, HAN_RE))
    cjk = kana + hangul + han
    latin = len(LATIN_LETTER_RE.findall(sample))
    # English pages quoting a Japanese title have a few CJK characters: require a real share.
    if cjk >= MIN_CJK_CHARS and cjk >= MIN_CJK_SHARE * (cjk + latin):
        if hangul > kana:
            return "ko"
        # Japanese running text always has kana; Chinese has none.
        return "ja" if kana * 20 >= han else "zh"
    words = Counter(LATIN_WORD_RE.findall(sample.lower()))
    scores = {lang: sum(words[w] for w in vocab) for lang, vocab in STOP_WORDS.items()}
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score >= MIN_STOP_WORD_HITS and best_score >= second_score * MIN_STOP_WORD_LEAD:
        return best
    return None


def script_language(text: str) -> str | None:
    """``ja``/``ko``/``zh`` when the text is clearly written in that script, else None.

    Used to overrule a declared Latin-script language: CMS templates often keep
    ``<html lang="en">`` on Japanese pages.
    """
    guess = guess_language(text)
    return guess if guess in ("ja", "ko", "zh") else None
