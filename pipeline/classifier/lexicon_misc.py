"""Small vocabularies for languages we only degrade gracefully in: Polish, Swedish, Dutch,
Turkish, Indonesian. Only the decisive concerns (announce, renew, cancel, final, hedge,
negation, new season, film) and season words; everything else falls back to English cues
that such articles borrow ("anime", "Netflix", "trailer")."""

from __future__ import annotations

# Keyed by ISO code; each maps concern -> phrases.
LANGS: dict[str, dict[str, tuple[str, ...]]] = {
    "pl": {
        "confirm": ("zapowiedzian*", "zapowiedz*", "potwierdz*", "oficjalnie", "ogloszon*", "dostaje",
                    "otrzymal"),
        "return": ("powroci", "wraca"),
        "renew": ("przedluzeni*", "przedluzon*", "zgode na"),
        "hedge": ("moze", "mozliwe", "plotk*", "prawdopodobnie", "podobno"),
        "negation": ("nie", "brak", "bez"),
        "cancel": ("anulowan*", "skasowan*"),
        "final": ("ostatni sezon", "finalowy sezon"),
        "relative": ("nowy sezon", "kolejny sezon", "kontynuacj*"),
        "film": ("film", "kinowy"),
    },
    "sv": {
        "confirm": ("bekraftad*", "bekraftat", "tillkannagav", "officiellt"),
        "return": ("aterkommer",),
        "renew": ("fornyad*", "fornyat", "fornyar"),
        "hedge": ("kanske", "rykte*", "mojlig*", "troligen"),
        "negation": ("inte", "ingen", "inga", "aldrig"),
        "cancel": ("avbrutit", "avbruten", "lagts ner", "lagger ner", "skrotad*"),
        "final": ("sista sasongen", "sista sasong"),
        "relative": ("ny sasong", "en till sasong"),
        "film": ("film", "filmen"),
    },
    "nl": {
        "confirm": ("aangekondigd", "bevestigd", "officieel", "krijgt", "maakte bekend", "bekendgemaakt"),
        "return": ("keert terug",),
        "renew": ("verlengd",),
        "hedge": ("misschien", "gerucht*", "mogelijk*", "waarschijnlijk"),
        "negation": ("niet", "geen", "nooit"),
        "cancel": ("geannuleerd", "stopgezet"),
        "final": ("laatste seizoen",),
        "relative": ("nieuw seizoen", "nieuwe seizoen"),
        "film": ("film",),
    },
    "tr": {
        "confirm": ("duyuruldu", "duyurdu", "onaylandi", "resmi", "resmen", "acikland*", "onay*"),
        "negation_post": ("duyurulmadi", "onaylanmadi", "aciklanmadi", "degil", "yok"),
        "not_yet": ("henuz",),
        "return": ("donuyor", "geri don*"),
        "renew": ("yenilendi",),
        "hedge": ("belki", "soylenti*", "muhtemelen", "muhtemel", "olabilir"),
        "negation": ("degil", "yok"),
        "cancel": ("iptal",),
        "final": ("son sezon", "final sezonu"),
        "conclude": ("sona er*",),
        "farewell": ("veda", "son defa"),
        "relative": ("yeni sezon",),
        "film": ("film", "filmi"),
    },
    "id": {
        "confirm": ("diumumkan", "dikonfirmasi", "resmi", "memastikan"),
        "return": ("kembali",),
        "renew": ("diperpanjang",),
        "hedge": ("mungkin", "rumor", "kemungkinan", "percaya", "yakin", "diyakini"),
        "negation": ("tidak", "belum", "bukan"),
        "cancel": ("dibatalkan",),
        "final": ("musim terakhir",),
        "conclude": ("berakhir",),
        "farewell": ("tamat",),
        "relative": ("musim baru", "kelanjutan", "lanjutan"),
        "film": ("film",),
    },
}

# Season nouns and ordinals for the season-number patterns.
SEASON_NOUNS: dict[str, tuple[str, ...]] = {
    "pl": ("sezon", "sezonu", "sezonie"),
    "sv": ("sasong", "sasongen"),
    "nl": ("seizoen",),
    "tr": ("sezon", "sezonu", "sezonuyla", "sezonda", "sezonla", "sezonun", "sezonuna"),
    "id": ("musim",),
}
ORDINALS: dict[str, dict[str, int]] = {
    "pl": {"pierwszy": 1, "drugi": 2, "trzeci": 3, "czwarty": 4, "piaty": 5, "drugiego": 2,
           "trzeciego": 3},
    "sv": {"forsta": 1, "andra": 2, "tredje": 3, "fjarde": 4, "femte": 5},
    "nl": {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5},
    "tr": {"birinci": 1, "ikinci": 2, "ucuncu": 3, "dorduncu": 4, "besinci": 5},
    # Indonesian puts the ordinal after the noun ("musim kedua"); handled in seasons.py.
    "id": {"pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5},
}
STOPWORDS: dict[str, tuple[str, ...]] = {
    "pl": ("sie", "nie", "jest", "na", "do", "ze", "od", "jak", "po", "jego"),
    "sv": ("och", "att", "det", "som", "pa", "ar", "av", "med", "efter", "inte", "har"),
    "nl": ("het", "een", "van", "dat", "niet", "voor", "zijn", "wordt", "ook", "maar"),
    "tr": ("bir", "ve", "bu", "da", "ile", "icin", "olarak", "gibi", "olan"),
    "id": ("yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "akan", "tidak"),
}
