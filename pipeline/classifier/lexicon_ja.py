"""Japanese cue vocabulary, grouped by concern (also used for Chinese/Korean basics).

Japanese has no word boundaries, so these phrases match anywhere; keep them specific.
Negation follows the verb in Japanese ("発表は行われていません"), so NEGATION_POST applies
to the cues before it. Cue hits inside a title's own name (…外伝, …FINAL SEASON) are
ignored by the scanner.
"""

from __future__ import annotations

CONFIRM = (
    "決定", "制作決定", "製作決定", "発表", "正式発表", "公式発表", "解禁", "始動", "制作中", "製作中",
    "告知", "アナウンス", "判明", "明らかに", "決まった", "決まり", "確定", "制作される", "制作が決ま",
    "制作されることが", "制作され", "お知らせ", "新情報", "続報", "발표", "공개",
    # Chinese / Korean
    "确定", "宣布", "官宣", "확정", "제작",
    "결정", "공식 발표", "확정됐",
)
RETURN = ("帰ってくる", "復活", "戻ってくる")
FUTURE = ("予定", "となる", "される")
CONDITIONAL = ("もし", "としたら", "とすれば", "すれば", "ならば")
RENEW = ("続編制作", "続編決定", "続編の制作", "2期決定", "新シリーズ制作")
RELEASE = (
    "放送開始", "配信開始", "放送決定", "配信決定", "公開", "上映", "ティザー", "キービジュアル",
    "ビジュアル", "予告", "スタート", "開始", "放送予定", "配信予定", "PV",
    "放送中", "配信中", "放送される", "配信される", "放映",
)
# Date nouns ("Season 3 release date"): the topic of SEO pages, never news by themselves;
# a doubt about them still counts ("no date yet").
RELEASE_DATE = ("放送日", "放送時期", "配信日")
HEDGE = (
    "可能性", "予想", "考察", "かもしれ", "だろう", "でしょう", "期待",
    "希望", "見込み", "らしい", "ようです", "未定", "と思われ", "予測", "確率", "はず",
    "願い", "願望", "要望", "ファンの声", "推測", "望む", "期待の声", "기대", "と言われ", "かな",
    "가능성", "전망", "희망", "とみられる",
)
# Rumour and hearsay (whole clause).
RUMOR = ("噂", "うわさ", "リーク", "リーカー", "憶測", "とされ", "との情報", "流出", "デマ", "제작설", "루머", "설이",
         # a picture or post "saying" season 3 is decided; made by fans
         "という画像", "という投稿", "という情報", "ファンが作成", "ファンメイド", "ファン制作")
# Prefix negation ("未発表" = not yet announced).
NEGATION = ("未",)
# Negation after the verb.
NEGATION_POST = (
    "ない", "ません", "できず", "されず", "ておらず", "至らず", "なし", "無し", "ではない", "なかった", "いない", "否定", "デマ", "誤情報",
    "確認できず", "確認されていない", "ありません",
    # Korean
    "않았", "않은", "않는", "없다", "없는", "아직",
    "なく", "無く",
)
NOT_YET = ("まだ", "現時点", "現在", "今のところ", "正式")
CANCEL = ("打ち切り", "打切り", "中止", "制作中止", "キャンセル", "白紙", "取り止め",
    "취소", "제작 중단", "중단됐",
)
NO_MORE = ("予定はない", "予定はありません", "続編はない", "続編なし", "予定なし", "計画はない", "これで最後",
    "계획이 없", "계획은 없",
)
PLANS = ("予定", "計画")
FINAL = ("最終章", "完結編", "最終シーズン", "ファイナルシーズン", "最終期", "最終作", "最终季",
    "마지막 시즌", "파이널 시즌", "최종 시즌",
)
CONCLUDE = ("終幕", "完结")
# The last episode (an end beside a final season or a closing word).
FINALE = ("最終回", "最終話", "最終エピソード")
# Drawing the source to its end: the anime's act, not the manga's ("原作の最終話までを描き切って").
COMPLETE = ("描き切", "描ききっ", "描き切っ")
# Strong series-ending idioms (count beside a season number).
FAREWELL = ("完結", "幕を下ろ", "幕を閉じ", "有終の美", "シリーズ完結", "アニメ完結", "に幕",
    "완결", "막을 내렸", "종영",
)
RELATIVE = ("続編", "新シリーズ", "新作TVシリーズ", "新TVシリーズ", "TVアニメ化", "テレビアニメ化", "続き", "新章", "次期", "新シーズン", "続篇", "续作", "续集",
    "후속편", "속편", "새 시즌",
)
FILM = ("劇場版", "映画", "劇場アニメ", "映画化", "剧场版", "劇場公開", "劇場上映", "映画館", "3部作",
    "극장판", "영화화",
)
OVA = ("OVA", "OAD", "特別編", "TVスペシャル", "スペシャルアニメ", "スペシャル", "番外編", "未放送",
       "特番", "特別番組")
