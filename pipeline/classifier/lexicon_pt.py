"""Portuguese cue vocabulary, grouped by concern (normalised text: accents dropped)."""

from __future__ import annotations

CONFIRM = (
    "anunci*", "confirm*", "oficial", "oficialmente", "em producao", "em desenvolvimento", "ganhara",
    "ganha", "ganhou", "vai ganhar", "tera", "revelad*", "chegara", "recebeu", "e uma realidade", "e oficial",
)
RETURN = ("retorna", "voltara", "volta", "retorno", "esta de volta", "voltar", "retornar")
FUTURE = ("sera", "sera um", "sera uma", "tera", "chegara", "ganhara", "proxim*",
    "na forma de", "em forma de", "tomara a forma", "continuara",
)
CONDITIONAL = ("se", "caso")
RENEW = ("renovad*", "renova", "renovou", "renovacao")
RELEASE = ("estreia", "estreara", "lancamento", "trailer", "teaser", "visual",
           "chega", "disponivel",
    "ganha data", "tem data",
)
# Date nouns ("Season 3 release date"): the topic of SEO pages, never news by themselves;
# a doubt about them still counts ("no date yet").
RELEASE_DATE = ("data de estreia", "data de lancamento")
HEDGE = (
    "poderia", "pode", "podem", "talvez", "provavelmente",
    "possivel", "possibilidade", "parece", "espera se",
    "esperamos", "esperanca", "chance*",
    "gostaria", "gostariam", "espera", "esperam", "torcem", "torcida",
    "seria", "seriam", "teria", "voltaria",
)
# Rumour and hearsay (whole clause).
RUMOR = ("rumor*", "boato*", "vazamento", "vazad*", "supostamente", "especula*", "insider",
         "segundo rumores", "suposto", "suposta", "supostos", "supostas", "feito por fas",
         "feito por um fa", "criado por fas", "fan made")
NEGATION = ("nao", "nunca", "nem", "nenhum", "nenhuma", "sem", "jamais", "ainda nao",
    "ninguem", "nada", "tampouco", "nem sequer",
)
NEGATION_BOTH = ("desmentiu", "desmente", "falso", "falsa")
NOT_YET = ("ainda", "oficialmente", "por enquanto", "ate agora", "no momento", "ate o momento")
CANCEL = ("cancelad*", "cancela", "cancelou", "cancelamento")
NO_MORE = ("nao ha planos", "sem planos", "nao tera", "nao voltara", "nenhuma pretensao",
           "nao havera", "apenas 1 temporada", "apenas uma temporada", "nao ha mais historia",
    "nao estao previstos", "nao esta prevista", "nao esta previsto",
)
PLANS = ("planos", "plano", "pretensao", "intencao", "previsao", "projeto")
FINAL = ("ultima temporada", "temporada final")
CONCLUDE = ("chega ao fim", "chegara ao fim", "terminara", "termina", "encerra*", "conclu*", "despedida",
    "chegou ao fim", "termina aqui", "acabou", "porá fim", "pora fim", "poe fim", "o fim do anime",
)
# Strong series-ending idioms (count beside a season number).
FAREWELL = ("despedida", "se despede", "fim da serie", "adeus", "encerrar a historia",
            "encerrara a historia", "encerra a historia", "final da serie")
FINALE = ("ultimo episodio", "episodio final")
RELATIVE = ("nova temporada", "outra temporada", "proxima temporada", "sequencia", "continuacao",
            "novos episodios",
    "nova serie",
)
FILM = ("filme", "filmes", "longa metragem", "longas metragens", "cinema", "cinemas",
        "telona")
OVA = ("ova", "ovas", "oad", "especial", "especiais", "episodio especial", "episodios especiais",
       "episodio inedito")
SPINOFF = ("spin off", "spinoff", "spin offs", "derivad*", "prequel", "crossover")
REMAKE = ("remake", "reboot", "novo anime", "novo projeto de anime", "novo projeto animado", "nova adaptacao", "nova serie animada",
          "reinterpretacao", "readaptacao")
