"""Bytes to text for fetched pages: BOM, HTTP charset, ``<meta charset>``, then detection.

Order follows browsers (WHATWG "encoding sniffing") with two pragmatic changes measured on
real pages: a declared charset that does not fit the bytes is overruled (by UTF-8 when the bytes
are valid UTF-8, else by charset-normalizer), and legacy Latin labels decode as windows-1252.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field

import charset_normalizer

logger = logging.getLogger(__name__)

# --- vocabularies ---------------------------------------------------------------------------

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))

# Labels browsers decode with a superset codec (WHATWG Encoding Standard), plus labels Python
# does not know.
CHARSET_ALIASES = {
    "iso8859-1": "cp1252", "ascii": "cp1252", "latin-1": "cp1252",
    "shift_jis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932", "ms_kanji": "cp932",
    "x-euc-jp": "euc_jp", "gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949",
    "unicode-1-1-utf-8": "utf-8",
}
# Single-byte Latin code pages charset-normalizer may answer for Western European text; the
# watched sources never use Central/Baltic pages, so these are read as windows-1252.
LATIN_FAMILY = frozenset(codecs.lookup(name).name for name in (
    "cp1250", "cp1252", "cp1257", "latin_1", "iso8859_15", "iso8859_2", "iso8859_13", "iso8859_3",
    "iso8859_4", "iso8859_10", "iso8859_14", "mac_roman", "mac_iceland", "mac_latin2", "cp850",
    "cp857", "cp852", "cp775", "hp_roman8"))

# Magic numbers of formats that are sometimes served as text/html by mistake.
BINARY_SIGNATURES = {b"\x1f\x8b": "gzip-compressed", b"%PDF": "PDF", b"\x89PNG": "PNG image",
                     b"GIF8": "GIF image", b"\xff\xd8\xff": "JPEG image", b"PK\x03\x04": "ZIP"}

META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)
XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""")
PRESCAN_BYTES = 4096          # browsers use 1024; real pages put long <head>s before the meta
DETECTION_SAMPLE = 200_000    # charset-normalizer time grows with the input


@dataclass
class Decoded:
    """Decoded text, the codec used, and what went wrong on the way."""

    text: str
    encoding: str | None
    problems: list[str] = field(default_factory=list)
    binary: str | None = None   # a format name when the bytes are not text at all


def normalise_charset(label: str | None) -> str | None:
    """Python codec name for an HTTP/meta charset label (browser supersets), or None."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        name = label.strip().lower()
        if name not in CHARSET_ALIASES:
            return None
    return CHARSET_ALIASES.get(name, name)


def _decode(data: bytes, codec: str, *, final: bool, errors: str = "strict") -> str:
    # final=False drops a multibyte sequence cut in half by truncation instead of failing.
    return codecs.getincrementaldecoder(codec)(errors).decode(data, final=final)


def _try(data: bytes, codec: str, final: bool) -> str | None:
    try:
        return _decode(data, codec, final=final)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared(data: bytes) -> str | None:
    head = data[:PRESCAN_BYTES]
    match = XML_ENCODING_RE.match(head) or META_CHARSET_RE.search(head)
    return match[1].decode("ascii", "replace") if match else None


def _detect(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data[:DETECTION_SAMPLE]).best()
    if best is None:
        return None
    codec = normalise_charset(best.encoding)
    return "cp1252" if codec in LATIN_FAMILY else codec


def _is_utf8_with_non_ascii(data: bytes, final: bool) -> str | None:
    if data.isascii():
        return None
    return _try(data, "utf-8", final)


def decode_body(data: bytes, header_charset: str | None = None, *, final: bool = True) -> Decoded:
    """Decode a page. ``final=False`` when ``data`` was truncated (mid-character cut allowed)."""
    for signature, name in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return Decoded("", None, [f"binary content ({name}), not HTML"], binary=name)
    for bom, codec in BOMS:
        if data.startswith(bom):
            text = _decode(data[len(bom):], codec, final=final, errors="replace")
            return Decoded(text, codec, _replaced(text))
    if b"\x00" in data[:1024]:
        return Decoded("", None, ["binary content (NUL bytes), not HTML"], binary="unknown")

    problems: list[str] = []
    candidates: list[tuple[str, str]] = []
    for origin, label in (("HTTP header", header_charset), ("page", _declared(data))):
        codec = normalise_charset(label)
        if label and codec is None:
            problems.append(f"unknown charset {label!r} from {origin} ignored")
        elif codec and codec not in (c for _, c in candidates):
            candidates.append((origin, codec))

    for origin, codec in candidates:
        utf8 = _is_utf8_with_non_ascii(data, final) if codec != "utf-8" else None
        if utf8 is not None:
            # Legacy-encoded text (cp1252, Shift_JIS...) is practically never valid UTF-8 with
            # multi-byte sequences, while stale labels on UTF-8 pages are common.
            problems.append(f"charset {codec} from {origin} overruled: bytes are UTF-8")
            return Decoded(utf8, "utf-8", problems)
        text = _try(data, codec, final)
        if text is not None:
            return Decoded(text, codec, problems)
        problems.append(f"charset {codec} from {origin} does not fit the bytes")

    text = _try(data, "utf-8", final)
    if text is not None:
        return Decoded(text, "utf-8", problems)
    detected = _detect(data)
    if detected:
        text = _try(data, detected, final)
        if text is not None:
            if candidates:
                problems.append(f"charset detected as {detected}")
            return Decoded(text, detected, problems)
    codec = candidates[0][1] if candidates else (detected or "utf-8")
    text = _decode(data, codec, final=final, errors="replace")
    problems.extend(_replaced(text))
    return Decoded(text, codec, problems)


def _replaced(text: str) -> list[str]:
    count = text.count("\ufffd")
    return [f"undecodable bytes replaced ({count})"] if count else []
