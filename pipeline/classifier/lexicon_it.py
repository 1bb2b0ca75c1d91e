"""Italian cue vocabulary, grouped by concern (matched on normalised text: accents dropped,
apostrophes are spaces, so "un'altra" is "un altra" and "è" is "e")."""

from __future__ import annotations

CONFIRM = (
    "annunci*", "confermat*", "conferma", "confermano", "ufficiale", "ufficialmente", "ufficializzat*",
    "in produzione", "in lavorazione", "in arrivo", "arrivera", "svelat*", "rivelat*",
    "presentat*", "avra", "e stata annunciata", "via libera", "e realta", "e una realta", "e ufficiale",
    "vedra",
)
RETURN = ("tornera", "torna", "ritorno", "ritornera", "sta per tornare", "e pronto a tornare",
          "e pronta a tornare", "tornare")
FUTURE = ("sara", "sara un", "sara una", "vedra", "in arrivo", "arrivera", "prossim*",
    "prendera la forma", "sotto forma di", "arrivera come", "continuera",
)
CONDITIONAL = ("se", "qualora", "nel caso")
RENEW = ("rinnov*",)
RELEASE = (
    "debutt*", "uscita", "trailer", "teaser", "visual", "in onda", "andra in onda",
    "trasmess*", "disponibile", "premiere", "esordio", "arriva", "uscira", "dal prossimo",
    "ha una data",
)
# Date nouns ("Season 3 release date"): the topic of SEO pages, never news by themselves;
# a doubt about them still counts ("no date yet").
RELEASE_DATE = ("data di uscita", "data di debutto", "data d uscita")
HEDGE = (
    "potrebbe", "potrebbero", "forse", "probabil*",
    "possibil*", "sembra", "sembrerebbe", "pare",
    "ipotes*", "valuta*", "consider*", "sperare", "speran*", "non sappiamo", "chissa", "dovrebbe",
    "dovrebbero", "prevision*", "se cio", "qualcosa si muove", "desiderio",
    "vorrebbe", "vorrebbero", "piacerebbe", "spera", "sperano", "speranza", "auspica",
    "sarebbe", "sarebbero", "avrebbe", "tornerebbe",
)
# ("ne" is left out: mostly the pronoun in "se ne parla").
# Rumour and hearsay (whole clause).
RUMOR = ("voci", "indiscrezion*", "rumor*", "leak*", "secondo quanto riportato", "secondo alcune",
         "speculazion*", "insider", "presunt*", "si vocifera", "soffiat*", "fatto dai fan",
         "fatto da un fan", "fan made")
# ("ne" is "né", neither/nor: the unaccented pronoun "ne" is dropped in features.extract)
NEGATION = ("non", "nessun", "nessuna", "nessuno", "mai", "senza",
    "niente", "nulla", "nemmeno", "neanche", "neppure", "ne",
)
NEGATION_BOTH = ("smentit*", "smentisce", "smentisc*", "falso", "falsa", "ancora da")
NOT_YET = ("ancora", "ufficialmente", "al momento", "per ora", "finora")
CANCEL = ("cancellat*", "cancellazione", "annullat*", "interrott*", "chiusa", "chiuso")
NO_MORE = ("nessun piano", "non ci sara", "non tornera", "non avra", "nessuna stagione",
           "non e prevista", "non ci saranno",
    "non sono previsti", "non sono previste", "non e previsto", "non sono in programma",
)
PLANS = ("piani", "piano", "progetti", "progetto", "intenzione")
FINAL = ("ultima stagione", "stagione finale", "capitolo finale", "stagione conclusiva", "ultimo capitolo")
CONCLUDE = ("si conclude", "giungera al termine", "si concludera", "terminera", "conclus*", "finisce", "giunge al termine", "fine della serie", "addio",
            "termina", "terminat*", "si chiude", "chiude",
    "arriva alla sua conclusione", "giunge alla conclusione", "e finita", "e giunta al termine",
    "la fine dell anime", "segnando la fine", "segna la fine", "segnera la fine", "mettera fine",
)
# Strong series-ending idioms (count beside a season number).
FAREWELL = ("addio", "fine della serie", "si congeda", "saluta i fan", "la serie si conclude",
            "chiudera la serie", "chiudere la serie", "chiudera la storia", "chiude la serie",
            "chiudera definitivamente")
FINALE = ("ultimo episodio", "episodio finale", "ultima puntata", "puntata finale", "finale di serie",
          "finale della serie")
RELATIVE = ("nuova stagione", "un altra stagione", "altra stagione", "prossima stagione", "seguito",
            "sequel", "continuazione", "nuovi episodi", "nuove puntate", "prossime puntate", "puntate inedite", "nuova serie")
FILM = ("film", "lungometraggi*", "pellicola", "pellicole", "cinema", "al cinema", "nelle sale",
        "grande schermo")
OVA = ("ova", "oad", "episodio speciale", "episodi speciali", "episodio inedito", "special",
       "speciale tv", "side story")
SPINOFF = ("spin off", "spinoff", "prequel", "serie spin off", "serie derivata", "derivata",
           "crossover")
REMAKE = ("remake", "reboot", "nuovo anime", "nuovo progetto anime", "nuovo progetto animato", "nuovo adattamento", "nuova serie animata",
          "reinterpretazione", "nuova trasposizione")