LIVE_ACTION = ("live action", "imagem real", "serie coreana", "dorama", "antologia",
    "musical", "adaptacao teatral",
)
REBROADCAST = ("reprise", "reexibicao")
HOME_VIDEO = ("blu ray", "dvd")
DUB = ("dublagem", "dublado", "dublada")
OTHER_MEDIA = ("manga", "novel", "jogo", "game", "light novel", "jogo para smartphones")
COMPILATION = ("compilacao", "resumo")
ANIME = ("anime", "animacao", "serie animada",
    "adaptacao em anime", "adaptacao para anime", "seu proprio anime",
)
ANAPHOR = ("a serie", "o anime", "a obra", "essa animacao", "esta serie")
SERIES = ("serie", "anime", "historia", "franquia")
CONTRAST = ("mas", "mas sim", "porem", "entretanto", "contudo", "no entanto", "embora", "apesar")
SPECULATIVE = ("a pergunta volta", "volta a pergunta", "o que sabemos", "tudo o que sabemos")
# Openness: the makers or the page leave a continuation possible ("not ruled out"); like
# hedges, and unlike the genre wording above, these are real doubt.
OPEN = ("nao esta descartad*", "nao se descarta", "nao descarta", "porta aberta")

SEASON_NOUNS = ("temporada",)
ORDINALS = {
    "primeira": 1, "segunda": 2, "terceira": 3, "quarta": 4, "quinta": 5, "sexta": 6, "setima": 7,
    "oitava": 8, "nona": 9, "decima": 10,
}
STOPWORDS = ("os", "da", "do", "dos", "das", "nao", "uma", "um", "com", "foi", "em", "ao", "pelo", "pela",
             "mais", "seu", "sua", "ser", "tambem")

# Background: what "had been" announced before this news (old news, not a change).
BACKGROUND = ("havia sido", "anteriormente", "inicialmente", "na epoca",
    "ja anunciad*", "ja confirmad*", "anunciada anteriormente",
)

# Identity negation: the target is denied as what the news is, not as a future thing ("not a third season, but a spin-off", "instead of a second season").
NOT_A = ("em vez de", "ao inves de", "nao se trata de", "nao e uma", "nao sera uma",
    "nao chegara como", "nao como uma",
)

# A derived work to be adapted into anime: a new project.
ADAPT = ("sera adaptad*", "vai ganhar um anime")

# Rumours that the news settles ("after months of rumors, it is confirmed"): not doubt.
# (and expectations fulfilled: "confirmed what fans had hoped for" is no hedge)
RUMOR_RESOLVED = ("apos meses de rumores", "depois de meses de rumores", "os rumores eram verdadeiros", "confirmando os rumores", "confirma os rumores",
    "o que todos esperavam", "o que os fas esperavam", "como esperado")

# A season declared the last one (predicative): decides ended vs news about a known final season.
FINAL_DECLARED = (
    "sera a ultima", "e a ultima", "foi a ultima", "sera a temporada final", "como a ultima",
)

# The page sets another work apart from the title ("not to be confused with").
DISAMBIG = ("nao confundir", "nada a ver", "nao tem relacao")

# Box office and audience figures: a film already in cinemas is no new project.
# A story arc adapted next (the next TV run when announced).
ARC = ("arco",)

# The format of an announced project left open ("without saying whether it will be a season or
# a film"): the alternatives after it are not claims.
FORMAT_OPEN = ("sem especificar se", "sem revelar se", "sem informar se", "sem confirmar se", "sem dizer se", "formato ainda nao")

# TV episodes shown in cinemas (the last episodes of a season, the first ones of the next):
# a film that screens them is a compilation, not a new project.
SCREENING = ("primeiros episodios", "ultimos episodios", "exibicao especial", "pre estreia")

BOX_OFFICE = ("bilheteria", "bilheterias", "bilheteira", "bilheteiras", "espectadores", "arrecadou")

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
