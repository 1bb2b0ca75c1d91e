"""Spanish cue vocabulary, grouped by concern (normalised text: accents dropped)."""

from __future__ import annotations

CONFIRM = (
    "anunci*", "confirm*", "oficial", "oficialmente", "en produccion", "en desarrollo", "tendra",
    "llegara", "esta en camino", "revel*", "presento", "se confirma", "tiene luz verde", "luz verde",
    "contara con", "ya esta en", "prepara", "es una realidad", "es oficial", "en marcha", "desvel*",
)
RETURN = ("regresara", "regresa", "volvera", "vuelve", "regreso", "volver", "regresar")
FUTURE = ("sera", "sera un", "sera una", "tendra", "llegara", "proxim*",
    "tomara la forma", "en forma de", "llegara como", "continuara",
)
CONDITIONAL = ("si", "en caso de")
RENEW = ("renov*",)
RELEASE = (
    "estreno", "estrenara", "estrena", "trailer", "avance",
    "teaser", "visual", "se emitira", "emision", "lanzamiento", "llega", "disponible",
    "tiene fecha", "ya tiene fecha",
)
# Date nouns ("Season 3 release date"): the topic of SEO pages, never news by themselves;
# a doubt about them still counts ("no date yet").
RELEASE_DATE = ("fecha de estreno", "fecha de lanzamiento", "fecha de emision")
HEDGE = (
    "podria", "podrian", "considerando", "consider*", "evalua*", "quizas", "quiza", "tal vez", "probabl*", "posibl*", "parece", "al parecer", "se espera", "esperar", "predic*", "ojala", "incierto",
    "habria", "estaria", "cada vez mas cerca", "esperen",
    "le gustaria", "gustaria", "quisiera", "espera", "esperan", "esperanza", "ilusion",
    "seria", "serian", "tendria", "volveria",
)
# Rumour and hearsay (whole clause).
RUMOR = ("rumor*", "filtracion*", "filtrad*", "filtro", "insider", "supuestamente", "segun rumores",
         "especula*", "se rumorea", "presunt*", "supuest*", "montaje", "hecho por fans",
         "hecho por un fan", "creado por fans", "fanmade", "fan made")
NEGATION = ("no", "nunca", "ni", "ningun", "ninguna", "sin", "jamas", "aun no", "todavia no",
    "nadie", "nada", "tampoco", "ni siquiera",
)
NEGATION_BOTH = ("desmint*", "falso", "falsa", "no esta confirmad*")
NOT_YET = ("aun", "todavia", "oficialmente", "por ahora", "de momento", "hasta ahora")
CANCEL = ("cancelad*", "cancela", "cancelo", "cancelacion")
NO_MORE = ("no hay planes", "no tiene planes", "sin planes", "no habra", "no volvera", "no regresara",
           "no tendra", "no queda historia", "de principio a fin", "no hay mas historia",
    "no estan previstos", "no esta prevista", "no esta previsto", "no hay previstos",
)
PLANS = ("planes", "plan", "intencion", "prevision", "proyecto")
FINAL = ("ultima temporada", "temporada final", "capitulo final")
CONCLUDE = ("llega a su fin", "llegara a su fin", "llego a su fin", "terminara en", "termina", "terminara", "concluye", "conclusion", "final de la serie",
            "despedida", "se despide", "finaliza", "pondra fin", "pone fin", "puso fin",
            "poner fin", "el fin del anime", "marcara el final")
# Strong series-ending idioms (count beside a season number).
FAREWELL = ("despedida", "se despide", "final de la serie", "adios", "cerrara la historia",
            "cerrara la serie", "cierra la historia", "cierra la serie", "cerrar la historia")
FINALE = ("ultimo episodio", "episodio final", "capitulo final de la serie")
RELATIVE = ("nueva temporada", "otra temporada", "proxima temporada", "secuela", "continuacion",
            "nuevos episodios",
    "nueva serie",
)
FILM = ("pelicula", "peliculas", "film", "filme", "largometraje*", "cine", "cines",
        "pantalla grande", "trilogia de peliculas")
OVA = ("ova", "ovas", "oad", "especial", "especiales", "episodio especial", "episodios especiales",
       "episodio inedito")
