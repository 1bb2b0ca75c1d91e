"""pipeline.extraction: saved real pages (from ../shared, with their ground truth) and pages
written for these tests (tests/fixtures/extraction/)."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import extraction_fallback
from pipeline.extraction import MAX_TEXT_CHARS, ExtractedArticle, extract_article, extract_text_fast
from pipeline.extraction_clean import clean_lines
from pipeline.extraction_dates import parse_date
from pipeline.extraction_decode import decode_body
from pipeline.extraction_lang import guess_language, normalise_language
from tests.conftest import FIXTURES, REALWEB, realweb_file, realweb_files

FIX = FIXTURES / "extraction"
NOW = datetime(2026, 1, 1, tzinfo=UTC)

# --- helpers --------------------------------------------------------------------------------


def squash(text: str) -> str:
    """Whitespace-insensitive form for comparing snippets with extracted text."""
    return re.sub(r"\s+", "", text)


def contains(text: str, snippet: str) -> bool:
    return squash(snippet) in squash(text)


def token_overlap(extracted: str, expected: str) -> tuple[float, float]:
    """(precision, recall) of word tokens (characters for Japanese)."""
    def tokens(s: str) -> Counter:
        if re.search(r"[\u3040-\u30ff]", s):
            return Counter(c for c in s if not c.isspace())
        return Counter(re.findall(r"\w+", s.lower()))
    got, want = tokens(extracted), tokens(expected)
    common = sum((got & want).values())
    return common / max(1, sum(got.values())), common / max(1, sum(want.values()))


def fixture(name: str) -> bytes:
    return (FIX / name).read_bytes()


def load_json(rel: str) -> dict:
    return json.loads(realweb_file(rel).read_text(encoding="utf-8"))


def _json_cases(rel: str) -> list[tuple[str, dict]]:
    """(key, entry) pairs of a ground-truth file, for parametrising (empty when absent)."""
    path = REALWEB / rel
    if not path.exists():
        return []
    return sorted(json.loads(path.read_text(encoding="utf-8")).items())


# --- every saved article page ---------------------------------------------------------------

ARTICLE_PAGES = realweb_files("generic/*/*.html")
EXPECTED_LANGUAGE = {"japanese_article_nikkei.html": "ja", "1337kultur.de.picard.html": "de",
                     "love-hina.ch.0409.html": "de",
                     "remember8090.it_saint_seiya_netflix_remake.html": "it"}


@pytest.mark.parametrize("rel", ARTICLE_PAGES)
def test_saved_article_page_gives_text_headline_and_language(rel):
    page = realweb_file(rel)
    article = extract_article(page.read_bytes(), f"https://example.org/{page.stem}", now=NOW)
    assert article.method in ("trafilatura", "fallback")
    assert len(article.text) >= 200
    assert article.headline
    assert article.language == EXPECTED_LANGUAGE.get(page.name, "en")
    assert "<" not in article.headline
    json.dumps(article.to_dict())


@pytest.mark.parametrize("rel", realweb_files("ann/*.html") + realweb_files("mal/*.html"))
def test_database_pages_do_not_crash_and_give_a_headline(rel):
    article = extract_article(realweb_file(rel).read_bytes(), "https://example.org/db", now=NOW)
    assert article.headline
    assert article.language == "en"


# --- trafilatura evaluation data: snippets in, boilerplate and comments out ------------------

@pytest.mark.parametrize(("url", "case"), _json_cases("generic/trafilatura/evaldata_subset.json"))
def test_evaldata_snippets(url, case):
    raw = realweb_file(f"generic/trafilatura/{case['file']}").read_bytes()
    article = extract_article(raw, url, now=NOW)
    for snippet in case["with"]:
        assert contains(article.text, snippet), snippet
    for snippet in case["without"] + case.get("comments", []):
        assert not contains(article.text, snippet), snippet
    if case.get("title"):
        assert article.headline == case["title"]
    if "author" in case:
        assert (article.author or "") == case["author"]
    if case.get("date"):
        assert article.published.date().isoformat() == case["date"]
    if case.get("sitename"):
        assert article.site_name == case["sitename"]


@pytest.mark.parametrize(("key", "case"), _json_cases("generic/scrapinghub/ground_truth_subset.json"))
def test_scrapinghub_article_body(key, case):
    raw = realweb_file(f"generic/scrapinghub/{case['local_file']}").read_bytes()
    article = extract_article(raw, case["url"], now=NOW)
    paragraphs = [p for p in case["articleBody"].split("\n") if len(p) > 80]
    assert contains(article.text, paragraphs[0][:80])
    assert contains(article.text, paragraphs[-1][-80:])
    precision, recall = token_overlap(article.text, case["articleBody"])
    assert precision >= 0.95 and recall >= 0.85, (precision, recall)
    assert article.canonical_url == case["url"]
    assert "canonical url on another host" not in " ".join(article.problems)


def test_scrapinghub_metadata():
    article = extract_article(
        realweb_file("generic/scrapinghub/hollywoodreporter.com_stadia_launch.html").read_bytes(),
        "https://www.hollywoodreporter.com/news/x", now=NOW)
    assert article.author == "Patrick Shanley"
    assert article.published == datetime(2019, 11, 19, 5, 45, tzinfo=timezone(timedelta(hours=-8)))
    assert article.published.utcoffset() == timedelta(hours=-8)
    assert not article.text.startswith("5:45 AM")   # the dateline is not text


# --- newspaper4k and readability expectations -----------------------------------------------

def test_newspaper4k_time_article():
    expected = load_json("generic/newspaper4k/time_001.expected.json")
    raw = realweb_file("generic/newspaper4k/time_001.html").read_bytes()
    article = extract_article(raw, expected["url"], now=NOW)
    assert article.headline == expected["title"]
    assert [article.author] == expected["authors"]
    assert article.published == datetime.fromisoformat(expected["publish_date"])
    assert article.language == expected["language"]
    assert article.canonical_url == expected["canonical_link"]
    assert contains(article.text, expected["text"][:120])
    precision, recall = token_overlap(article.text, expected["text"])
    assert precision >= 0.9 and recall >= 0.95, (precision, recall)


def test_newspaper4k_japanese_article():
    expected = load_json("generic/newspaper4k/japanese_article_nikkei.expected.json")
    raw = realweb_file("generic/newspaper4k/japanese_article_nikkei.html").read_bytes()
    article = extract_article(raw, expected["url"], now=NOW)
    assert squash(expected["title"]).startswith(squash(article.headline))
    assert article.published == datetime.fromisoformat(expected["publish_date"])
    assert article.language == "ja"
    assert contains(article.text, expected["text"].split("\n")[0])
    assert "ログイン" not in article.text and "会員登録" not in article.text


def test_newspaper4k_avclub_body():
    expected = realweb_file("generic/newspaper4k/avclub.com1.expected.txt").read_text("utf-8")
    raw = realweb_file("generic/newspaper4k/avclub.com1.html").read_bytes()
    article = extract_article(raw, "http://www.avclub.com/article/best-film-scenes-2014-212903")
    assert contains(article.text, expected[:200])
    assert contains(article.text, expected.strip()[-200:])
    assert token_overlap(article.text, expected)[1] >= 0.95


@pytest.mark.parametrize("name", ["videos-1", "wikia"])
def test_readability_expected_metadata(name):
    expected = load_json(f"generic/readability/{name}.expected-metadata.json")
    raw = realweb_file(f"generic/readability/{name}.source.html").read_bytes()
    article = extract_article(raw, "https://example.org/article", now=NOW)
    assert article.headline == expected["title"]
    assert article.author == expected["byline"]
    assert article.published == datetime.fromisoformat(expected["publishedTime"])
    assert article.site_name == expected["siteName"]
    assert article.language == expected.get("lang", "en")


# --- pages written for these tests ----------------------------------------------------------

@pytest.mark.parametrize(("name", "codecs"), [("sjis_news_nocharset.html", {"cp932", "shift_jis"}),
                                              ("eucjp_news_nocharset.html",
                                               {"euc_jp", "euc_jis_2004", "euc_jisx0213"})])
def test_japanese_pages_without_declared_charset(name, codecs):
    article = extract_article(fixture(name), "https://anime.example.jp/news/1", now=NOW)
    assert article.encoding in codecs
    assert article.language == "ja"
    assert "\ufffd" not in article.text
    assert not [p for p in article.problems if "replaced" in p]
    if name.startswith("sjis"):
        assert article.headline == "TVアニメ「星霜のリヴァイアサン」第2期の制作が決定"
        assert "第2期の制作が決定したことが" in article.text
        assert article.published == datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
        assert article.canonical_url == "https://anime.example.jp/news/2025/03/14/seisou-2nd"
        assert "ランキング" not in article.text and "Copyright" not in article.text
    else:
        assert article.headline == "劇場版「銀河鉄道のオルゴール」2026年初夏に公開決定"
        assert "劇場版が、2026年初夏に全国の映画館で公開される" in article.text
        assert article.author == "編集部 山田"
        assert "人気投票" not in article.text


@pytest.mark.parametrize("header", [None, "iso-8859-1", "windows-1252"])
def test_windows_1252_page(header):
    article = extract_article(fixture("cp1252_news_nocharset.html"), "https://example.it/lupi",
                              encoding=header, now=NOW)
    assert article.encoding == "cp1252"     # latin-1 labels decode as windows-1252, like browsers
    assert article.headline == "“Lupi di Cristallo”: confermata la seconda stagione"
    assert "L’annuncio è arrivato" in article.text
    assert "7,99 € al mese… almeno per ora" in article.text
    assert article.language == "it"
    assert "Tutti i diritti riservati" not in article.text


def test_page_with_only_json_ld_metadata():
    article = extract_article(fixture("jsonld_only.html"), "https://news.example.org/a", now=NOW)
    assert article.headline == "Paper Cranes of Autumn gets a theatrical sequel"
    assert article.published == datetime(2025, 6, 20, 7, 15, tzinfo=UTC)
    assert article.published.utcoffset() == timedelta(hours=2)
    assert article.updated == datetime(2025, 6, 21, 11, 0, tzinfo=UTC)
    assert article.author == "Ren Takeda"            # resolved through the @graph @id
    assert article.site_name == "Example Anime Wire"
    assert article.language == "en"
    assert article.description.startswith("The studio behind Paper Cranes")
    # Source line breaks inside a <div> do not split sentences.
    assert "announced on Friday that a sequel film is in production" in article.text
    assert "Home" not in article.text.split("\n")


def test_broken_markup_still_gives_what_it_can():
    article = extract_article(fixture("broken_markup.html"), "https://harbor.example/n", now=NOW)
    assert article.headline == "Moonlit Harbor season two delayed"
    assert "all twelve episodes will be finished" in article.text
    assert "swallowed by the comment" not in article.text
    assert "no date" in article.problems


def test_reader_comments_are_excluded():
    article = extract_article(fixture("comments_section.html"), "https://otaku.example/a", now=NOW)
    assert "will return for a third season" in article.text
    assert "started in 2016" in article.text
    for comment in ("waiting for this renewal", "movie was cancelled", "Second comment block",
                    "CourierFan99", "Leave a reply"):
        assert comment not in article.text
    assert article.author == "Dana Whitfield"
    assert article.published.utcoffset() == timedelta(hours=-5)


def test_script_style_template_and_noscript_never_reach_the_text():
    article = extract_article(fixture("script_style.html"), "https://lantern.example/a", now=NOW)
    assert "fourth season, which premieres in October, will be the last one" in article.text
    assert "art book" in article.text
    assert "MARKER" not in article.text
    assert "{" not in article.text


def test_huge_page_is_truncated_before_parsing():
    para = "<p>Paragraph {i}: the committee discussed the plan for season {i} at length.</p>\n"
    head = ("<html><head><title>Huge page test</title></head><body><article>"
            "<h1>Huge page test</h1><p>The opening paragraph says the show was renewed.</p>")
    body = head + "".join(para.format(i=i) for i in range(40_000))
    assert len(body) > 2_000_000
    article = extract_article(body.encode(), "https://example.org/huge", max_bytes=1_000_000)
    assert any(p.startswith("truncated") for p in article.problems)
    assert "The opening paragraph says the show was renewed." in article.text
    assert "Paragraph 39999" not in article.text
    assert len(article.text) <= MAX_TEXT_CHARS


def test_extracted_text_is_capped():
    paras = "".join(f"<p>Line {i} of a very long article about season {i} of a show.</p>"
                    for i in range(5000))
    page = f"<html><body><article><h1>Long</h1>{paras}</article></body></html>"
    article = extract_article(page, "https://example.org/long")
    assert len(article.text) == MAX_TEXT_CHARS
    assert any(p.startswith("text truncated") for p in article.problems)


@pytest.mark.parametrize("body", [b"", b"   \n\t ", "", "\n"])
def test_empty_body(body):
    article = extract_article(body, "https://example.org/empty")
    assert article.method == "none"
    assert article.text == ""
    assert "empty body" in article.problems
    assert article.canonical_url == "https://example.org/empty"


@pytest.mark.parametrize("body", [
    random.Random(7).randbytes(20_000),
    b"\x1f\x8b\x08\x00" + random.Random(8).randbytes(5000),
    b"\x89PNG\r\n\x1a\n" + random.Random(9).randbytes(5000),
    bytes(range(256)) * 40,
])
def test_binary_garbage(body):
    article = extract_article(body, "https://example.org/bin")
    assert article.method == "none"
    assert article.text == ""
    assert any("binary" in p for p in article.problems)


@pytest.mark.parametrize("body", [
    "<", "<<<>>>", "</html>", "<html><body>" + "<div>" * 20_000 + "deep text" + "</div>" * 5,
    '<p title="' + "x" * 100_000, "<script>" * 1000, "<html>\x00\x01\x02<p>nul bytes</p>",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>xhtml</p></body></html>",
    "<html><body><p>lone surrogate \ud800 in a str body</p></body></html>",
    '<script type="application/ld+json">' + "[" * 5000 + "</script>",
])
def test_pathological_markup_never_raises(body):
    article = extract_article(body, "https://example.org/odd")
    assert isinstance(article, ExtractedArticle)
    assert article.method in ("trafilatura", "fallback", "none")


HTML_BITS = st.sampled_from([
    "<html>", "<head>", "<title>", "</title>", "<body>", "<p>", "</p>", "<div class=comments>",
    "</div>", "<h1>", "</h1>", "<script>", "</script>", "<!--", "-->", "<a href='/x'>", "</a>",
    '<meta property="article:published_time" content="', '<link rel=canonical href="', '">',
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":', "Comments",
    "Season 2 confirmed.", "第2期決定", "&amp;", "&#0;", "\x00", "\ufffd", "é", " ", "\n",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HTML_BITS | st.text(max_size=20), max_size=40).map("".join), st.booleans())
def test_extract_article_never_raises_on_generated_markup(page, as_bytes):
    body = page.encode("utf-8", "surrogatepass") if as_bytes else page
    article = extract_article(body, "https://example.org/gen", now=NOW, max_bytes=2000)
    assert article.method in ("trafilatura", "fallback", "none")
    assert article.published is None or article.published.tzinfo is not None
    json.dumps(article.to_dict())


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_extract_article_never_raises_on_random_bytes(body):
    assert isinstance(extract_article(body, "https://example.org/b"), ExtractedArticle)


def test_truncation_inside_a_multibyte_character_is_not_a_decoding_error():
    page = fixture("sjis_news_nocharset.html").decode("cp932").encode("utf-8")
    cut = next(n for n in range(900, 1000) if page[n] & 0xC0 == 0x80)   # inside a character
    article = extract_article(page, "https://example.org/jp", max_bytes=cut)
    assert not [p for p in article.problems if "replaced" in p]


def test_table_layout_page():
    article = extract_article(fixture("table_layout.html"), "http://fans.example/news/1", now=NOW)
    assert "will get a second season" in article.text
    assert "more news at the summer event" in article.text
    assert not {"Home", "News", "Links"} & set(article.text.split("\n"))


def test_clean_lines_drops_chrome_and_keeps_prose():
    text = "\n".join([
        "Hero Mask returns", "Advertisement", "Share this article", "© 2025 Example Media",
        "The streaming service confirmed a new season of the show on Friday.",
        "- Related: Other show renewed", "June 3, 2025 10:00 AM EDT by Ann Writer",
        "Premieres April 5, 2026 on the service, the studio said in its statement.",
    ])
    links = {len("Related: Other show renewed"): {"Related: Other show renewed"}}
    assert clean_lines(text, "Hero Mask returns", links).split("\n") == [
        "The streaming service confirmed a new season of the show on Friday.",
        "Premieres April 5, 2026 on the service, the studio said in its statement.",
    ]


@pytest.mark.parametrize(("line", "dateline"), [
    ("24. März 2004, 19:49 | Genesis", True),
    ("November 2, 2023 3:53 PM EDT", True),
    ("5:45 AM PST 11/19/2019 by Patrick Shanley", True),
    ("Monday, June 3, 2025 by Ann Writer", True),
    ("3 de mayo de 2025", True),
    ("2025年3月14日 18:00", True),
    ("Season 3 2026", False),
    ("Part 2, 2026", False),
    ("Premieres April 5, 2026 on the service", False),
    ("May 2025 brings the second season of the show to the service.", False),
])
def test_datelines(line, dateline):
    assert (clean_lines(line, None, {}) == "") is dateline


def test_fallback_picks_the_article_and_drops_chrome():
    page = ('<html><body><div class="has-sidebar"><h1>Title</h1><div class="sidebar">'
            "<p>Sidebar story about another show that must not appear here at all.</p></div>"
            "<article><p>" + "The film was announced at the event by the studio. " * 6 +
            "</p><p>Second paragraph of the story.</p></article></div>"
            '<form id="aspnetForm"><div class="comments"><p>A reader comment.</p></div></form>'
            "</body></html>")
    text = extraction_fallback.main_text(page)
    assert text.startswith("The film was announced")
    assert "Second paragraph of the story." in text
    assert "Sidebar story" not in text and "reader comment" not in text


def test_fallback_largest_paragraph_block_and_headline():
    page = fixture("table_layout.html").decode("utf-8")
    assert "will get a second season" in extraction_fallback.main_text(page)
    assert extraction_fallback.headline(page) == "Fan Corner - News"
    assert extraction_fallback.headline("<p>no headline</p>") is None


# --- decoding -------------------------------------------------------------------------------

def test_stale_latin1_header_on_utf8_bytes_is_overruled():
    decoded = decode_body("<p>ヒーローマスク — café</p>".encode(), "iso-8859-1")
    assert decoded.text == "<p>ヒーローマスク — café</p>"
    assert decoded.encoding == "utf-8"
    assert any("overruled" in p for p in decoded.problems)


def test_wrong_utf8_header_on_shift_jis_bytes_falls_back_to_detection():
    article = extract_article(fixture("sjis_news_nocharset.html"), "https://example.org/jp",
                              encoding="utf-8", now=NOW)
    assert article.encoding == "cp932"
    assert article.headline == "TVアニメ「星霜のリヴァイアサン」第2期の制作が決定"
    assert any("does not fit" in p for p in article.problems)


def test_meta_charset_and_bom():
    body = '<meta charset="shift_jis"><p>第2期</p>'.encode("cp932")
    assert decode_body(body).text.endswith("<p>第2期</p>")
    assert decode_body(b"\xef\xbb\xbf<p>x</p>").text == "<p>x</p>"
    assert decode_body("<p>é</p>".encode("utf-16-le"), None).binary is not None  # no BOM: NULs
    assert decode_body(b"\xff\xfe" + "<p>é</p>".encode("utf-16-le")).text == "<p>é</p>"


def test_unknown_charset_label_is_reported_and_ignored():
    decoded = decode_body("<p>café</p>".encode(), "x-no-such-charset")
    assert decoded.text == "<p>café</p>"
    assert any("unknown charset" in p for p in decoded.problems)


def test_undecodable_bytes_are_replaced_and_reported():
    body = b'<meta charset="utf-8"><p>bad \xff\xfe\xfd bytes</p>' + b"x" * 10
    article = extract_article(body, "https://example.org/bad")
    assert any("does not fit" in p or "replaced" in p for p in article.problems)


# --- dates, canonical URL, language ---------------------------------------------------------

@pytest.mark.parametrize(("value", "expected", "flagged"), [
    ("2020-01-19T12:25:36Z", datetime(2020, 1, 19, 12, 25, 36, tzinfo=UTC), False),
    ("20180619T055000+0900", datetime(2018, 6, 18, 20, 50, tzinfo=UTC), False),
    ("2017-12-15T08:50:02-05:00", datetime(2017, 12, 15, 13, 50, 2, tzinfo=UTC), False),
    ("Mon, 26 Jan 2026 16:00:00 -0500", datetime(2026, 1, 26, 21, 0, tzinfo=UTC), False),
    ("26 Jan 2026 16:00:00 JST", datetime(2026, 1, 26, 7, 0, tzinfo=UTC), False),
    ("2019-11-19 05:45:00", datetime(2019, 11, 19, 5, 45, tzinfo=UTC), True),
    ("2020-01-19", datetime(2020, 1, 19, tzinfo=UTC), True),
    ("Mon, 26 Jan 2026 16:00:00 -0000", datetime(2026, 1, 26, 16, 0, tzinfo=UTC), True),
])
def test_parse_date_keeps_offsets_and_flags_naive_values(value, expected, flagged):
    parsed, problem = parse_date(value, now=datetime(2026, 2, 1, tzinfo=UTC))
    assert parsed == expected
    assert parsed.tzinfo is not None
    assert (problem is not None) == flagged
    if not flagged and "T" in value and value[-1] != "Z":
        assert parsed.utcoffset() != timedelta(0)


@pytest.mark.parametrize("value", ["1970-01-01T00:00:00Z", "1989-12-31", "2026-01-03T00:00:00Z",
                                   "next Tuesday", "0000-00-00"])
def test_parse_date_rejects_absurd_or_unreadable_dates(value):
    parsed, problem = parse_date(value, now=NOW)
    assert parsed is None
    assert problem


@given(st.text(max_size=60) | st.from_regex(r"\A[A-Z][a-z]{2}, \d{1,12} [A-Z][a-z]{2} \d{1,12} "
                                             r"\d{1,3}:\d{1,3}:\d{1,3} [+-]\d{4}\Z"))
def test_parse_date_never_raises(value):
    parsed, problem = parse_date(value, now=NOW)
    assert parsed is None or parsed.tzinfo is not None
    assert parsed is None or problem is None or "no time zone" in problem


def test_date_just_ahead_of_now_is_accepted():
    parsed, _ = parse_date("2026-01-01T20:00:00+00:00", now=NOW)
    assert parsed is not None


def test_future_published_date_is_dropped_with_a_problem():
    page = ('<html><head><meta property="article:published_time" content="2031-05-01T10:00:00Z">'
            "<title>Future</title></head><body><p>text</p></body></html>")
    article = extract_article(page, "https://example.org/f", now=NOW)
    assert article.published is None
    assert any("implausible" in p for p in article.problems)


def test_time_element_in_the_article_beats_a_sidebar_time():
    page = ('<html><body><aside><time datetime="2025-01-05T10:00:00Z">sidebar story</time></aside>'
            '<article><h1>Story</h1><time datetime="2025-01-02T09:00:00+09:00">Jan 2</time>'
            "<p>Body text.</p></article></body></html>")
    article = extract_article(page, "https://example.org/t", now=NOW)
    assert article.published == datetime(2025, 1, 2, 9, tzinfo=timezone(timedelta(hours=9)))
    sidebar_only = page.replace('<time datetime="2025-01-02T09:00:00+09:00">Jan 2</time>', "")
    article = extract_article(sidebar_only, "https://example.org/t", now=NOW)
    assert article.published == datetime(2025, 1, 5, 10, tzinfo=UTC)
    assert any("outside the article" in p for p in article.problems)


def test_author_profile_urls_are_not_names():
    page = ('<html><head><meta property="article:author" content="https://facebook.com/someone">'
            '<meta name="sailthru.author" content="Kei Morita"></head><body><p>x</p></body></html>')
    assert extract_article(page, "https://example.org/a").author == "Kei Morita"


def _page_with_canonical(href: str) -> str:
    return (f'<html><head><link rel="canonical" href="{href}"><title>T</title></head>'
            "<body><article><p>Body text of the page.</p></article></body></html>")


@pytest.mark.parametrize(("href", "expected", "note"), [
    ("/news/2025/x?id=1#top", "https://site.example/news/2025/x?id=1", None),
    ("../y", "https://site.example/news/y", None),
    ("https://mirror.example/news/x", "https://mirror.example/news/x", "another host"),
    ("javascript:void(0)", "https://site.example/news/2025/a", "not http"),
    ("ftp://site.example/x", "https://site.example/news/2025/a", "not http"),
    ("https://site.example/", "https://site.example/news/2025/a", "site root"),
])
def test_canonical_url(href, expected, note):
    article = extract_article(_page_with_canonical(href), "https://site.example/news/2025/a")
    assert article.canonical_url == expected
    if note:
        assert any(note in p for p in article.problems)


def test_declared_latin_language_on_japanese_text_is_overruled():
    body = fixture("sjis_news_nocharset.html").decode("cp932").replace("<html>", '<html lang="en">')
    article = extract_article(body, "https://example.org/jp")
    assert article.language == "ja"
    assert any("contradicts" in p for p in article.problems)


@pytest.mark.parametrize(("value", "expected"), [
    ("en-US", "en"), ("ja_JP", "ja"), ("it-IT", "it"), ("italiano (italian)", "it"), ("DE", "de"),
    ("und", None), ("x-default", None), ("", None), (None, None), ("jpn", None),
])
def test_normalise_language(value, expected):
    assert normalise_language(value) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Die zweite Staffel der Serie ist nicht abgesagt, und sie wird auch im Herbst auf dem Sender "
     "laufen.", "de"),
    ("La segunda temporada de la serie se estrenará en otoño y también está confirmada por el "
     "estudio.", "es"),
    ("La deuxième saison de la série est confirmée pour cet automne, et elle sera diffusée sur "
     "la chaîne.", "fr"),
    ("A segunda temporada da série foi confirmada para o outono e também não terá atrasos na "
     "estreia.", "pt"),
    ("The second season of the series was confirmed by the studio and will premiere this fall.",
     "en"),
    ("애니메이션 2기 제작이 결정되었습니다. 방송은 내년 봄으로 예정되어 있습니다.", "ko"),
    ("动画第二季制作决定，将于明年春季播出。官方同时公布了新的视觉图。", "zh"),
    ("Hero Mask (ヒーローマスク) is a Netflix anime series produced by Studio Pierrot in 2018 "
     "and it was followed by a second part.", "en"),
    ("12345 !!!", None),
])
def test_guess_language(text, expected):
    assert guess_language(text) == expected


# --- fast text path -------------------------------------------------------------------------

def test_extract_text_fast_keeps_visible_text_only():
    html_text = fixture("script_style.html").decode("utf-8")
    text = extract_text_fast(html_text)
    assert "fourth season, which premieres in October" in text
    assert "art book" in text
    assert "MARKER" not in text          # scripts, styles, noscript, template gone
    assert "<" not in text


def test_extract_text_fast_handles_unclosed_head_and_script():
    text = extract_text_fast("<html><head><title>T</title><body><p>Season 2 &amp; more</p>"
                             "<script>var x = 'never shown'")
    assert text == "Season 2 & more"


def test_extract_text_fast_keeps_block_boundaries():
    text = extract_text_fast("<p>One</p><p>Two<br>Three</p><span>Fo</span><b>ur</b>")
    assert text.split("\n") == ["One", "Two", "Three", "Four"]   # inline tags do not split


def test_extraction_in_threads_matches_sequential_results():
    names = [p.name for p in sorted(FIX.glob("*.html"))]
    expected = {n: extract_article(fixture(n), f"https://example.org/{n}", now=NOW) for n in names}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(
            lambda n: (n, extract_article(fixture(n), f"https://example.org/{n}", now=NOW)),
            names * 5))
    assert all(article == expected[name] for name, article in results)


def test_extract_text_fast_keeps_pages_wrapped_in_a_form():
    text = extract_text_fast('<body><form id="aspnetForm"><nav>Menu</nav><p>Article text</p>'
                             "<select><option>A</option></select></form></body>")
    assert text == "Article text"
