"""pipeline.matching: normalised one-pass matching, offsets, common-phrase support."""

from __future__ import annotations

import pytest

from pipeline.matching import Matcher, TitleSpec, is_common_phrase, match_title, normalize

HERO_MASK = TitleSpec(
    key="hero-mask", name="Hero Mask",
    aliases=("HERO MASK", "Hero:Mask", "ヒーローマスク", "ヒーロー・マスク"),
    context=("Pierrot", "James Blood"), exclude=("superhero mask", "super hero mask"))
FRIEREN = TitleSpec(key="frieren", name="Frieren: Beyond Journey's End",
                    aliases=("葬送のフリーレン", "Sousou no Frieren", "Frieren"))


@pytest.mark.parametrize("written", [
    "Hero Mask", "HERO MASK", "hero mask", "Hero-Mask", "Hero:Mask", "Hero  Mask",
    "ＨＥＲＯ ＭＡＳＫ", "ヒーローマスク", "ヒーロー・マスク", "ヒーロー マスク",
])
def test_every_spelling_matches_with_offsets_into_the_original(written):
    text = f"Netflix anime {written} returns."
    found = Matcher([HERO_MASK]).find(text)
    assert len(found) == 1
    span = found[0].spans[0]
    assert text[span.start:span.end] == written.strip()
    assert span.field == "text"


def test_headline_spans_index_the_headline():
    found = Matcher([HERO_MASK]).find("Pierrot made it.", headline="Review: Hero Mask part 2")
    (span,) = found[0].spans
    assert span.field == "headline"
    assert "Review: Hero Mask part 2"[span.start:span.end] == "Hero Mask"


@pytest.mark.parametrize("text", [
    "Make superhero masks with paper plates.",
    "Our superhero mask tutorial for kids.",
    "A super hero mask for the party.",
])
def test_superhero_masks_never_match(text):
    assert Matcher([HERO_MASK]).find(text) == []


def test_latin_aliases_need_word_boundaries():
    assert Matcher([HERO_MASK]).find("The heromasks store") == []
    assert Matcher([HERO_MASK]).find("antiHero Mask") == []


def test_common_phrase_counts_only_with_context():
    crafts = match_title(HERO_MASK, "Paint a Hero Mask for the school fair.")
    assert crafts is not None and not crafts.supported
    anime = match_title(HERO_MASK, "Hero Mask, the Netflix anime, is back.")
    assert anime is not None and anime.supported
    own_context = match_title(HERO_MASK, "Hero Mask follows James Blood.")
    assert own_context is not None and own_context.supported
    assert "James Blood" in own_context.why or "james blood" in own_context.why


def test_single_word_alias_is_ambiguous_without_anime_context():
    german = match_title(FRIEREN, "Wenn wir Frieren, hilft ein Schal.")
    assert german is not None and not german.supported
    anime = match_title(FRIEREN, "Frieren season 2 was announced for the anime.")
    assert anime is not None and anime.supported


def test_full_title_is_distinctive():
    found = match_title(FRIEREN, "Frieren: Beyond Journey's End was a hit.")
    assert found is not None and found.supported
    assert found.spans[0].alias == "Frieren: Beyond Journey's End"


def test_katakana_rendering_of_a_common_name_needs_context():
    craft = match_title(HERO_MASK, "紙皿でヒーローマスクを作ろう。ヒーローごっこにぴったり。")
    assert craft is not None and not craft.supported
    anime = match_title(HERO_MASK, "Netflixアニメ『ヒーローマスク』を紹介します。")
    assert anime is not None and anime.supported


def test_ambiguous_override():
    strict = TitleSpec(key="x", name="Mob Psycho 100", ambiguous=True)
    assert not match_title(strict, "Mob Psycho 100 was great.").supported
    loose = TitleSpec(key="y", name="Eden", ambiguous=False)
    assert match_title(loose, "Eden was great.").supported


def test_plain_word_uses_of_a_one_word_title_do_not_count():
    another = TitleSpec(key="another", name="Another", aliases=("Another (anime)",))
    found = match_title(another, "Dandadan gets another season on Netflix.")
    assert found is not None and not found.supported


def test_titles_of_three_words_or_more_are_distinctive():
    # every word is ordinary, but nobody writes the whole phrase by accident
    assert not is_common_phrase(normalize("Castle in the Sky").text)
    castle = TitleSpec(key="castle", name="Castle in the Sky")
    found = match_title(castle, "Castle in the Sky avslutas efter tio år")
    assert found is not None and found.supported


def test_is_common_phrase():
    assert is_common_phrase(normalize("Hero Mask").text)
    assert is_common_phrase(normalize("Eden").text)
    assert not is_common_phrase(normalize("Sousou no Frieren").text)
    assert not is_common_phrase(normalize("ヒーローマスク").text)


def test_normalize_keeps_offsets_for_expanding_characters():
    text = "Ranma ½ and Straße"
    norm = normalize(text)
    assert norm.text == "ranma 1 2 and strasse"
    start = norm.text.index("strasse")
    assert norm.span(start, start + len("strasse")) == (12, 18)


def test_one_pass_over_many_titles_finds_each_with_its_key():
    titles = [TitleSpec(key=f"t{i}", name=f"Zorblax Quintar {i}") for i in range(2000)]
    titles.append(HERO_MASK)
    found = Matcher(titles).find("Netflix anime Hero Mask and Zorblax Quintar 1234 and Zorblax Quintar 7.")
    assert [m.title_key for m in found] == ["t7", "t1234", "hero-mask"]  # watchlist order


def test_nested_alias_keeps_the_longest_span():
    jjk = TitleSpec(key="jjk", name="Jujutsu Kaisen", aliases=("Jujutsu Kaisen: The Culling Game",))
    (match,) = Matcher([jjk]).find("Jujutsu Kaisen: The Culling Game premieres in January.")
    assert [s.alias for s in match.spans] == ["Jujutsu Kaisen: The Culling Game"]


def test_empty_watchlist_and_empty_text():
    assert Matcher([]).find("anything") == []
    assert Matcher([HERO_MASK]).find("") == []
