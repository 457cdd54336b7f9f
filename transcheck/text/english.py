"""English word lists read by the checkers, one section per package that reads them."""

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
