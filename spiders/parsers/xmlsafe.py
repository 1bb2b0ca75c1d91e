"""Parsing untrusted XML without entity expansion.

libxml2 expands internal entities in attribute values even with `resolve_entities=False`,
so a "billion laughs" document could still blow up. API answers and sitemaps never need a
DTD: the DOCTYPE (with its internal subset) is cut before parsing, and the parser runs with
entity resolution and network access off, recovering from bad markup.
"""

from __future__ import annotations

import re

import lxml.etree

# Where a DOCTYPE may sit: in the prologue, before the root element.
PROLOGUE_BYTES = 4096
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", re.S | re.I)


class UnsafeXML(ValueError):
    """A DOCTYPE that could not be removed cleanly: the document is refused."""


def strip_doctype(body: bytes) -> bytes:
    """`body` without its DOCTYPE declaration (unchanged when there is none)."""
    head = body[:PROLOGUE_BYTES]
    if b"<!doctype" not in head.lower():
        return body
    match = _DOCTYPE.search(body, 0, len(body))
    if match is None or match.start() > PROLOGUE_BYTES:
        raise UnsafeXML("unterminated DOCTYPE")
    return body[:match.start()] + body[match.end():]


def declares_entities(body: bytes) -> bool:
    """True when the prologue declares entities (`<!ENTITY`): the shape of an expansion bomb."""
    head = body[:PROLOGUE_BYTES].lower()
    return b"<!doctype" in head and b"<!entity" in head


def parser() -> lxml.etree.XMLParser:
    """A parser that never resolves entities, never touches the network, and recovers."""
    return lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                                huge_tree=False, remove_comments=True, remove_pis=True)


def fromstring(body: bytes) -> lxml.etree._Element | None:
    """The root element of `body`, or None when it is not XML (or refused)."""
    try:
        return lxml.etree.fromstring(strip_doctype(body), parser())
    except (lxml.etree.XMLSyntaxError, UnsafeXML, ValueError):
        return None
