"""pipeline.fingerprint: simhash near duplicates, BIGINT round trip, content hash.

The texts below were written for these tests (fictional shows and outlets)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.fingerprint import (
    EMPTY_FINGERPRINT,
    NEAR_DUPLICATE_DISTANCE,
    content_hash,
    from_db,
    hamming,
    is_near_duplicate,
    simhash,
    to_db,
)

# --- English: one story, its copies, an independent report of the same news, another story --

STORY = """\
The streaming service announced on Monday that Starlight Couriers will return for a third season,
ending months of speculation among fans of the space delivery comedy.
The second season premiered in April and quickly became one of the most watched anime on the
platform, staying in the global top ten for six consecutive weeks.
According to the announcement, director Mina Okabe and series composer Taro Hidaka will both
return, and the animation will again be produced by Studio Lumen in Tokyo.
The main voice cast, led by Aoi Sakuma as the courier captain Riku, is also expected to come back,
although the company has not yet confirmed every role.
No premiere date was given, but a short teaser published alongside the announcement ends with the
words "see you next year", which suggests a release in the second half of 2026.
The series is based on a web comic by the artist known as Pilot Fish, which has been running since
2016 and recently passed two million copies in print across its collected volumes.
The company also said that the first two seasons will be added to its catalogue in more regions
later this month, with new dubbed versions in Spanish, Portuguese and German."""

SYNDICATED = ("This article first appeared on Orbit Otaku and is republished with permission.\n"
              + STORY + "\nFollow us on social media for more anime news. Advertisement")

EDITED = (STORY.replace("quickly became", "rapidly became")
          .replace("in Tokyo.", "in Tokyo. The studio has worked on the series since its start.")
          + "\nUpdate: the company confirmed the news to us by email on Tuesday.")

SAME_NEWS_OTHER_OUTLET = """\
Good news for fans of Starlight Couriers: a third season is officially in the works.
The renewal was confirmed in a short video posted on Monday, in which the crew of the delivery
ship waves goodbye before the screen fades to black.
Studio Lumen returns to animate the new episodes, with Mina Okabe once again in the director's
chair and Taro Hidaka writing the scripts.
Aoi Sakuma, who voices Riku, shared the video with a message thanking viewers for their support.
The previous season was a big hit for the platform this spring and spent over a month among its
most viewed titles worldwide.
A release window has not been announced yet, but the video hints that the courier crew will be
back some time next year.
The original web comic by Pilot Fish continues online, and its printed volumes have sold more
than two million copies."""

UNRELATED = """\
The mobile game Crystal Orchard will shut down its servers at the end of June, the publisher said
in a notice to players on Thursday.
Purchases of the premium currency have already been disabled, and unused items will be converted
into a commemorative badge for the offline archive version of the game.
The publisher thanked players for five years of support and said that the soundtrack would be
released on streaming services in the autumn, together with an art book of unused designs.
The game launched in 2021 and was downloaded more than three million times, but its player count
fell sharply after the third anniversary event."""

# --- Japanese (character shingles) ----------------------------------------------------------

JA_STORY = (
    "TVアニメ「星霜のリヴァイアサン」の第3期の制作が決定したことが、5月10日に開催された特別イベント"
    "で発表された。あわせて、ティザービジュアルと特報映像も公開されている。第2期は今年1月から3月まで"
    "放送され、配信サービスの週間ランキングでも上位に入るなど好評を博した。第3期でも監督やシリーズ構成"
    "をはじめとする主要スタッフは続投し、アニメーション制作も引き続き同じスタジオが担当する。放送時期"
    "や放送局などの詳細は、後日改めて発表される予定だ。原作は月刊誌で連載中の同名漫画で、コミックスの"
    "累計発行部数は400万部を突破している。イベントに登壇した主人公役の声優は「また続きを演じられるの"
    "が本当にうれしいです」とコメントした。")
JA_SYNDICATED = "【アニメ速報】" + JA_STORY + "関連記事はこちら。この記事をシェアする。"
JA_EDITED = JA_STORY.replace("好評を博した。", "好評を博した。海外でも配信され、多くの反響があった。")
JA_SAME_NEWS = (
    "人気アニメ「星霜のリヴァイアサン」の続編となる第3期の制作決定が発表された。5月10日のイベントで"
    "明らかになったもので、新たなビジュアルと映像が披露された。監督らスタッフは前期から変わらず、"
    "主人公の声を担当する声優も登壇して喜びを語った。放送開始日はまだ決まっていないという。原作漫画"
    "は累計400万部を超えるヒット作で、今年放送された第2期も配信で高い人気を集めていた。")
JA_UNRELATED = (
    "劇場版「銀河鉄道のオルゴール」の前売り券が6月1日から全国の映画館で発売される。購入者には特製の"
    "ポストカードがプレゼントされるほか、公式サイトでは新しい予告編も公開された。物語はテレビシリーズ"
    "最終話の三年後を描くもので、原作者が自ら脚本を手がけている。")


def distance(a: str, b: str) -> int:
    return hamming(simhash(a), simhash(b))


@pytest.mark.parametrize(("copy", "what"), [
    (SYNDICATED, "syndicated copy with other boilerplate"),
    (EDITED, "edited copy: words changed, sentences added"),
    ("Starlight Couriers renewed for season 3\n" + STORY, "copy with a headline on top"),
    (STORY.upper().replace("\n", "  "), "case and line breaks only"),
    (JA_SYNDICATED, "Japanese syndicated copy"),
    (JA_EDITED, "Japanese edited copy"),
])
def test_copies_are_near_duplicates(copy, what):
    original = JA_STORY if what.startswith("Japanese") else STORY
    assert is_near_duplicate(simhash(original), simhash(copy)), (what, distance(original, copy))


@pytest.mark.parametrize(("other", "what"), [
    (SAME_NEWS_OTHER_OUTLET, "same news written independently"),
    (UNRELATED, "unrelated story"),
    (JA_SAME_NEWS, "Japanese: same news written independently"),
    (JA_UNRELATED, "Japanese: unrelated story"),
    (JA_STORY, "the Japanese story against the English one"),
])
def test_different_stories_are_not_near_duplicates(other, what):
    original = JA_STORY if what.startswith("Japanese") else STORY
    assert not is_near_duplicate(simhash(original), simhash(other)), (what, distance(original, other))
    # Not merely on the far side of the threshold: a clear margin.
    assert distance(original, other) >= NEAR_DUPLICATE_DISTANCE + 4


def test_distances_are_ordered():
    assert distance(STORY, SYNDICATED) <= distance(STORY, EDITED) < distance(STORY, SAME_NEWS_OTHER_OUTLET)


def test_simhash_is_stable_across_processes():
    # blake2b, not hash(): the value must never change, or stored fingerprints become useless.
    assert simhash("Hero Mask season 2 announced by Netflix") == simhash(
        "hero   mask SEASON 2 announced, by Netflix!")
    assert simhash("a b c") == 0x8A3310240026B000


def test_empty_text_never_matches():
    assert simhash("") == EMPTY_FINGERPRINT
    assert simhash(" \n ... !!! ") == EMPTY_FINGERPRINT
    assert not is_near_duplicate(simhash(""), simhash(""))
    assert not is_near_duplicate(EMPTY_FINGERPRINT, simhash(STORY))


def test_short_texts_still_get_a_fingerprint():
    assert simhash("Renewed") != EMPTY_FINGERPRINT
    assert simhash("第3期") != EMPTY_FINGERPRINT


def test_max_distance_is_a_parameter():
    a, b = simhash(STORY), simhash(EDITED)
    d = hamming(a, b)
    assert is_near_duplicate(a, b, max_distance=d)
    assert not is_near_duplicate(a, b, max_distance=d - 1) or d == 0


def test_hamming():
    assert hamming(0, 0) == 0
    assert hamming(0, (1 << 64) - 1) == 64
    assert hamming(0b1011, 0b0001) == 2


# --- database round trip --------------------------------------------------------------------

@given(st.integers(min_value=0, max_value=(1 << 64) - 1))
def test_to_db_from_db_round_trip(fingerprint):
    stored = to_db(fingerprint)
    assert -(1 << 63) <= stored < (1 << 63)
    assert from_db(stored) == fingerprint


@given(st.text())
def test_fingerprints_of_any_text_fit_a_bigint(text):
    fingerprint = simhash(text)
    assert 0 <= fingerprint < (1 << 64)
    assert from_db(to_db(fingerprint)) == fingerprint


@pytest.mark.parametrize("bad", [-1, 1 << 64])
def test_to_db_rejects_values_outside_64_bits(bad):
    with pytest.raises(ValueError):
        to_db(bad)


@pytest.mark.parametrize("bad", [-(1 << 63) - 1, 1 << 63])
def test_from_db_rejects_values_outside_bigint(bad):
    with pytest.raises(ValueError):
        from_db(bad)


def test_high_bit_maps_to_negative():
    assert to_db((1 << 64) - 1) == -1
    assert to_db(1 << 63) == -(1 << 63)
    assert to_db(5) == 5


# --- content hash ---------------------------------------------------------------------------

def test_content_hash_ignores_layout_but_sees_wording():
    base = content_hash(STORY)
    assert len(base) == 64
    assert content_hash(STORY.replace("\n", "   \n  ") + "\n") == base
    assert content_hash(STORY.upper()) == base
    assert content_hash(STORY.replace("third season", "fourth season")) != base
    assert content_hash("ＴＶアニメ") == content_hash("TVアニメ")      # full-width forms