LIVE_ACTION = ("live action", "in carne e ossa", "serie tv live", "attori", "serie coreana", "antologia",
    "musical", "adattamento teatrale",
)
REBROADCAST = ("replica", "repliche", "ritrasmess*")
HOME_VIDEO = ("blu ray", "dvd", "home video", "cofanetto", "edizione in disco")
DUB = ("doppiaggio", "doppiato", "doppiata")
OTHER_MEDIA = ("manga", "romanzo", "light novel", "videogioco", "gioco", "fumetto", "volume")
COMPILATION = ("compilation", "riassunto", "film riassuntivo", "rimontat*", "riassuntiv*")
ANIME = ("anime", "serie animata", "animazione", "serie anime",
    "adattamento anime", "trasposizione animata", "il suo anime",
)
ANAPHOR = ("la serie", "l anime", "lo show", "quest anime", "l opera", "questa serie")
SERIES = ("serie", "anime", "show", "saga", "storia")
CONTRAST = ("ma", "pero", "tuttavia", "anche se", "seppur", "seppure", "bensi", "mentre", "sebbene", "invece", "eppure")
SPECULATIVE = ("la domanda torna", "torna la domanda", "quello che sappiamo", "tutto quello che sappiamo", "cosa sappiamo")
# Openness: the makers or the page leave a continuation possible ("not ruled out"); like
# hedges, and unlike the genre wording above, these are real doubt.
OPEN = ("non si esclude", "non e escluso", "non e esclusa", "non esclude", "porta aperta")

SEASON_NOUNS = ("stagione",)
ORDINALS = {
    "prima": 1, "primo": 1, "seconda": 2, "secondo": 2, "terza": 3, "terzo": 3, "quarta": 4,
    "quarto": 4, "quinta": 5, "quinto": 5, "sesta": 6, "sesto": 6, "settima": 7, "ottava": 8,
    "nona": 9, "decima": 10,
}
STOPWORDS = ("il", "della", "di", "gli", "sono", "anche", "questo", "nel", "alla", "dei", "delle", "degli",
             "sulla", "stato", "stata", "hanno", "questa", "per", "ed", "lo")

# Background: what "had been" announced before this news (old news, not a change).
BACKGROUND = ("era stato", "era stata", "in precedenza", "inizialmente", "all epoca",
    "gia annunciat*", "gia confermat*", "annunciata in precedenza",
)

# Identity negation: the target is denied as what the news is, not as a future thing ("not a third season, but a spin-off", "instead of a second season").
NOT_A = ("invece di", "anziche", "non si tratta di", "non e una", "non sara una",
    "non arrivera come", "non come una", "non sotto forma di",
)

# A derived work to be adapted into anime: a new project.
ADAPT = ("sara adattat*", "avra il suo anime")

# Rumours that the news settles ("after months of rumors, it is confirmed"): not doubt.
# (and expectations fulfilled: "confirmed what fans had hoped for" is no hedge)
RUMOR_RESOLVED = ("dopo mesi di indiscrezioni", "dopo mesi di voci", "le indiscrezioni erano vere", "confermando le indiscrezioni", "confermate le indiscrezioni", "si sono rivelate fondate",
    "cio che tutti speravano", "quello che tutti speravano", "cio che i fan speravano", "come previsto", "come sperato")

# A season declared the last one (predicative): decides ended vs news about a known final season.
FINAL_DECLARED = (
    "sara l ultima", "e l ultima", "fu l ultima", "sara la stagione finale", "come ultima",
)

# The page sets another work apart from the title ("not to be confused with").
DISAMBIG = ("da non confondere", "nulla a che vedere", "niente a che fare", "non c entra")

# Box office and audience figures: a film already in cinemas is no new project.
# A story arc adapted next (the next TV run when announced).
ARC = ("arco",)

# The format of an announced project left open ("without saying whether it will be a season or
# a film"): the alternatives after it are not claims.
FORMAT_OPEN = ("senza specificare se", "senza precisare se", "senza chiarire se", "senza svelare se", "senza dire se", "non e stato specificato se", "formato non e stato")

# TV episodes shown in cinemas (the last episodes of a season, the first ones of the next):
# a film that screens them is a compilation, not a new project.
SCREENING = ("primi episodi", "ultimi episodi", "primo episodio della", "ultimo episodio della", "proiezione speciale", "in anteprima i primi")

BOX_OFFICE = ("botteghino", "incassi", "incasso", "spettatori")

CUES = {
    "box_office": BOX_OFFICE, "screening": SCREENING, "format_open": FORMAT_OPEN,
    "disambig": DISAMBIG,
    "final_decl": FINAL_DECLARED, "finale": FINALE,
    "confirm": CONFIRM, "rumor_resolved": RUMOR_RESOLVED, "adapt": ADAPT, "not_a": NOT_A, "background": BACKGROUND, "renew": RENEW, "return": RETURN, "future": FUTURE,
    "conditional": CONDITIONAL, "release": RELEASE, "release_date": RELEASE_DATE, "hedge": HEDGE, "rumor": RUMOR,
    "negation": NEGATION, "negation_both": NEGATION_BOTH, "not_yet": NOT_YET,
    "cancel": CANCEL, "no_more": NO_MORE, "plans": PLANS, "final": FINAL, "conclude": CONCLUDE, "farewell": FAREWELL,
    "arc": ARC, "relative": RELATIVE, "film": FILM, "ova": OVA, "spinoff": SPINOFF, "remake": REMAKE,
    "live_action": LIVE_ACTION, "rebroadcast": REBROADCAST, "home_video": HOME_VIDEO,
    "dub": DUB, "other_media": OTHER_MEDIA, "compilation": COMPILATION, "anime": ANIME,
    "anaphor": ANAPHOR, "series": SERIES, "contrast": CONTRAST, "speculative": SPECULATIVE, "open": OPEN,
}
