"""English cue vocabulary, grouped by concern.

Phrases are matched on normalised text (lower case, punctuation -> space, so "won't" is
"won t" and "spin-off" is "spin off"). A trailing ``*`` matches any word ending
("renew*" = renews, renewed, renewal). English cues are active for every article: anime
news in other languages borrows "Final Season", "trailer", "spin-off".
"""

from __future__ import annotations

# Official announcement or confirmation verbs and phrases.
CONFIRM = (
    "announc*", "confirm*", "officially", "official", "greenlit", "greenlight*", "green lit",
    "green light", "given the green light", "got the green light", "picked up", "ordered",
    "in production", "under production", "into production", "in the works", "underway",
    "under way", "is a go", "revealed", "reveals", "unveil*", "set for", "slated", "is getting",
    "are getting", "gets", "will get", "has got", "is coming", "are coming", "on the way",
    "on its way", "will continue", "continues with", "will see", "has begun production",
    "production has begun", "in development", "decided", "lined up", "locked in",
    "is a reality", "is happening", "it s happening", "is official", "it s official",
    "heading to", "is heading", "orders", "greenlights", "goes on", "lives on",
)
# Return verbs: a confirmation when affirmed, an ending when negated ("won't be returning").
RETURN = ("will return", "returns", "returning", "return", "coming back", "come back", "will be back",
          "is back", "back for")
# Future wording that announces a film or special ("will be an anime movie").
FUTURE = ("will be", "will be a", "will be an", "will be able", "will get", "will receive", "upcoming",
    "will bring", "back as",
          "is set to", "are set to", "will have",
    "will take the form of", "in the form of", "will come as", "will be told in", "will continue as", "will continue in",
    "continues as", "continues in", "continue as", "carries on as",
    "will follow", "will focus on", "will center on", "will centre on", "will tell", "will depict", "will adapt",
)
# Verbs that are themselves a continuation claim ("Netflix renews X"): confirm + target.
RENEW = ("renew*", "re up", "re upped")
# Release/promotion of a season that exists: proves the season is real.
RELEASE = (
    "premier*", "releas*", "airs", "will air", "to air",
    "airing", "aired", "trailer", "teaser", "key visual", "new visual", "promo", "pv",
    "debut*", "will stream", "to stream", "streaming from", "launch*", "dropping", "drops",
    "arrives", "arriving", "will arrive", "hits", "lands", "starts", "will start", "begins",
    "will begin", "scheduled", "broadcast", "opening theme", "ending theme",
    "has a date", "gets a date", "premiere date", "air date", "release window", "kicks off",
    "kick off",
)
# "Release date" in a headline is the mark of SEO speculation pages ("X Season 3 release
# date, cast, plot"); in a body sentence it counts as a release cue.
RELEASE_DATE = ("release date", "release window", "release schedule")
# Unconfirmed, speculative or reported-by-others wording.
HEDGE = (
    "could", "might", "may", "possibl*", "potential*", "likely", "unlikely", "probabl*",
    "consider*", "weighing", "mulling", "would like to", "hopeful",
    "expect*", "predict*", "hope*", "hoping", "wish*", "want*", "petition*", "chance",
    "chances", "odds", "theor*", "seems", "appears to", "suggest*", "hint*",
    "uncertain", "unclear", "remains to be seen", "no word", "no news",
    "fans are waiting", "waiting for", "estimat*", "guess*", "assum*", "claim*", "perhaps", "maybe",
    "would like", "would love", "dream", "interested in", "open to",
    "would like to see", "hopes", "hoped", "fingers crossed", "not ruled out",
    "d love", "d like", "d be happy", "fans think", "fans believe", "many believe",
    "some believe", "people think", "fan theory", "fan theories",
)
# Rumour and hearsay: they put the whole clause in doubt, wherever they stand.
RUMOR = (
    "rumor*", "rumour*", "leak*", "insider", "reportedly", "allegedly", "speculat*",
    "sources say", "according to sources", "scoop", "supposedly", "unconfirmed",
    "insiders", "saw on", "heard that", "word is", "apparently", "anonymous",
    # made by fans: a "trailer" or "poster" that proves nothing
    "fan made", "fanmade", "fan edit", "fan edited",
)
# Double negation idioms: the negations inside them cancel ("that is not to say ... never").
DOUBLE_NEGATION = ("not to say", "doesn t mean", "does not mean", "isn t to say", "not that",
                   "not one but", "not just one", "not only one")
