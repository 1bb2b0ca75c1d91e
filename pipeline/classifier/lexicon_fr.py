"""French cue vocabulary, grouped by concern (normalised text: accents dropped,
apostrophes are spaces, so "n'ont" is "n ont")."""

from __future__ import annotations

CONFIRM = (
    "annonc*", "confirm*", "officiel*", "officiellement", "en production", "en preparation",
    "aura droit", "devoile*", "est en cours", "feu vert", "c est officiel", "aura une", "aura un",
)
RETURN = ("reviendra", "revient", "de retour", "retour", "revenir")
FUTURE = ("sera", "sera un", "sera une", "aura droit", "prochain*",
    "prendra la forme", "sous la forme d", "sous forme d", "se fera", "continuera", "aura",
)
CONDITIONAL = ("si", "au cas ou")
RENEW = ("renouvel*", "reconduit*")
RELEASE = ("diffusion", "diffusee", "diffuse", "sortie", "bande annonce", "trailer",
           "teaser", "visuel", "premiere diffusion", "debarque", "arrive", "arrivera", "decouvrir",
           "disponible",
    "une date",
)
# Date nouns ("Season 3 release date"): the topic of SEO pages, never news by themselves;
# a doubt about them still counts ("no date yet").
RELEASE_DATE = ("date de sortie", "date de diffusion")
HEDGE = (
    "pourrait", "pourraient", "envisag*", "consider*", "peut etre", "probab*", "possible*", "possibilite",
    "semble", "esperer", "espoir", "chance*", "incertain",
    "aimerait", "aimeraient", "voudrait", "voudraient", "souhaite*", "espere*", "espoir",
    "serait", "seraient", "aurait", "reviendrait",
)
# Rumour and hearsay (whole clause).
RUMOR = ("rumeur*", "fuite*", "specul*", "suppos*", "selon des", "pretendu*", "fait par un fan",
         "fait par des fans", "œuvre d un fan", "fan made")
NEGATION = ("ne", "n", "pas", "jamais", "aucun", "aucune", "ni", "sans", "pas encore")
NEGATION_BOTH = ("dementi*", "faux", "fausse")
NOT_YET = ("encore", "officiellement", "pour l instant", "pour le moment", "actuellement")
CANCEL = ("annule", "annulee", "annulation", "arret", "arretee", "arrete")
NO_MORE = ("pas de plans", "aucun plan", "pas de saison", "ne reviendra pas", "pas de suite",
           "plus rien a adapter",
    "ne sont pas prevus", "n est pas prevue", "n est pas prevu", "aucune suite n est prevue",
)
PLANS = ("plans", "plan", "projet", "projets", "intention")
FINAL = ("derniere saison", "saison finale", "ultime saison")
CONCLUDE = ("touche a sa fin", "prend fin", "se termine", "conclu*", "fin de la serie", "adieu",
    "c est la fin", "est terminee", "est termine", "touche a sa fin", "conclura", "mettra fin",
    "met fin", "la fin de l anime",
)
# Strong series-ending idioms (count beside a season number).
FAREWELL = ("adieu", "fin de la serie", "tire sa reverence", "cloturera la serie",
            "bouclera l histoire", "conclura l histoire", "final de la serie")
FINALE = ("dernier episode", "episode final", "ultime episode")
RELATIVE = ("nouvelle saison", "autre saison", "prochaine saison", "suite", "nouveaux episodes",
    "nouvelle serie", "nouvelle serie animee",
)
FILM = ("film", "films", "long metrage*", "cinema", "au cinema", "grand ecran", "film d animation")
OVA = ("ova", "oav", "oad", "episode special", "episodes speciaux", "special", "speciale tv",
       "episode inedit")
SPINOFF = ("spin off", "spinoff", "spin offs", "prequelle", "serie derivee", "derivee", "derivees",
           "crossover")
REMAKE = ("remake", "reboot", "nouvel anime", "nouveau projet anime", "nouveau projet d animation", "nouvelle adaptation", "nouvelle serie animee",
          "reinterpretation", "readaptation")
