"""Near-duplicate fingerprints of article texts (64-bit simhash) and exact content hashes.

``simhash`` hashes overlapping shingles of the normalised text: two consecutive words, or two
consecutive characters in CJK scripts, which do not separate words. Two texts whose shingle
sets mostly agree get fingerprints a few bits apart; ``is_near_duplicate`` compares the Hamming
distance with ``NEAR_DUPLICATE_DISTANCE``.

Measured with ``bench/fingerprint_threshold.py`` (saved article pages of 160-4,300 words and the
labelled corpus; 2,200 generated copies) and pinned by tests/test_fingerprint.py:

* syndicated copies (other boilerplate around the text) and lightly edited copies (a sentence
  added, a word changed) are 0-12 bits apart, the worst cases on the shortest articles;
* independently written reports of the same news are 23-39 bits apart (24-30 for the full-length
  test texts); unrelated articles 18-41.

Hence 13. Two-word shingles were measured against one to four words: single words put
unrelated articles within 6 bits of each other, three or more words put edited copies of
160-word articles up to 17 bits away.

Fingerprints are unsigned 64-bit ints; ``to_db``/``from_db`` map them to a signed BIGINT.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

BITS = 64
MASK = (1 << BITS) - 1
SIGNED_LIMIT = 1 << (BITS - 1)

# Shingle width in units (words, or CJK characters).
SHINGLE_WIDTH = 2
NEAR_DUPLICATE_DISTANCE = 13
# Fingerprint of a text without any token: never a near duplicate of anything.
EMPTY_FINGERPRINT = 0

# CJK characters are units of their own; any other run of letters/digits is a word.
CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f"
UNIT_RE = re.compile(rf"[{CJK_CHARS}]|[^\W_{CJK_CHARS}]+")


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace-collapsed text (the basis of both hashes)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def units(text: str) -> list[str]:
    """Words and single CJK characters of the normalised text; punctuation is dropped."""
    return UNIT_RE.findall(normalise(text))


def shingles(text: str, width: int = SHINGLE_WIDTH) -> Counter[str]:
    """Overlapping ``width``-unit shingles with their counts (the whole text if shorter)."""
    parts = units(text)
    if len(parts) <= width:
        return Counter([" ".join(parts)] if parts else [])
    return Counter(" ".join(parts[i:i + width]) for i in range(len(parts) - width + 1))


def _hash64(feature: str) -> int:
    # A keyed-free, stable hash: Python's hash() changes between processes.
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "big")


def simhash(text: str) -> int:
    """Unsigned 64-bit simhash of ``text`` (``EMPTY_FINGERPRINT`` when it has no words)."""
    features = shingles(text)
    if not features:
        return EMPTY_FINGERPRINT
    weights = [0] * BITS
    for feature, count in features.items():
        value = _hash64(feature)
        for bit in range(BITS):
            weights[bit] += count if value >> bit & 1 else -count
    fingerprint = 0
    for bit, weight in enumerate(weights):
        if weight > 0:
            fingerprint |= 1 << bit
    return fingerprint


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints."""
    return ((a ^ b) & MASK).bit_count()


def is_near_duplicate(a: int, b: int, *, max_distance: int = NEAR_DUPLICATE_DISTANCE) -> bool:
    """True when two fingerprints are at most ``max_distance`` bits apart (empty never matches)."""
    if a == EMPTY_FINGERPRINT or b == EMPTY_FINGERPRINT:
        return False
    return hamming(a, b) <= max_distance


def to_db(fingerprint: int) -> int:
    """Unsigned 64-bit fingerprint -> signed 64-bit int for a PostgreSQL/SQLite BIGINT column."""
    if not 0 <= fingerprint <= MASK:
        raise ValueError(f"not an unsigned 64-bit fingerprint: {fingerprint}")
    return fingerprint - (1 << BITS) if fingerprint >= SIGNED_LIMIT else fingerprint


def from_db(value: int) -> int:
    """Signed BIGINT from the database -> the unsigned 64-bit fingerprint."""
    if not -SIGNED_LIMIT <= value < SIGNED_LIMIT:
        raise ValueError(f"not a signed 64-bit value: {value}")
    return value + (1 << BITS) if value < 0 else value


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the normalised text: changes when the wording changes.

    Whitespace, Unicode compatibility forms and letter case do not count as changes.
    """
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