# Conditionals doubt the whole clause ("if it gets a second season, ...").
CONDITIONAL = ("if", "whether", "unless", "in case")
# Negations that apply to the cues that follow them.
NEGATION = (
    "not", "no", "never", "t", "neither", "nor", "without", "none", "nothing", "cannot", "not yet",
    "nobody", "no one",
)
# Negations that apply on both sides ("an official announcement is yet to arrive").
NEGATION_BOTH = (
    "yet to", "denied", "denies", "deny", "debunk*", "fake", "false", "dismiss*",
    "shot down", "shuts down", "no official", "no confirmation",
)
# "Not yet / not officially": a negated renewal that leaves the future open (rumor).
NOT_YET = ("yet", "officially", "as of now", "as of yet", "so far", "currently", "still", "at the moment")
# Cancellation (ended).
CANCEL = (
    "cancel*", "axed", "axes", "scrapped", "pulled the plug", "not moving forward",
    "not be moving forward", "decided not to", "will not continue", "won t continue",
    "discontinu*", "shelved", "not be continuing", "not continue",
)
# Phrases that carry their own negation: no future season (ended).
NO_MORE = (
    "no more seasons", "no further season*", "will not be a", "won t be a", "there will be no",
    "will not return", "won t return", "not return", "not be returning", "not coming back",
    "won t be coming back", "not get a", "won t get a", "will not get a", "one and done",
    "only one season", "limited series", "no season", "no sequel", "no continuation",
    "there won t be", "there will not be", "won t be another", "will not be another",
    # the source is used up: nothing left for another season
    "no story left", "nothing left to adapt", "fully adapted", "adapted the entire", "adapted the whole",
    "all the chapters of the source", "source material has been fully",
)
# Plans: negated they mean ended ("no plans for season 3").
PLANS = ("plans", "plan to", "planning", "intention", "intend*",
    "planned",
)
# A final season.
FINAL = (
    "final season", "the last season", "its last season", "last ever season", "final installment",
    "will be the last", "will be the final", "be its last", "be its final", "be the last one",
    "final chapter", "final part", "final series", "last installment", "as the last",
    "as the final", "as its last", "as its final", "second and last", "and last season",
    # idioms of the final run ("enters its last leg")
    "last leg", "final stretch", "home stretch",
)
# The series as a whole ends (needs the series as subject, not a season or the plot).
CONCLUDE = (
    "come to an end", "comes to an end", "coming to an end", "came to an end", "come to end",
    "coming to end", "come to a close", "comes to a close", "coming to a close", "draw to a close",
    "draws to a close", "concludes the series", "series concludes", "series will conclude",
    "show s conclusion", "series conclusion", "conclusion of the series", "conclusion to the series",
    "concluding season", "wrap* up", "wrapped", "goodbye", "self contained", "story is complete",
    "end for the", "the end of", "will end", "ends with", "ended with", "end after", "ends after",
    "to a close", "to a conclusion", "final bow", "come to its conclusion", "comes to its conclusion",
    "coming to its conclusion", "reach its conclusion", "reaches its conclusion", "will conclude",
    "will end with", "is over", "is now over", "has ended", "have ended", "told the whole story", "to the end",
    "is officially over", "officially over", "officially ended", "officially come to an end",
)
# Strong series-ending idioms: count even beside a season number ("bows out with season 4").
FAREWELL = (
    "farewell", "says goodbye", "bows out", "end of the series", "series ends", "series ended",
    "wrap things up", "wrap it up", "wrap the story up", "wrap up the series", "end the series",
    "ends the series", "conclude the series", "concludes the series", "the end of the road",
    "closes its story", "for good", "ends for good", "closes the story", "ending the series",
    "ending the show", "the end of the anime",
    "close the story", "close out the story", "closing out the story", "ending the story",
    "ends the story", "end the story",
)
# The last episode of the show or of a season: an end beside a final season, a closing word
# or a completed adaptation (a season finale alone says nothing about the series).
FINALE = ("final episode", "last episode", "final episodes", "last ever episode", "finale episode",
          "series finale")
# Completion of the adaptation: an end only beside a finale ("aired its final episode,
# completing the adaptation").
COMPLETE = ("completing the", "completes the", "completed the", "complete adaptation",
            "adapted the rest", "adapting the rest")