LIVE_ACTION = ("live action", "prises de vues reelles", "film live", "serie coreenne", "anthologie",
    "comedie musicale", "adaptation theatrale",
)
REBROADCAST = ("rediffusion",)
HOME_VIDEO = ("blu ray", "dvd", "coffret")
DUB = ("doublage", "version francaise")
OTHER_MEDIA = ("manga", "roman", "jeu", "jeu video", "light novel", "tome")
COMPILATION = ("compilation", "recapitulatif", "resume")
ANIME = ("anime", "animation", "serie animee", "l anime",
    "adaptation en anime", "adaptation anime", "son propre anime",
)
ANAPHOR = ("la serie", "l anime", "l adaptation", "cette serie")
SERIES = ("serie", "anime", "histoire", "franchise")
CONTRAST = ("mais", "cependant", "toutefois", "pourtant", "bien que", "alors que", "malgre")
SPECULATIVE = ("la question revient", "la question se pose", "ce que l on sait", "tout ce que l on sait", "y aura t il", "y aura t elle")
# Openness: the makers or the page leave a continuation possible ("not ruled out"); like
# hedges, and unlike the genre wording above, these are real doubt.
OPEN = ("probabilite", "n est pas exclu*", "pas exclu*", "ne ferme pas la porte", "porte ouverte")

SEASON_NOUNS = ("saison",)
ORDINALS = {
    "premiere": 1, "premier": 1, "deuxieme": 2, "seconde": 2, "second": 2, "troisieme": 3,
    "quatrieme": 4, "cinquieme": 5, "sixieme": 6, "septieme": 7, "huitieme": 8, "neuvieme": 9,
    "dixieme": 10,
}
STOPWORDS = ("le", "les", "des", "et", "est", "du", "pour", "dans", "qui", "sur", "au", "pas", "ont", "avec",
             "sont", "cette", "aux", "ce")

# Background: what "had been" announced before this news (old news, not a change).
BACKGROUND = ("avait ete", "auparavant", "initialement", "a l epoque",
    "deja annonce*", "deja confirme*", "annoncee precedemment", "s etait arrete*",
)

# Identity negation: the target is denied as what the news is, not as a future thing ("not a third season, but a spin-off", "instead of a second season").
NOT_A = ("au lieu de", "plutot que", "il ne s agit pas", "ce n est pas une", "ne sera pas une",
    "pas sous la forme d", "pas comme une", "ne sera pas",
)

# A derived work to be adapted into anime: a new project.
ADAPT = ("sera adapte*", "aura droit a son anime")

# Rumours that the news settles ("after months of rumors, it is confirmed"): not doubt.
# (and expectations fulfilled: "confirmed what fans had hoped for" is no hedge)
RUMOR_RESOLVED = ("apres des mois de rumeurs", "les rumeurs etaient vraies", "confirmant les rumeurs", "confirme les rumeurs",
    "ce que tous les fans esperaient", "ce que tout le monde esperait", "ce que les fans esperaient", "comme prevu")

# A season declared the last one (predicative): decides ended vs news about a known final season.
FINAL_DECLARED = (
    "sera la derniere", "est la derniere", "fut la derniere", "sera l ultime", "sera la saison finale", "comme la derniere",
)

# The page sets another work apart from the title ("not to be confused with").
DISAMBIG = ("a ne pas confondre", "rien a voir", "sans rapport avec")

# Box office and audience figures: a film already in cinemas is no new project.
# A story arc adapted next (the next TV run when announced).
ARC = ("arc",)

# The format of an announced project left open ("without saying whether it will be a season or
# a film"): the alternatives after it are not claims.
FORMAT_OPEN = ("sans preciser s", "sans preciser si", "sans dire si", "sans reveler si", "sans indiquer si", "format n a pas")

# TV episodes shown in cinemas (the last episodes of a season, the first ones of the next):
# a film that screens them is a compilation, not a new project.
SCREENING = ("premiers episodes", "derniers episodes", "deux premiers episodes", "en avant premiere", "avant premiere")

BOX_OFFICE = ("box office", "entrees", "spectateurs")

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