SPINOFF = ("spin off", "spinoff", "spin offs", "precuela", "serie derivada", "derivad*", "crossover")
REMAKE = ("remake", "reboot", "nuevo anime", "nuevo proyecto de animacion", "nuevo proyecto anime",
          "nuevo proyecto animado", "nueva adaptacion", "nueva serie animada",
          "nueva version animada", "reinterpretacion", "readaptacion")
LIVE_ACTION = ("live action", "accion real", "imagen real", "drama coreano", "serie coreana", "antologia",
    "musical", "adaptacion teatral",
)
REBROADCAST = ("retransmision", "reestreno", "repeticion")
HOME_VIDEO = ("blu ray", "dvd")
DUB = ("doblaje", "doblada", "doblado")
OTHER_MEDIA = ("manga", "novela", "videojuego", "juego", "novela ligera")
COMPILATION = ("recopilatori*", "resumen", "resumir*", "compilacion")
ANIME = ("anime", "serie animada", "animacion",
    "adaptacion al anime", "adaptacion anime", "su propio anime",
)
ANAPHOR = ("la serie", "el anime", "la adaptacion", "el show", "esta serie")
SERIES = ("serie", "anime", "historia", "franquicia")
CONTRAST = ("pero", "sino", "sin embargo", "aunque", "mientras", "si bien", "no obstante")
SPECULATIVE = ("la pregunta vuelve", "vuelve la pregunta", "lo que sabemos", "todo lo que sabemos")
# Openness: the makers or the page leave a continuation possible ("not ruled out"); like
# hedges, and unlike the genre wording above, these are real doubt.
OPEN = ("no es descartable", "no se descarta", "no descarta", "no esta descartad*", "puerta abierta")

SEASON_NOUNS = ("temporada",)
ORDINALS = {
    "primera": 1, "primer": 1, "segunda": 2, "segundo": 2, "tercera": 3, "tercer": 3, "cuarta": 4,
    "quinta": 5, "sexta": 6, "septima": 7, "octava": 8, "novena": 9, "decima": 10,
}
STOPWORDS = ("el", "los", "las", "y", "para", "es", "su", "esta", "fue", "como", "pero", "sus", "al", "muy",
             "ya", "tambien", "hay", "lo")

# Background: what "had been" announced before this news (old news, not a change).
BACKGROUND = ("habia sido", "anteriormente", "inicialmente", "en su momento", "en aquel entonces",
    "ya anunciad*", "ya confirmad*", "anunciada previamente", "anunciado previamente",
)

# Identity negation: the target is denied as what the news is, not as a future thing ("not a third season, but a spin-off", "instead of a second season").
NOT_A = ("en lugar de", "en vez de", "no se trata de", "no es una", "no sera una",
    "no llegara como", "no sera como", "no como una", "no sera en forma de",
)

# A derived work to be adapted into anime: a new project.
ADAPT = ("sera adaptad*", "tendra su propio anime", "tendra su propia serie")

# Rumours that the news settles ("after months of rumors, it is confirmed"): not doubt.
# (and expectations fulfilled: "confirmed what fans had hoped for" is no hedge)
RUMOR_RESOLVED = ("tras meses de rumores", "despues de meses de rumores", "los rumores eran ciertos", "confirmando los rumores", "confirma los rumores", "la filtracion era cierta",
    "lo que todos esperaban", "lo que los fans esperaban", "lo que todos esperabamos", "como se esperaba")

# A season declared the last one (predicative): decides ended vs news about a known final season.
FINAL_DECLARED = (
    "sera la ultima", "es la ultima", "fue la ultima", "sera la temporada final", "como la ultima",
)

# The page sets another work apart from the title ("not to be confused with").
DISAMBIG = ("no confundir", "nada que ver", "no tiene relacion")

# Box office and audience figures: a film already in cinemas is no new project.
# A story arc adapted next (the next TV run when announced).
ARC = ("arco",)

# The format of an announced project left open ("without saying whether it will be a season or
# a film"): the alternatives after it are not claims.
FORMAT_OPEN = ("sin precisar si", "sin especificar si", "sin aclarar si", "sin revelar si", "sin confirmar si", "sin decir si", "no se ha precisado si", "formato aun no")

# TV episodes shown in cinemas (the last episodes of a season, the first ones of the next):
# a film that screens them is a compilation, not a new project.
SCREENING = ("ultimo episodio del", "primer episodio del", "primeros episodios", "ultimos episodios", "proyeccion especial")

BOX_OFFICE = ("taquilla", "recaudacion", "recaudo", "espectadores")

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