# Unnumbered continuation of the TV series.
RELATIVE = (
    "new season", "another season", "next season", "further season", "more seasons",
    "sequel series", "sequel season", "sequel", "continuation", "follow up", "new episodes",
    "new installment", "another installment", "another one", "more episodes",
    "new anime series", "new tv anime", "new tv series", "new series", "brand new season",
    # several at once ("will receive two more TV anime seasons")
    "more tv anime seasons", "more anime seasons", "more tv seasons", "new seasons",
    "additional seasons", "two more seasons",
)
# A story arc adapted next (counts as the next TV run when announced).
ARC = ("arc",)
# Non-season continuations.
FILM = ("film", "films", "movie", "movies", "theatrical", "feature film", "big screen", "cinemas",
        "theaters", "theatres", "in theaters", "film trilogy", "movie trilogy", "anime film",
        "anime movie", "feature length")
OVA = (
    "ova", "ovas", "oad", "tv special", "anime special", "special episode", "special episodes",
    "unaired episode", "bonus episode", "side story", "new episode", "one off special",
    "episode special", "one shot special", "hour long special", "television special",
    "un aired", "unaired", "unreleased episode",
)
SPINOFF = ("spin off", "spin offs", "spinoff", "spinoffs", "prequel", "prequels", "crossover",
           "spun off")
REMAKE = ("remake*", "remade", "reboot*", "reimagin*", "new anime", "new anime adaptation", "new adaptation",
          "new anime project", "new project", "new animated project", "re adapt*", "readapt*",
          "reinterpret*")
# A different medium: the match is some other work.
LIVE_ACTION = ("live action", "tv drama", "drama series", "live adaptation", "korean drama", "k drama",
               "kdrama", "period drama", "zombie drama", "true crime", "anthology", "real life adaptation",
    "stage musical", "the musical", "a musical", "musical adaptation",
    "stage adaptation",
)
# Franchise activity that continues nothing.
REBROADCAST = ("rebroadcast", "re broadcast", "re run", "rerun", "reruns", "re airing", "reair*", "encore")
HOME_VIDEO = ("blu ray", "bluray", "dvd", "box set", "home video", "home release", "4k")
DUB = ("dub", "dubbed", "dubbing", "english dub", "simuldub")
OTHER_MEDIA = (
    "manga", "light novel", "novel", "novels", "video game", "game", "mobile game",
    "concert", "exhibition", "merch*", "figure", "collab*", "cafe", "artbook",
    "soundtrack", "album", "chapter", "chapters", "volume", "volumes", "webtoon", "manhwa",
)
COMPILATION = ("compilation", "recap", "re edit*", "recap film", "compilation film", "summary film",
               "compiles", "compiled", "compiling", "theatrical cut")
# Words that make a clause about the animation itself.
ANIME = ("anime", "animated", "animation", "tv anime", "anime series", "anime film", "cartoon",
    "anime adaptation", "own anime", "own tv anime", "tv anime adaptation",
)
# "The series" etc.: a later sentence that continues about the same title.
ANAPHOR = ("the anime", "the series", "the show", "this anime", "this series", "the franchise",
           "the adaptation", "the streamer s", "its second", "its third", "the sequel")
# Subjects for CONCLUDE (the show ends, not a season or the plot).
SERIES = ("series", "show", "anime", "franchise", "saga", "story")
# Contrast words that start a new clause.
CONTRAST = ("but", "however", "although", "though", "whereas", "while", "despite", "except",
            "nevertheless", "that said", "even as", "but rather")
# Headline/article genres that leave the question open.
SPECULATIVE = (
    "the question comes back", "the question keeps coming", "the question is back",
    "what we know", "everything we know", "what to expect", "will there be", "is there a",
    "is it happening", "renewal status", "renewed or cancelled", "renewed or canceled",
    "when will", "when is", "will it release", "will it happen", "is coming or not",
    "release date speculation", "everything you need to know")
# Openness: the makers or the page leave a continuation possible ("not ruled out"); like
# hedges, and unlike the genre wording above, these are real doubt.
OPEN = ("possibility", "not been ruled out", "hasn t been ruled out", "can t be ruled out", "cannot be ruled out", "isn t ruled out", "is not ruled out", "door is not closed", "door isn t closed", "door remains open", "door open")

# Season numbers.
SEASON_NOUNS = ("season",)
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}
# Number words that follow the noun ("season two").
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}
# Function words for the language guess.
STOPWORDS = ("the", "and", "of", "to", "is", "that", "for", "with", "has", "was", "will", "this")

