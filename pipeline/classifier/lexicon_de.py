"""German cue vocabulary, grouped by concern (normalised text: umlauts lose their dots,
"zurück" is "zuruck"). German negation can follow the verb ("verlängert die Serie nicht"),
so "nicht"/"kein" apply on both sides."""

from __future__ import annotations

CONFIRM = (
    "angekundigt", "kundigt", "ankundigung", "bestatigt", "bestatigung", "offiziell", "in produktion",
    "in arbeit", "in planung", "kommt", "erhalt", "bekommt", "geht in die", "enthullt", "vorgestellt",
    "gibt es", "grunes licht", "ist offiziell",
    "entsteht", "entstehen",
    # production under way ("arbeitet an einem neuen Kinofilm", "produziert eine Neuinterpretation")
    "arbeitet", "arbeiten", "produziert",
)
RETURN = ("kehrt zuruck", "zuruckkehren", "kehrt", "ruckkehr", "zuruck")
FUTURE = ("wird", "wird ein", "wird eine", "erhalt", "bekommt", "kommender", "kommende",
    "in form von", "in form eines", "in form zweier", "stattdessen", "geht weiter", "wird fortgesetzt", "entsteht",
)
CONDITIONAL = ("wenn", "falls", "ob")
RENEW = ("verlangert", "verlangerung", "verlangern")
RELEASE = ("startet", "start", "premiere", "ausstrahlung", "erscheint", "trailer", "teaser", "visual",
           "streamt", "lauft", "ab dem", "deutschland start", "im stream",
    "hat einen termin",
)
# Date nouns ("Season 3 release date"): the topic of SEO pages, never news by themselves;
# a doubt about them still counts ("no date yet").
RELEASE_DATE = ("starttermin", "erscheinungstermin")
HEDGE = (
    "konnte", "konnten", "vielleicht", "moglich*", "wahrscheinlich", "vermutlich", "hoffen", "hoffnung", "womoglich", "eventuell",
    "unklar", "erwagt", "erwogen",
    "mochte", "mochten", "wurde gern*", "wurden gern*", "hofft", "wunsch*", "wunscht",
    "ware", "chance", "chancen", "wahrscheinlichkeit",
)
# Rumour and hearsay (whole clause).
RUMOR = ("geruch*", "leak*", "angeblich", "spekul*", "insider", "soll", "sollen", "berichten zufolge",
         "fan video", "von fans erstellt", "fan made")
NEGATION_BOTH = ("nicht", "weder", "kein", "keine", "keinen", "keiner", "nie", "niemals", "noch nicht", "ohne",
                 "dementiert", "steht aus", "steht aber aus", "steht noch aus", "stehen noch aus", "fehlt noch",
    "niemand", "nichts",
)
NOT_YET = ("noch", "offiziell", "bisher", "derzeit", "aktuell")
CANCEL = ("abgesetzt", "eingestellt", "gecancelt", "storniert", "absetzung", "abgesagt", "gestrichen",
          "gestoppt", "eingestampft", "streicht", "setzt ab")
NO_MORE = ("keine plane", "keine weitere staffel", "keine fortsetzung", "wird nicht zuruckkehren",
           "wird es nicht geben", "nicht geben", "gibt es nicht", "wird nicht produziert", "nicht produziert",
           "nicht fortgesetzt", "vollstandig adaptiert",
    "nicht geplant", "keine weiteren folgen", "keine weiteren staffeln", "sind nicht geplant",
)
PLANS = ("plane", "planungen", "absicht", "geplant", "geplante", "geplanten")
FINAL = ("letzte staffel", "finale staffel", "finalen staffel", "letzten staffel", "abschliessende staffel",
         "letzte runde", "in die letzte runde")
CONCLUDE = ("endet", "beendet", "abschluss", "abgeschlossen", "zu ende", "verabschiedet", "verabschiedet sich",
    "ist schluss", "nun ist schluss", "ist vorbei", "ist zu ende", "zu ende erzahlt", "abschluss der serie",
)
# Strong series-ending idioms (count beside a season number).
FAREWELL = ("verabschiedet sich", "verabschiedet", "abschied", "ende der serie", "serienfinale",
            "schliesst die geschichte ab", "beendet die serie")
FINALE = ("letzte folge", "letzte episode", "finale folge", "letzten folge", "letzten episode")
RELATIVE = ("neue staffel", "weitere staffel", "nachste staffel", "fortsetzung", "neue folgen", "fortsetzt",
            "fortgesetzt", "fortsetzen",
            "neuen staffel", "weiteren staffel",
    "neue serie", "neuen serie", "neue anime serie",
)
FILM = ("film", "filme", "filmen", "films", "kinofilm*", "kino", "kinos", "spielfilm*",
        "kinostart", "filmtrilogie", "animationsfilm*", "anime film", "anime filme")
OVA = ("ova", "ovas", "oad", "special", "specials", "sonderfolge*", "spezialfolge*", "tv special")
SPINOFF = ("spin off", "spin offs", "spinoff", "spinoffs", "ableger", "ablegerserie", "prequel",
           "crossover", "nebengeschichte")
REMAKE = ("remake", "neuauflage", "reboot", "neuer anime", "neue anime adaption", "neu verfilmt",
          "neues anime projekt", "neues animeprojekt",
          "neue adaption", "neuverfilmung", "neuadaption", "neuinterpretation", "neuverfilmung")
