"""English word data: the word lists the checks read, kept apart from the code that reads them.

Each section belongs to one package. Pure data: names in UPPER_CASE, standard library only.
"""

# --- drift ---
# Word lists of the drift evidence (:mod:`transcheck.drift`): function words, pronouns, gendered words,
# number words, dates, antonyms, negation and the words of names.

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren as at be because been before being
    below between both but by can could did do does doing don down during each either else even ever every few
    for from further had has have having here how however i if in into is it its itself just least less let like
    may me might mine much must my myself nor of off on once only or other others our ours ourselves out
    over own per rather same shall should so some such than that the their theirs them themselves then there
    these they this those though through thus to under until up upon us via was we were what whatever
    when where whether which while who whom whose why will with within would yet you your yours yourself
    s t d ll m re ve ca wo sha n said says say saying told tell tells according mr mrs ms dr st
    am pm one ones another""".split()
)


PRONOUN_CLASS = {
    "i": "1s", "me": "1s", "my": "1s", "mine": "1s", "myself": "1s",
    "we": "1p", "us": "1p", "our": "1p", "ours": "1p", "ourselves": "1p",
    "you": "2", "your": "2", "yours": "2", "yourself": "2", "yourselves": "2",
    "he": "3m", "him": "3m", "his": "3m", "himself": "3m",
    "she": "3f", "her": "3f", "hers": "3f", "herself": "3f",
    "they": "3p", "them": "3p", "their": "3p", "theirs": "3p", "themselves": "3p",
}

MALE = frozenset(
    """he him his himself man men boy boys father fathers son sons husband husbands brother brothers king kings
    male males gentleman gentlemen uncle nephew grandfather grandson mr sir boyfriend prince""".split()
)
FEMALE = frozenset(
    """she her hers herself woman women girl girls mother mothers daughter daughters wife wives sister sisters
    queen queens female females lady ladies aunt niece grandmother granddaughter mrs ms madam girlfriend
    princess""".split()
)

GENDERED = MALE | FEMALE
MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())
# the other gender of each gendered noun: "man" became "woman" is a flip, "man" became "her husband" is not
OTHER_GENDER = {
    m: f
    for pair in (
        "man/woman men/women boy/girl boys/girls father/mother fathers/mothers son/daughter sons/daughters "
        "husband/wife husbands/wives brother/sister brothers/sisters king/queen kings/queens male/female "
        "males/females gentleman/lady gentlemen/ladies uncle/aunt nephew/niece grandfather/grandmother "
        "grandson/granddaughter mr/mrs mr/ms sir/madam boyfriend/girlfriend prince/princess"
    ).split()
    for m, f in [pair.split("/")]
    for m, f in ((m, f), (f, m))
}


MONTHS = {
    m: i + 1
    for i, ms in enumerate(
        [
            "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
            "august aug", "september sep sept", "october oct", "november nov", "december dec",
        ]
    )
    for m in ms.split()
}
WEEKDAYS = {
    d: i
    for i, ds in enumerate(
        ["monday mon", "tuesday tue tues", "wednesday wed", "thursday thu thurs", "friday fri", "saturday sat",
         "sunday sun"]
    )
    for d in ds.split()
}
RELATIVE_DAYS = {"today": "today", "yesterday": "yesterday", "tomorrow": "tomorrow", "tonight": "today"}

UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}

BUILTIN_ANTONYMS = """
increase decrease|many few|rise fall|rise drop|up down|high low|higher lower|more less|more fewer|most least|win lose
won lost|winner loser|victory defeat|success failure|succeed fail|accept reject|allow forbid|allow ban|agree disagree
support oppose|approve reject|approve disapprove|include exclude|open close|opened closed|start end|begin end|first last
before after|early late|earlier later|old new|young old|large small|big small|long short|strong weak|rich poor
good bad|better worse|best worst|true false|right wrong|legal illegal|possible impossible|likely unlikely|able unable
friend enemy|ally enemy|peace war|buy sell|bought sold|give take|gain loss|profit loss|import export|love hate
always never|all none|everyone nobody|everything nothing|positive negative|public private|guilty innocent|alive dead
live die|remember forget|arrive leave|enter exit|push pull|north south|east west|left right|top bottom|inside outside
above below|over under|hot cold|warm cold|wet dry|light dark|day night|cheap expensive|easy difficult|easy hard
safe dangerous|happy sad|male female|men women|man woman|boy girl|husband wife|father mother|son daughter|brother sister
king queen|maximum minimum|majority minority|domestic foreign|ancient modern|rural urban|increase cut|raise lower
raised lowered|strengthen weaken|expand shrink|hire fire|same different|similar different|agree refuse|confirm deny
admit deny|attack defend|attack protect|permit prohibit|present absent|visible invisible|known unknown|legal unlawful
""".strip()

# past tenses and plurals that the suffix rules of ``stem`` miss: each form -> its stem
IRREGULAR = {
    a: b
    for b, forms in (
        ("go", "went gone goes"), ("rise", "rose risen"), ("fall", "fell fallen"), ("win", "won"), ("lose", "lost"),
        ("buy", "bought"), ("sell", "sold"), ("take", "took taken"), ("give", "gave given"), ("see", "saw seen"),
        ("come", "came"), ("begin", "began begun"), ("make", "made"), ("leave", "left"), ("meet", "met"),
        ("hold", "held"), ("find", "found"), ("think", "thought"), ("bring", "brought"), ("speak", "spoke spoken"),
        ("write", "wrote written"), ("know", "knew known"), ("grow", "grew grown"), ("keep", "kept"), ("pay", "paid"),
        ("child", "children"), ("person", "people"),
    )
    for a in forms.split()
}

# negation cues (after "n't" is split off a word: "didn't" -> "did" + "not")
NEGATIONS = frozenset("not no never none nothing nobody nowhere neither nor without cannot".split())
# a word left by a contracted negation, as written in full: "can't" -> "ca" -> "can", "won't" -> "wo" -> "will"
CONTRACTED = {"ca": "can", "wo": "will", "sha": "shall", "ai": "be"}
# what follows an apostrophe that is cut off a word: "it's", "they're", "we've", "he'll", "she'd", "I'm"
CLITICS = ("s", "re", "ve", "ll", "d", "m", "")

# Words that carry a negation without a negation cue ("unable" = "could not", "no longer" ~ "stopped",
# "wasn't what I expected" ~ "failed to meet expectations"). Matched by stem; one of them on the side
# that lacks a cue absorbs one cue of the other side, so rewording a negation is not a negation change.
IMPLICIT_NEGATIONS = frozenset(
    (
        "unable fail failed failure lack lacking refuse refused deny denied impossible absent absence "
        "stop stopped cease ceased avoid avoided exempt exempted prevent prevented prohibit prohibited "
        "ban banned unknown unclear unlikely unaware unless insufficient inadequate"
    ).split()
)
NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")
# "-less" adjectives of 7 letters or more carry a negation ("wireless" = "without wires", "worthless");
# not these ("unless" is an implicit negation of its own)
LESS_NOT_NEGATIVE = frozenset("regardless nevertheless nonetheless".split())
# A negation cue that begins one of these phrases negates no statement: bounds ("no more than 90%" =
# "at most 90%", "not far from" = "near", "not long ago" = "recently") and fixed phrases ("not only
# X but also Y" = "X and Y", "no doubt" = "surely", "waited for nothing" = "in vain").
BOUND_COMPARATIVES = frozenset("more less fewer later earlier sooner greater higher lower older younger".split())
NEGATION_IDIOMS = {("not", "only"): (), ("no", "doubt"): (), ("no", "matter"): (),
                   ("not", "far"): ("from", "away", "off"), ("not", "long"): ("ago",)}

# comparison words: "more" / "less than 50 people" and "before" / "after" are antonym pairs
QUANTITY_WORDS = frozenset({"more", "less", "fewer", "many", "few", "most", "least", "above", "below"})
RELATION_WORDS = frozenset({"before", "after", "over", "under", "up", "down", "inside", "outside", "into", "out"})
# superlatives and comparatives with a sense of their own: "the latest ships" = the newest, not the least early
LEXICAL_DEGREES = frozenset({"latest", "latter"})

# words that stand before a name as its title ("Secretary of State", "Defense Secretary", "Mr")
TITLES = frozenset(
    """president vice prime minister secretary state foreign deputy chancellor premier senator sen representative rep
    congressman congresswoman governor gov mayor general gen admiral colonel col major lieutenant lt captain capt
    commander marshal sergeant sgt chief director chairman chairwoman chair ceo king queen prince princess pope
    cardinal bishop archbishop reverend rev sheikh emir mr mrs ms miss dr prof professor sir dame lord lady judge
    justice ambassador spokesman spokeswoman spokesperson acting former leader speaker attorney coach envoy
    defense defence interior finance treasury health home education energy trade labor labour economy""".split()
)

# Place names and their adjectives that share less than a 4-letter stem, and the Russian
# administrative words that translators keep or translate ("Krasnodar Krai" / "Krasnodar Territory").
SAME_NAME = {
    frozenset(p.split("/"))
    for p in (
        "france/french britain/british spain/spanish poland/polish finland/finnish denmark/danish "
        "netherlands/dutch holland/dutch switzerland/swiss wales/welsh greece/greek ireland/irish "
        "scotland/scottish england/english thailand/thai philippines/filipino norway/norwegian "
        "moscow/muscovite krai/territory krai/region oblast/region okrug/district navy/naval saint/st saints/sts"
    ).split()
}
# the state form after a country's name ("the Russian Federation" / "Russia")
STATE_FORMS = frozenset("federation republic kingdom emirates".split())
# endings of a place name and its adjective after a shared stem (Turk-ey / Turk-ish, Chin-a / Chin-ese)
PLACE_ENDINGS = frozenset("- y ey a e ia ish ian ean an ese i ic ain ce k us ot iot ay egian".split())


# --- mt ---
# Word data of the machine-translation detector (``transcheck.mt``): the function-word profile of
# its learned features, and the name, casing and quotation vocabulary of its hand rules.

# Function words (closed-class English words; Koppel/Argamon-style list) used for the style profile.
FUNCTION_WORDS = tuple(
    """a about above according across after against ago all almost along already also although always among
    an and another any anyone anything are around as at away be because been before behind being below
    besides between beyond both but by can cannot could despite did do does doing down due during each
    either enough even ever every everything few for former from further had has have having he her here
    hers herself him himself his how however i if in including indeed instead into is it its itself just
    latter least less many may me might mine more moreover most much must my near neither never nevertheless
    no nobody none nor not nothing now of off often on once one only onto or other others otherwise our
    ours out over own per perhaps quite rather same several shall she should since so some somebody
    someone something such than that the their theirs them themselves then there therefore these they this
    those though through throughout thus till to together too toward towards under unless unlike until up
    upon us very via was we were what whatever when whenever where whereas wherever whether which while who
    whoever whole whom whose why will with within without would yet you your yours yourself""".split()
)

# Institutional names that are written capitalised as a whole; mixed casing ("White house",
# "state Department") is a typical MT artefact.
GAZETTEER_BIGRAMS = frozenset(
    tuple(x.split())
    for x in """White House|State Department|Security Council|Foreign Ministry|Defence Ministry|Defense Ministry
    |Islamic State|Supreme Court|United Nations|European Union|General Assembly|Air Force|Red Cross
    |Prime Minister|Foreign Minister|Defense Minister|Defence Minister|State Duma|Federation Council
    |Health Ministry|Interior Ministry|Justice Ministry|Finance Ministry|Emergencies Ministry
    |Investigative Committee|Constitutional Court|National Guard|Central Bank|Pentagon Press""".replace("\n", "").split("|")
)

# Lowercase particles of personal and place names ("da Nang", "bin Salman", "van Gogh").
NAME_PARTICLES = frozenset("de da di del della der den van von la le du des al el bin ibn ben dos das do ter".split())

# Words that are legitimately lowercase next to names, or too common to be names.
CASING_STOP = frozenset(
    """a about above across after again against all almost along already also although always am among an and
    another any are around as at away back be because been before being below between both but by can could
    did do does doing down during each either else even ever every few for from further had has have having
    he her here hers him his how however i if in into is it its itself just least less like many may me might
    more most much must my near neither never no nor not now of off often on once one only or other our out
    over own per quite rather same she should since so some still such than that the their them then there
    these they this those though through thus to too under until up upon us very was we were what when where
    whether which while who whom whose why will with within without would yet you your
    said says say told tells added adds noted stressed asked according reported wrote explained announced
    and-or vs via etc mr mrs ms dr st jr sr""".split()
) | NAME_PARTICLES

# Determiners before a lowercase word that mark it as a common noun ("the president").
CASING_DETERMINERS = frozenset("the a an this that these those his her its their our my your every each any no".split())

# Endings of demonyms and nationality adjectives ("Russian state", "Chinese army", "Syrian army").
DEMONYM_SUFFIXES = ("an", "ese", "ish", "ic", "ch", "i")

# Verbs of speech that attribute a quotation ("..., – said Putin").
ATTRIBUTION_VERBS = (
    "said", "says", "say", "added", "adds", "noted", "notes", "stressed", "stresses", "emphasized", "emphasised",
    "explained", "wrote", "writes", "told", "declared", "stated", "reported", "continued", "concluded",
)

# English names of the languages that foreign-language residue is most often left in.
LANGUAGE_NAMES = {"ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "de": "German", "fr": "French",
                  "es": "Spanish", "zh": "Chinese", "zh-cn": "Chinese", "zh-tw": "Chinese", "ja": "Japanese",
                  "ko": "Korean", "ar": "Arabic"}


# --- text, align, stories ---
# Function words that mark a text as English (language detection) and that are never event anchors
# (story grouping); the words word-overlap alignment ignores; abbreviations whose full stop ends no
# sentence (segmentation).
ENGLISH_FUNCTION_WORDS = frozenset(
    """a about after all also an and any are as at be been before but by can could did do does
    for from had has have he her his how i if in into is it its just more most my no not of on
    one only or other our out over she so some than that the their them then there these they this
    those to up was we were what when where which while who will with would you your""".split()
)

# capitalised words that are no event anchors: titles, attribution, and words that are capitalised
# only because they open a sentence ("Every time he sees me", "Earlier, ...")
NOT_ANCHORS = ENGLISH_FUNCTION_WORDS | frozenset(
    """mr mrs ms dr said says according however but also yet still every each many both such another
    several few although though despite during since until meanwhile instead even here why""".split()
)

ALIGN_STOPWORDS = frozenset(
    """a an the of to in on at for and or but is are was were be been by with as that this it its from
    has have had he she they we i you his her their our not s""".split()
)

ABBREVIATIONS = frozenset(
    """mrs messrs gen sen rep gov prof capt col lt sgt rev hon inc ltd corp co jan feb mar apr jun jul aug
    sep sept oct nov dec st ft vs etc al dept univ assn bros approx est no op""".split()
)

# Verbs whose two sides can trade places without a change of meaning ("Trump met Putin" / "Putin met
# Trump"): a swap around them is no conflict.
SYMMETRIC_VERBS = frozenset(
    """meet met meets meeting talk talked talks spoke speak speaks agree agreed agrees negotiate negotiated
    marry married play played plays face faced faces fight fought clash clashed argue argued debate debated
    join joined compete competed tie tied draw drew merge merged partner partnered shook shake hug hugged
    call called phone phoned greet greeted visit visited""".split()
)