# Background: what "had been" announced before this news (old news, not a change).
BACKGROUND = ("had been", "had previously", "previously", "originally", "initially", "we reported", "was reported", "had reported", "at the time", "back then",
    "already announced", "already confirmed", "previously announced", "announced earlier", "announced back in",
)

# Identity negation: the target is denied as what the news is, not as a future thing ("not a third season, but a spin-off", "instead of a second season").
NOT_A = ("instead of", "rather than", "is not a", "isn t a", "not a", "won t be a season", "not another season",
    "not as a", "not in the form of",
)

# A derived work to be adapted into anime: a new project.
ADAPT = ("will be adapted into", "to be adapted into", "will be adapted as")

# Rumours that the news settles ("after months of rumors, it is confirmed"): not doubt.
# (and expectations fulfilled: "confirmed what fans had hoped for" is no hedge)
RUMOR_RESOLVED = ("after months of rumors", "after months of rumours", "after months of speculation", "after rumors", "after much speculation", "following rumors", "following speculation", "rumors were true", "rumours were true", "rumors turned out to be true", "turned out to be true", "put the rumors to rest", "confirming the rumors", "confirming rumors", "confirms the rumors", "confirms rumors", "leak was true", "leaks were true",
    "what fans had been hoping for", "what fans had hoped for", "what fans were hoping for", "what everyone expected", "what everyone was expecting", "what fans expected", "as expected", "as fans hoped")

# A season declared the last one (predicative): decides ended vs news about a known final season.
FINAL_DECLARED = (
    "will be the last", "will be the final", "be its last", "be its final", "be the last one", "is the last", "is the final", "was the last", "was the final", "as the last", "as the final", "as its last", "as its final", "the last one", "its last season", "last ever",
    "s the final", "s the last", "billed as the final", "billed as the last",
)

# The page sets another work apart from the title ("not to be confused with the live-action
# series").
DISAMBIG = ("don t confuse", "do not confuse", "not to be confused", "has nothing to do with",
            "have nothing to do with", "separate from", "not related to", "unrelated to",
            "a different story", "not the same as")

# Box office and audience figures: a film already in cinemas is no new project.
# The format of an announced project left open ("without saying whether it will be a season or
# a film"): the alternatives after it are not claims.
FORMAT_OPEN = ("without saying whether", "without specifying whether", "without revealing whether", "without confirming whether", "did not say whether", "didn t say whether", "no word on whether", "not specified whether", "format has not been", "format is still unknown", "format was not")

# TV episodes shown in cinemas (the last episodes of a season, the first ones of the next):
# a film that screens them is a compilation, not a new project.
SCREENING = ("first episodes", "first two episodes", "first three episodes", "last episodes", "final episodes of the first", "advance screening", "early screening", "on the big screen before")

BOX_OFFICE = ("box office", "opening weekend", "grossed", "ticket sales", "admissions", "tickets sold", "moviegoers")

CUES = {
    "box_office": BOX_OFFICE, "screening": SCREENING, "format_open": FORMAT_OPEN,
    "disambig": DISAMBIG,
    "final_decl": FINAL_DECLARED, "finale": FINALE, "complete": COMPLETE,
    "confirm": CONFIRM, "rumor_resolved": RUMOR_RESOLVED, "adapt": ADAPT, "not_a": NOT_A, "background": BACKGROUND, "renew": RENEW, "return": RETURN, "future": FUTURE,
    "conditional": CONDITIONAL, "release": RELEASE, "release_date": RELEASE_DATE, "hedge": HEDGE, "rumor": RUMOR,
    "double_negation": DOUBLE_NEGATION, "negation": NEGATION, "negation_both": NEGATION_BOTH, "not_yet": NOT_YET,
    "cancel": CANCEL, "no_more": NO_MORE, "plans": PLANS, "final": FINAL, "conclude": CONCLUDE, "farewell": FAREWELL,
    "relative": RELATIVE, "arc": ARC, "film": FILM, "ova": OVA, "spinoff": SPINOFF,
    "remake": REMAKE, "live_action": LIVE_ACTION, "rebroadcast": REBROADCAST,
    "home_video": HOME_VIDEO, "dub": DUB, "other_media": OTHER_MEDIA,
    "compilation": COMPILATION, "anime": ANIME, "anaphor": ANAPHOR, "series": SERIES,
    "contrast": CONTRAST, "speculative": SPECULATIVE, "open": OPEN,
}
