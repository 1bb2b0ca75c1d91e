"""`renewal-watch classify`: classify one article (or a JSONL batch) from the command line."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

import click

from renewal_watch.cli._common import config_option, fail
from renewal_watch.exceptions import RenewalWatchError

MAX_INPUT_BYTES = 10_000_000  # a page bigger than this is refused, not read into memory whole


def _read_input(source: str) -> str:
    """The text of FILE or of standard input ("-")."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with Path(source).open("rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        fail(f"{source}: cannot read: {exc.strerror or exc}")
    if len(data) > MAX_INPUT_BYTES:
        fail(f"{source}: larger than {MAX_INPUT_BYTES} bytes")
    return data.decode("utf-8", errors="replace")


def _article(raw: str, source: str, headline: str | None) -> tuple[str, str | None]:
    """(text, headline): HTML goes through the extractor, plain text is used as is."""
    from pipeline.classifier.batch import looks_like_html

    if not looks_like_html(raw):
        return raw, headline
    from pipeline.extraction import extract_article

    url = Path(source).resolve().as_uri() if source != "-" else "file:///dev/stdin"
    article = extract_article(raw, url)
    return article.text or "", headline if headline is not None else article.headline


def _emit(obj: dict[str, Any]) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def _run_batch(batch: str) -> None:
    from pipeline.classifier.batch import classify_jsonl

    if batch == "-":
        for out in classify_jsonl(sys.stdin):
            _emit(out)
        return
    try:
        with Path(batch).open(encoding="utf-8", errors="replace") as stream:
            for out in classify_jsonl(stream):
                _emit(out)
    except OSError as exc:
        fail(f"{batch}: cannot read: {exc.strerror or exc}")


def _one_title(text: str, headline: str | None, title: str, aliases: tuple[str, ...],
               last_season: int | None, status: str, published: datetime.date | None) -> None:
    from pipeline.classifier import Baseline, classify
    from pipeline.classifier.batch import _SLUG_RE
    from pipeline.matching import TitleSpec

    key = _SLUG_RE.sub("-", title.lower()).strip("-") or "title"
    spec = TitleSpec(key=key, name=title, aliases=aliases)
    # --title asserts what the text is about: an excerpt need not repeat the name
    result = classify(text, spec, Baseline(last_season, status), headline=headline,
                      published=published, assume_title=True)
    _emit({"title": key, **result.to_dict()})


def _watchlist(text: str, headline: str | None, config_path: str | None,
               published: datetime.date | None) -> None:
    from pipeline.classifier import classify
    from pipeline.matching import Matcher
    from renewal_watch.config import load_config

    config = load_config(config_path)
    watches = {w.key: w for w in config.watchlist}
    matcher = Matcher(w.spec() for w in watches.values())
    matches = matcher.find(text, headline)
    if not matches:
        click.echo("No watched title is mentioned.", err=True)
    for match in matches:
        watch = watches[match.title_key]
        result = classify(text, watch.spec(), watch.baseline_obj(), headline=headline,
                          published=published, match=match)
        _emit({"title": watch.key, **result.to_dict()})


@click.command("classify")
@click.argument("source", required=False, metavar="[FILE|-]")
@click.option("--title", metavar="T", help="The watched title (default: every configured one).")
@click.option("--alias", "aliases", multiple=True, metavar="A", help="Another name (repeatable).")
@click.option("--last-season", type=click.IntRange(0, 200), metavar="N",
              help="Highest season already announced or aired.")
@click.option("--status", type=click.Choice(["ended", "ongoing", "unknown"]), default="unknown",
              show_default=True, help="What was known before the article.")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Publication date of the article.")
@click.option("--headline", metavar="H", help="Headline (default: taken from HTML input).")
@click.option("--batch", metavar="IN.jsonl|-",
              help="Classify JSON lines ({id,title,aliases,baseline,headline,text}); one output "
                   "line per input line.")
@config_option
def classify_command(source: str | None, title: str | None, aliases: tuple[str, ...],
                     last_season: int | None, status: str, published: datetime.datetime | None,
                     headline: str | None, batch: str | None, config_path: str | None) -> None:
    """Classify what an article says about a watched title: renewal, new_project, rumor,
    ended, mention or unrelated, with the season, confidence, evidence and reason as JSON.

    FILE is HTML or plain text ("-" or nothing reads standard input). Without --title every
    title of the configured watchlist is tried and one JSON object is printed per title the
    article mentions.

    \b
    Example:
      renewal-watch classify --title "Hero Mask" --alias ヒーローマスク \\
          --last-season 2 --status ended --headline "Hero Mask season 3?" article.html
    """
    if batch is not None:
        if source is not None or title is not None:
            fail("--batch takes its input from IN.jsonl; give no FILE or --title with it")
        _run_batch(batch)
        return
    raw = _read_input(source or "-")
    text, head = _article(raw, source or "-", headline)
    if not text.strip() and not head:
        fail("the input has no text to classify")
    day = published.date() if published else None
    try:
        if title is not None:
            if not title.strip():
                fail("--title must not be empty")
            _one_title(text, head, title.strip(), aliases, last_season, status, day)
        else:
            _watchlist(text, head, config_path, day)
    except RenewalWatchError as exc:
        fail(exc)