SPINOFF = ("スピンオフ", "外伝", "前日譚", "コラボアニメ")
REMAKE = ("リメイク", "新作アニメ", "再アニメ化", "新アニメ", "完全新作", "新プロジェクト")
LIVE_ACTION = ("実写", "ドラマ", "ドラマ化", "日曜劇場", "主演", "俳優", "連続ドラマ", "テレビドラマ", "実写化",
    "ミュージカル", "舞台化", "舞台版", "2.5次元",
)
REBROADCAST = ("再放送", "再配信", "一挙放送", "一挙配信", "見放題")
HOME_VIDEO = ("Blu-ray", "BD", "DVD", "円盤")
DUB = ("吹き替え", "吹替")
OTHER_MEDIA = (
    "漫画", "マンガ", "コミック", "小説", "原作", "ゲーム", "舞台", "コラボ", "グッズ",
    "ドラマCD", "ライトノベル", "ラノベ", "連載", "単行本",
)
COMPILATION = ("総集編", "再編集", "特別編集")
ANIME = ("アニメ", "TVアニメ", "アニメ化", "テレビアニメ", "动画", "애니",
    "TVアニメ化", "テレビアニメ化",
)
ANAPHOR = ("本作", "同作", "同アニメ", "同シリーズ", "このアニメ", "本シリーズ")
SERIES = ("シリーズ", "アニメ", "本作", "物語")
CONTRAST = ("しかし", "ものの", "けど", "けれど", "だが", "ですが", "一方", "ただし")
SPECULATIVE = ("可能性は", "いつ", "まとめ", "はある", "あるのか", "されるのか")
QUESTION = ("のか", "でしょうか", "だろうか", "かな", "のでは")

STOPWORDS = ("の", "は", "が", "を", "に", "で", "と", "です", "ます", "した")

# Background: what "had been" announced before this news (old news, not a change).
BACKGROUND = ("以前", "当初", "かつて")

# Identity negation: the target is denied as what the news is, not as a future thing ("not a third season, but a spin-off", "instead of a second season").
NOT_A = ("ではなく", "ではなくて", "代わりに")

# Rumours that the news settles ("after months of rumors, it is confirmed"): not doubt.
# (and expectations fulfilled: "confirmed what fans had hoped for" is no hedge)
RUMOR_RESOLVED = ("噂は本当", "噂通り", "リーク通り", "リークは本当",
    "待望の", "ファン待望")

# A season declared the last one (predicative): decides ended vs news about a known final season.
FINAL_DECLARED = (
    "最後となる", "最後のシーズン", "最終シーズンとなる", "で完結", "完結となる", "完結する",
    "最終章となる", "最終章として", "最終シーズンとして", "完結編となる", "完結編として", "ラストシーズンとなる",
)

# The page sets another work apart from the title ("not to be confused with").
DISAMBIG = ("とは別", "無関係", "関係ない")

# Box office and audience figures: a film already in cinemas is no new project.
# A story arc adapted next (the next TV run when announced).
ARC = ("編のアニメ化", "編アニメ化", "編の制作", "篇のアニメ化", "編のtvアニメ化")

# The format of an announced project left open ("without saying whether it will be a season or
# a film"): the alternatives after it are not claims.
FORMAT_OPEN = ("形式は未定", "形式は明らかにされていない", "形式は不明", "か映画かは", "かは明らかにされていない")

# TV episodes shown in cinemas (the last episodes of a season, the first ones of the next):
# a film that screens them is a compilation, not a new project.
SCREENING = ("先行上映", "第1話から", "話を上映", "先行公開")

BOX_OFFICE = ("興行収入", "興収", "観客動員", "動員数", "動員")

CUES = {
    "box_office": BOX_OFFICE, "screening": SCREENING, "format_open": FORMAT_OPEN,
    "disambig": DISAMBIG,
    "final_decl": FINAL_DECLARED, "finale": FINALE, "complete": COMPLETE,
    "confirm": CONFIRM, "rumor_resolved": RUMOR_RESOLVED, "not_a": NOT_A, "background": BACKGROUND, "renew": RENEW, "return": RETURN, "future": FUTURE,
    "conditional": CONDITIONAL, "release": RELEASE, "release_date": RELEASE_DATE, "hedge": HEDGE, "rumor": RUMOR,
    "negation": NEGATION, "negation_post": NEGATION_POST, "not_yet": NOT_YET,
    "cancel": CANCEL, "no_more": NO_MORE, "plans": PLANS, "final": FINAL, "conclude": CONCLUDE, "farewell": FAREWELL,
    "arc": ARC, "relative": RELATIVE, "film": FILM, "ova": OVA, "spinoff": SPINOFF, "remake": REMAKE,
    "live_action": LIVE_ACTION, "rebroadcast": REBROADCAST, "home_video": HOME_VIDEO,
    "dub": DUB, "other_media": OTHER_MEDIA, "compilation": COMPILATION, "anime": ANIME,
    "anaphor": ANAPHOR, "series": SERIES, "contrast": CONTRAST, "speculative": SPECULATIVE,
    "question": QUESTION,
}
