"""pipeline.classifier: behaviour on passages written for these tests (none copied)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.classifier import CLASSIFIER_VERSION, LABELS, Baseline, classify
from pipeline.matching import TitleSpec

HERO_MASK = TitleSpec(
    key="hero-mask", name="Hero Mask", aliases=("HERO MASK", "Hero:Mask", "ヒーローマスク", "ヒーロー・マスク"),
    context=("Netflix", "Pierrot", "James Blood", "anime", "アニメ"),
    exclude=("superhero mask", "super hero mask", "super-hero mask"))
HM_ENDED = Baseline(2, "ended")
GLASS = TitleSpec(key="glass-harbor", name="Glass Harbor", aliases=("グラスハーバー", "Garasu no Minato"))
ORBIT = TitleSpec(key="orbit-drift", name="Orbit Drifters", aliases=("オービット・ドリフターズ",))


UNKNOWN_1 = Baseline(1, "unknown")


def label(text, title=GLASS, baseline=UNKNOWN_1, headline=None):
    return classify(text, title, baseline, headline=headline)


# --- one case per label -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Netflix has renewed the anime Glass Harbor for a second season.", "renewal"),
    ("Studio Kaze announced that Glass Harbor is getting an anime film next summer.", "new_project"),
    ("An insider claims Glass Harbor season 2 could be in production, but nothing is official.", "rumor"),
    ("Netflix has cancelled the anime Glass Harbor after one season.", "ended"),
    ("Glass Harbor is a moody anime about lighthouse keepers; the animation is gorgeous.", "mention"),
])
def test_each_label(text, expected):
    result = label(text)
    assert result.label == expected, result.reason


def test_unrelated_when_the_title_is_absent():
    result = label("A completely different show was renewed for season 2.")
    assert result.label == "unrelated"
    assert result.change is False


def test_result_shape_is_always_valid():
    for text in ("", "Glass Harbor", "Glass Harbor season 99 cancelled renewed film?", "x" * 5000):
        result = label(text)
        assert result.label in LABELS
        assert 0.0 <= result.confidence <= 1.0
        assert isinstance(result.reason, str) and result.reason
    assert CLASSIFIER_VERSION


# --- negation and hedges ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Glass Harbor has not been renewed for a second season yet.",
    "A second season of Glass Harbor isn't confirmed yet, though fans remain hopeful.",
    "Glass Harbor could return for a second season if the numbers hold.",
    "Glass Harbor season 2 may happen; the studio is reportedly interested.",
    "Will there be a Glass Harbor season 2? Here is everything we know.",
    "Netflix has yet to announce a second season of Glass Harbor.",
])
def test_negated_or_hedged_continuation_is_a_rumor(text):
    result = label(text)
    assert result.label == "rumor", result.reason
    assert result.change is False


@pytest.mark.parametrize("text", [
    "There are no plans for a second season of Glass Harbor, the producers said.",
    "Glass Harbor will not return for a second season.",
    "Netflix decided not to renew Glass Harbor.",
    "Glass Harbor was cancelled by the streamer last week.",
])
def test_no_plans_not_renewed_and_cancelled_are_ended(text):
    assert label(text).label == "ended"


def test_double_negation_is_not_an_ending():
    text = ("Glass Harbor has not been renewed, but it has not been cancelled either, so a second "
            "season could still happen.")
    assert label(text).label == "rumor"


# --- season forms ------------------------------------------------------------------------

@pytest.mark.parametrize("phrase", [
    "season 3", "Season Three", "the third season", "a 3rd season", "season III", "S3",
    "第3期", "第三期", "3期", "第3シーズン", "3rd season",
    "la terza stagione", "la tercera temporada", "la troisième saison", "die dritte Staffel",
    "a terceira temporada", "la 3ª temporada", "die 3. Staffel",
])
def test_season_forms(phrase):
    text = f"Glass Harbor: {phrase} officially announced by the studio."
    result = classify(text, GLASS, Baseline(2, "unknown"))
    assert result.label == "renewal", result.reason
    assert result.season == 3


@pytest.mark.parametrize("phrase", ["Part 2", "the 2nd cour", "the second half"])
def test_a_split_of_an_ongoing_season_is_not_a_new_season(phrase):
    text = f"Netflix confirmed {phrase} of Glass Harbor premieres in April."
    assert classify(text, GLASS, Baseline(1, "ongoing")).label == "mention"


# --- baseline comparison -----------------------------------------------------------------

def test_the_baseline_decides_renewal_versus_old_news():
    text = "Glass Harbor season 3 has been officially confirmed and premieres in April."
    new = classify(text, GLASS, Baseline(2, "unknown"))
    old = classify(text, GLASS, Baseline(3, "ongoing"))
    assert (new.label, new.season, new.change) == ("renewal", 3, True)
    assert (old.label, old.change) == ("mention", False)


def test_ended_is_a_change_only_for_an_ongoing_show():
    text = "Netflix has cancelled Glass Harbor; the third season will not be made."
    ongoing = classify(text, GLASS, Baseline(3, "ongoing"))
    unknown = classify(text, GLASS, Baseline(2, "unknown"))
    assert ongoing.label == unknown.label == "ended"
    assert ongoing.change is True
    assert unknown.change is False


def test_final_season_beyond_the_baseline_is_a_renewal():
    text = ("Glass Harbor is coming to an end: the studio announced a third and final season "
            "for next year.")
    result = classify(text, GLASS, Baseline(2, "unknown"))
    assert (result.label, result.season, result.change) == ("renewal", 3, True)


def test_final_season_already_known_is_an_ending():
    text = "The studio confirmed that the third season of Glass Harbor will be the last."
    result = classify(text, GLASS, Baseline(3, "ongoing"))
    assert (result.label, result.season, result.change) == ("ended", 3, True)


# --- headline versus body ----------------------------------------------------------------

def test_clickbait_headline_loses_to_a_hedged_body():
    result = label("Glass Harbor has not been renewed yet; a second season is only a possibility.",
                   headline="Glass Harbor season 2 CONFIRMED")
    assert result.label == "rumor"


def test_body_announcement_beats_a_speculative_headline():
    result = label("Netflix officially announced that Glass Harbor will return for a second season.",
                   headline="Will there be a Glass Harbor season 2? Everything we know")
    assert result.label == "renewal"


def test_headline_decides_when_the_body_says_nothing():
    result = label("The cast thanked fans on social media.",
                   headline="Glass Harbor season 2 officially announced")
    assert result.label == "renewal"
    assert any(e.field == "headline" for e in result.evidence)


# --- several shows on one page ----------------------------------------------------------

def test_a_renewal_of_another_show_on_the_page_is_ignored():
    text = ("Glass Harbor was a quiet success for the studio this winter.\n\n"
            "Elsewhere, Netflix officially confirmed Moon Parade season two.")
    assert label(text).label == "mention"


def test_a_film_of_another_show_is_not_a_project_of_ours():
    text = ("Glass Harbor season 2 has no release date yet, while the studio is busy with the "
            "highly anticipated Starfall Brigade movie.")
    assert classify(text, GLASS, Baseline(2, "ongoing")).label == "mention"


# --- projects and franchise activity ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "A new Glass Harbor OVA was announced for the Blu-ray release.",
    "Glass Harbor gets a spin-off anime series about the harbor master, the studio announced.",
    "The studio confirmed a theatrical film that continues the Glass Harbor story.",
])
def test_non_season_continuations_are_new_projects(text):
    result = label(text)
    assert result.label == "new_project", result.reason
    assert result.season is None
    assert result.change is True


@pytest.mark.parametrize("text", [
    "Glass Harbor is getting a manga spin-off in a monthly magazine.",
    "Glass Harbor returns to TV with a rebroadcast on Tokyo MX in July.",
    "The English dub of Glass Harbor arrives on Blu-ray next month.",
    "A recap compilation film of the Glass Harbor TV series hits theaters in May.",
])
def test_franchise_activity_that_continues_nothing_is_a_mention(text):
    result = label(text)
    assert result.label == "mention", result.reason
    assert result.change is False


def test_live_action_adaptation_is_unrelated():
    text = "A live-action Glass Harbor drama starring a famous actor was announced for TV."
    assert label(text).label == "unrelated"


# --- languages -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "TVアニメ『グラスハーバー』の第2期制作が決定した。",
    "È ufficiale: Glass Harbor tornerà con una seconda stagione, annunciata dallo studio.",
    "Netflix confirmó que Glass Harbor tendrá una segunda temporada.",
    "Netflix hat eine zweite Staffel von Glass Harbor offiziell angekündigt.",
    "Netflix a annoncé une deuxième saison pour Glass Harbor.",
    "A Netflix anunciou oficialmente a segunda temporada de Glass Harbor.",
])
def test_announcements_in_six_languages(text):
    result = label(text)
    assert (result.label, result.season) == ("renewal", 2), result.reason


@pytest.mark.parametrize("text", [
    "『グラスハーバー』第2期の制作は発表されていません。",
    "Non è ancora stata annunciata una seconda stagione di Glass Harbor.",
    "Netflix aún no ha confirmado una segunda temporada de Glass Harbor.",
    "Eine zweite Staffel von Glass Harbor wurde bisher nicht angekündigt.",
])
def test_negated_announcements_in_other_languages_are_rumors(text):
    assert label(text).label == "rumor"


# --- Hero Mask -----------------------------------------------------------------------------

def test_hero_mask_everything_we_know_that_concludes_part_two_was_final_is_ended():
    headline = "Hero Mask Season 3: Everything We Know"
    text = ("Will Hero Mask return? Netflix presented Part II in 2019 as the final season of the "
            "anime, and there are no plans for a third season. The story of James Blood is over.")
    result = classify(text, HERO_MASK, HM_ENDED, headline=headline)
    assert result.label == "ended", result.reason
    assert result.change is False  # the baseline already knew it ended


def test_hero_mask_producer_wish_is_not_a_renewal():
    text = ("Producer Mikio Ono said the team would like to work with Netflix again on a new "
            "project someday.")
    result = classify(text, HERO_MASK, HM_ENDED, headline="Hero Mask producer looks back")
    assert result.label in ("mention", "rumor")
    assert result.change is False


def test_super_hero_mask_costume_page_is_unrelated():
    text = "Cut the felt, add elastic, and your super hero mask is ready for the birthday party!"
    result = classify(text, HERO_MASK, HM_ENDED, headline="DIY Super Hero Mask for kids")
    assert result.label == "unrelated"
    assert result.change is False


def test_hero_mask_season_three_announcement_is_a_renewal():
    text = "Netflix has officially announced Hero Mask season 3, with Studio Pierrot returning."
    result = classify(text, HERO_MASK, HM_ENDED)
    assert (result.label, result.season, result.change) == ("renewal", 3, True)


# --- generalisation families (passages written for these tests) ------------------------------

ZEPHYR = TitleSpec(key="zephyr", name="Record of Zephyrine", aliases=("ゼフィリーヌ", "제피린"))
SQUAD = TitleSpec(key="squad-9", name="Squad No. 9", aliases=("第9分隊",))


def test_an_excerpt_without_the_title_is_judged_when_the_caller_asserts_it():
    text = "Netflix confirmed on Friday that a second season is in production."
    assert label(text).label == "unrelated"  # nothing says which show
    result = classify(text, GLASS, UNKNOWN_1, assume_title=True)
    assert (result.label, result.season) == ("renewal", 2)


@pytest.mark.parametrize("text", [
    "Paper plate superhero masks take ten minutes: cut the eye holes and paint them.",
    "Zephyrine returns for a third season on the Norwegian channel next spring.",
    "Zephyrine Village, the farming game, gets a sequel next year.",
])
def test_an_asserted_excerpt_that_names_another_work_is_unrelated(text):
    title = HERO_MASK if "mask" in text else ZEPHYR
    result = classify(text, title, UNKNOWN_1, assume_title=True)
    assert result.label == "unrelated", result.reason


def test_numbers_inside_the_title_and_far_sequel_numbers_are_no_seasons():
    text = "A new trailer for Squad No. 9 Season 2 confirms the anime returns in July."
    assert classify(text, SQUAD, Baseline(2, "ongoing")).season == 2
    games = "Capcom has not confirmed Glass Harbor 7, but Glass Harbor 6 sold very well."
    assert label(games, baseline=Baseline(2, "unknown")).label == "unrelated"


@pytest.mark.parametrize("text", [
    "There will be no third season of Glass Harbor: the story continues as a film trilogy.",
    "Eine dritte Staffel von Glass Harbor wird es nicht geben. Stattdessen wird die Geschichte "
    "in zwei Kinofilmen zu Ende erzählt.",
    "Glass Harbor no llegará como una tercera temporada: el final se estrenará en cines como "
    "dos películas.",
    "Pas de troisième saison pour Glass Harbor : la suite prendra la forme d'un film.",
    "Glass Harbor: Night Watch, a one-episode special, will air in May.",
    "The spin-off manga Glass Harbor Days is getting its own TV anime, the publisher announced.",
    "『グラスハーバー』のスピンオフ小説のTVアニメ化が決定した。",
])
def test_films_specials_and_spin_offs_are_new_projects_in_every_language(text):
    result = label(text, baseline=Baseline(2, "ended"))
    assert result.label == "new_project", result.reason


def test_a_new_tv_anime_of_a_work_not_counted_in_seasons_is_a_new_adaptation():
    result = label("Glass Harbor is getting a new TV anime by a new studio.",
                   baseline=Baseline(None, "ended"))
    assert result.label == "new_project"


@pytest.mark.parametrize(("text", "expected"), [
    ("The third season of Glass Harbor will be the last, the studio confirmed.", "ended"),
    ("La tercera temporada de Glass Harbor será la última del anime.", "ended"),
    ("Glass Harbor's final season has a new trailer and a July premiere date.", "mention"),
    ("Con l'ultimo episodio, Glass Harbor arriva alla sua conclusione e non sono previsti "
     "nuovi episodi.", "ended"),
])
def test_a_declared_final_season_ends_but_news_about_it_is_a_mention(text, expected):
    result = label(text, baseline=Baseline(3, "ongoing"))
    assert result.label == expected, result.reason


def test_a_past_fact_yields_to_speculation_about_the_future():
    text = ("Glass Harbor never got a second season. We put the chances of a second season at "
            "about 30%, since the novels keep selling.")
    assert label(text).label == "rumor"


@pytest.mark.parametrize("text", [
    "Il produttore vorrebbe tornare a lavorare su Glass Harbor, ma della seconda stagione "
    "non si parla.",
    "Hasta ahora nadie ha anunciado una segunda temporada de Glass Harbor, aunque una "
    "renovación no es descartable.",
    "Nothing is official, but Glass Harbor is a strong candidate for renewal.",
    "Glass Harbor'ın 2. sezonu hakkında resmi bir açıklama yapılmadı.",
    "Eine zweite Staffel von Glass Harbor wurde weder angekündigt noch ausgeschlossen.",
])
def test_hedged_negated_and_conditional_forms_are_not_renewals(text):
    result = label(text)
    assert result.label not in ("renewal", "new_project"), result.reason


def test_a_headline_season_two_that_the_body_calls_the_second_half_is_a_mention():
    result = label("The second half of the first season of Glass Harbor starts on 1 October.",
                   baseline=Baseline(1, "ongoing"), headline="Glass Harbor season 2 arrives")
    assert result.label == "mention", result.reason


def test_a_conceded_announcement_is_background():
    text = "Glass Harbor endet nach der ersten Staffel, obwohl eine Fortsetzung angekündigt war."
    assert label(text, baseline=Baseline(1, "ongoing")).label == "ended"


@pytest.mark.parametrize(("text", "title", "expected"), [
    ("Glass Harbor dostanie drugi sezon, to już oficjalne.", GLASS, "renewal"),
    ("Glass Harbor krijgt officieel een tweede seizoen.", GLASS, "renewal"),
    ("Musim kedua Glass Harbor resmi diumumkan.", GLASS, "renewal"),
    ("제피린 2기 제작 확정", ZEPHYR, "renewal"),
    ("Twórcy zapowiedzieli, że kontynuacja Glass Harbor nie powstanie.", GLASS, "ended"),
    ("Stüdyo, Glass Harbor için yeni bir sezon planlamadığını belirtti.", GLASS, "ended"),
])
def test_smaller_languages(text, title, expected):
    result = classify(text, title, UNKNOWN_1)
    assert result.label == expected, result.reason


def test_the_reason_quotes_the_words_of_the_text():
    result = label("Netflix has officially announced a second season of Glass Harbor.")
    assert '"officially announced"' in result.reason


# --- evidence ------------------------------------------------------------------------------

def test_evidence_offsets_point_at_the_quoted_sentence():
    text = ("Glass Harbor drew big audiences this winter. "
            "Netflix has renewed Glass Harbor for a second season. The cast celebrated.")
    result = label(text)
    assert result.label == "renewal"
    first = result.evidence[0]
    assert first.field == "text"
    assert text[first.start:first.end] == first.text
    assert first.text.startswith("Netflix has renewed")


def test_headline_evidence_indexes_the_headline():
    headline = "Orbit Drifters film announced"
    result = classify("Fans cheered at the event.", ORBIT, Baseline(1, "unknown"), headline=headline)
    assert result.label == "new_project"
    ev = [e for e in result.evidence if e.field == "headline"]
    assert ev and headline[ev[0].start:ev[0].end] == ev[0].text


def test_to_dict_is_json_ready():
    data = label("Netflix has renewed Glass Harbor for a second season.").to_dict()
    assert set(data) == {"label", "season", "confidence", "change", "evidence", "reason"}
    assert data["evidence"][0]["field"] == "text"


# --- batch and command line ---------------------------------------------------------------

def test_batch_keeps_going_after_bad_lines():
    import json

    from pipeline.classifier.batch import classify_jsonl

    good = {"id": "a", "title": "Glass Harbor", "aliases": [], "baseline": {"last_season": 1,
            "status": "unknown"}, "headline": None,
            "text": "<p>Netflix has renewed <b>Glass Harbor</b> for a second season.</p>"}
    lines = [json.dumps(good), "{not json", json.dumps({"id": "c", "baseline": []}), "",
             json.dumps({**good, "id": "d", "baseline": {"last_season": "two"}})]
    out = list(classify_jsonl(lines))
    assert [o.get("id") for o in out] == ["a", None, "c", "d"]
    assert out[0]["label"] == "renewal" and out[0]["season"] == 2
    assert all("error" in o for o in out[1:])


def test_cli_classifies_a_file_and_reports_errors(tmp_path):
    import json

    from click.testing import CliRunner

    from renewal_watch.cli import cli

    page = tmp_path / "article.txt"
    page.write_text("Netflix has cancelled Glass Harbor after one season.", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["classify", "--title", "Glass Harbor", "--last-season", "1",
                                 "--status", "ongoing", str(page)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["label"], data["change"]) == ("ended", True)
    missing = runner.invoke(cli, ["classify", "--title", "Glass Harbor", str(tmp_path / "nope")])
    assert missing.exit_code != 0
    assert "cannot read" in missing.output


# --- probe families (tests/classifier_probes.jsonl, written for the project) --------------

PROBES = Path(__file__).resolve().parent / "classifier_probes.jsonl"
# Probes the rules still get wrong (kept so that a fix shows up as an unexpected pass):
# a long SEO page whose answer sits in a paragraph that names neither the title nor a season.
KNOWN_WEAK = {"seo_long/05"}


def _probes() -> list[dict]:
    return [json.loads(line) for line in PROBES.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("probe", _probes(), ids=lambda p: p["id"])
def test_probe_family_variants(probe, request):
    if probe["id"] in KNOWN_WEAK:
        request.applymarker(pytest.mark.xfail(reason="known weak probe", strict=False))
    title = TitleSpec(key="probe", name=probe["title"], aliases=tuple(probe["aliases"]))
    base = Baseline(probe["baseline"]["last_season"], probe["baseline"]["status"])
    result = classify(probe["text"], title, base, headline=probe["headline"], assume_title=True)
    assert result.label == probe["label"], result.reason
    if result.label in ("rumor", "mention", "unrelated"):
        assert result.change is False


def test_every_probe_family_has_eight_variants_or_more():
    families: dict[str, int] = {}
    for probe in _probes():
        family = probe["id"].split("/")[0]
        families[family] = families.get(family, 0) + 1
    assert len(families) >= 10
    assert min(families.values()) >= 8, families


# --- change is conservative ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "headline"), [
    ("Glass Harbor may have been renewed: a teaser for season 2 appeared briefly on the "
     "official site.", None),
    ("Fans think Glass Harbor will return next year, pointing to a cryptic teaser.", None),
    ("The studio posted a teaser image on Friday.", "Glass Harbor season 2 confirmed?"),
    ("Did Netflix just renew Glass Harbor for a second season? The streamer posted a teaser.",
     None),
])
def test_news_only_in_a_question_or_a_doubting_sentence_is_no_change(text, headline):
    result = classify(text, GLASS, UNKNOWN_1, headline=headline, assume_title=True)
    assert result.change is False, result.reason
    assert result.label == "rumor", result.reason


def test_a_question_ending_on_the_title_ends_its_sentence():
    text = "Is this the end of Glass Harbor? The second season will be the last, the studio said."
    result = classify(text, GLASS, Baseline(2, "ongoing"))
    assert (result.label, result.season, result.change) == ("ended", 2, True)
    assert result.evidence[0].text.startswith("The second season")


def test_release_date_pages_never_alert():
    text = ("Glass Harbor Season 3 release date: as of writing, the anime has neither been "
            "renewed nor cancelled officially.")
    result = classify(text, GLASS, Baseline(2, "ended"), headline="Glass Harbor Season 3 "
                      "Release Date, Cast, Plot and Everything We Know")
    assert (result.label, result.change) == ("rumor", False)
    assert "release date" not in result.reason.lower()


def test_a_long_seo_page_answers_deep_in_the_text():
    filler = ("Critics praised the watercolor backgrounds and the melancholic score, and the "
              "soundtrack album topped the charts for two weeks after its release. ") * 3
    text = "\n".join([
        "Glass Harbor is a quiet fantasy anime about lighthouse keepers.", filler, filler,
        "So, is a third season on the way? Unfortunately not: the second season was announced "
        "as the final one, and there are no plans to continue the series.", filler, filler])
    result = classify(text, GLASS, Baseline(2, "ended"),
                      headline="Glass Harbor Season 3: Renewed or Cancelled?")
    assert len(text) > 1500
    assert (result.label, result.season) == ("ended", 2), result.reason
    assert "no plans" in result.evidence[0].text or "final" in result.evidence[0].text