LIVE_ACTION = ("live action", "realverfilmung", "realfilm", "realserie", "koreanische serie", "anthologie",
    "musical", "buhnenadaption",
)
REBROADCAST = ("wiederholung",)
HOME_VIDEO = ("blu ray", "dvd")
DUB = ("synchro", "synchronisation", "synchronfassung", "deutsche fassung")
OTHER_MEDIA = ("manga", "roman", "spiel", "videospiel", "light novel", "band")
COMPILATION = ("zusammenschnitt", "kompilation", "recap")
ANIME = ("anime", "anime serie", "zeichentrick", "animationsserie",
    "anime adaption", "anime umsetzung", "eigenen anime",
)
ANAPHOR = ("die serie", "der anime", "das anime", "die anime serie")
SERIES = ("serie", "anime", "geschichte", "franchise")
CONTRAST = ("aber", "sondern", "jedoch", "allerdings", "obwohl", "doch", "wahrend", "trotzdem",
    "wenn auch", "auch wenn",
)
SPECULATIVE = ("was wir wissen", "alles was wir wissen", "wird es eine", "gibt es eine")
# Openness: the makers or the page leave a continuation possible ("not ruled out"); like
# hedges, and unlike the genre wording above, these are real doubt.
OPEN = ("nicht ausgeschlossen", "nicht auszuschliessen", "tur ist nicht zu", "tur steht offen")

SEASON_NOUNS = ("staffel",)
ORDINALS = {
    "erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "funfte": 5, "sechste": 6, "siebte": 7,
    "achte": 8, "neunte": 9, "zehnte": 10,
}
STOPWORDS = ("der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "ein", "eine", "auf", "wird")

# Background: what "had been" announced before this news (old news, not a change).
BACKGROUND = ("zuvor", "ursprunglich", "damals", "hatte", "hatten",
    "bereits angekundigt*", "schon angekundigt*", "bereits bestatigt*", "zuvor angekundigt*",
)

# Identity negation: the target is denied as what the news is, not as a future thing ("not a third season, but a spin-off", "instead of a second season").
NOT_A = ("statt", "anstatt", "anstelle", "nicht um eine", "keine dritte staffel sondern", "ist keine",
    "nicht als", "nicht in form",
)

# A derived work to be adapted into anime: a new project.
ADAPT = ("wird adaptiert", "als anime umgesetzt", "bekommt einen anime")

# Rumours that the news settles ("after months of rumors, it is confirmed"): not doubt.
# (and expectations fulfilled: "confirmed what fans had hoped for" is no hedge)
RUMOR_RESOLVED = ("nach monatelangen geruchten", "die geruchte waren wahr", "bestatigt die geruchte", "bestatigt geruchte",
    "was alle gehofft hatten", "was die fans gehofft hatten", "wie erwartet", "wie erhofft")


# A season declared the last one (predicative): decides ended vs news about a known final season.
FINAL_DECLARED = (
    "wird die letzte", "ist die letzte", "war die letzte", "wird die finale", "als letzte",
)

# The page sets another work apart from the title ("not to be confused with").
DISAMBIG = ("nicht zu verwechseln", "nichts zu tun", "hat nichts mit")

# Box office and audience figures: a film already in cinemas is no new project.
# A story arc adapted next (the next TV run when announced).
ARC = ("arc", "handlungsbogen")

# The format of an announced project left open ("without saying whether it will be a season or
# a film"): the alternatives after it are not claims.
FORMAT_OPEN = ("ohne zu verraten ob", "ohne zu sagen ob", "ohne anzugeben ob", "ohne zu nennen ob", "offen ist ob", "unklar ist ob", "format ist noch")

# TV episodes shown in cinemas (the last episodes of a season, the first ones of the next):
# a film that screens them is a compilation, not a new project.
SCREENING = ("ersten beiden episoden", "ersten episoden", "ersten folgen", "ersten beiden folgen", "letzten folgen", "letzten episoden", "zeigt vorab", "vorpremiere")

BOX_OFFICE = ("kinokasse", "kassenrekord*", "kassenschlager", "rekorde gebrochen", "rekordstart", "einspielergebnis", "zuschauern", "besucher", "kinobesucher")

CUES = {
    "box_office": BOX_OFFICE, "screening": SCREENING, "format_open": FORMAT_OPEN,
    "disambig": DISAMBIG,
    "final_decl": FINAL_DECLARED, "finale": FINALE,
    "confirm": CONFIRM, "rumor_resolved": RUMOR_RESOLVED, "adapt": ADAPT, "not_a": NOT_A, "background": BACKGROUND, "renew": RENEW, "return": RETURN, "future": FUTURE,
    "conditional": CONDITIONAL, "release": RELEASE, "release_date": RELEASE_DATE, "hedge": HEDGE, "rumor": RUMOR,
    "negation_both": NEGATION_BOTH, "not_yet": NOT_YET,
    "cancel": CANCEL, "no_more": NO_MORE, "plans": PLANS, "final": FINAL, "conclude": CONCLUDE, "farewell": FAREWELL,
    "arc": ARC, "relative": RELATIVE, "film": FILM, "ova": OVA, "spinoff": SPINOFF, "remake": REMAKE,
    "live_action": LIVE_ACTION, "rebroadcast": REBROADCAST, "home_video": HOME_VIDEO,
    "dub": DUB, "other_media": OTHER_MEDIA, "compilation": COMPILATION, "anime": ANIME,
    "anaphor": ANAPHOR, "series": SERIES, "contrast": CONTRAST, "speculative": SPECULATIVE, "open": OPEN,
}
