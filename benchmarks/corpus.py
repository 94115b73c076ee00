"""A deterministic benchmark corpus: raw news articles about Ukraine's defence-industrial cooperation.

Every article is built from a seeded ``random.Random`` (one per article, derived from
the corpus seed and the article's number, so the first 200 articles of a 1000-article
corpus are the 200 articles of a 200-article corpus). Names come from the project's own
taxonomy: partner organisations from content/taxonomy/organisations.yaml, weapon cue
words from categories.yaml, activity cue words from activities.yaml, office-holders
(whose terms match the article's date) from dating.yaml, outlets from the media
list. Nothing is fetched and no other data file is read.

The articles look like seeds as they are saved from news pages: a title line near the
top (sometimes after a stray ``#``), sometimes a ``date YYYY-MM-DD`` line at the top, a
byline date or a ``2024-03-05 13:56:00`` timestamp at the end, body paragraphs, and
page furniture: "Read more: ..." headlines, photo captions with "/ Photo: ..." credits,
donation appeals, a "Recent posts" list with other dates.

Usage:
    python benchmarks/corpus.py --n 1000 --seed 1 --out /tmp/corpus [--hugo]

writes OUT/seeds/NNNNNN.txt and, with --hugo, a Hugo site in OUT/hugo/ whose posts carry
the countries, partners and categories the generator put into each article.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

GENERATOR_VERSION = 1  # bump when the output changes, so cached corpora are regenerated
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TAXONOMY = REPO_ROOT / "content" / "taxonomy"
MIN_WORDS, MAX_WORDS = 350, 600
FIRST_DATE, LAST_DATE = dt.date(2022, 1, 10), dt.date(2026, 10, 31)

# ------------------------------------------------------------------ countries
# code: (display name for tags, names as used in a sentence, demonyms, cities, weight)
COUNTRIES = {
    "CZ": ("Czech Republic", ["the Czech Republic", "Czechia", "the Czech Republic"], ["Czech"],
           ["Prague", "Brno", "Ostrava"], 9),
    "PL": ("Poland", ["Poland"], ["Polish"], ["Warsaw", "Rzeszów", "Kraków", "Stalowa Wola"], 8),
    "DE": ("Germany", ["Germany"], ["German"], ["Berlin", "Düsseldorf", "Munich", "Unterlüß"], 9),
    "FR": ("France", ["France"], ["French"], ["Paris", "Bourges", "Versailles"], 7),
    "GB": ("United Kingdom", ["Britain", "Great Britain", "the UK", "the United Kingdom"], ["British"],
           ["London", "Glasgow", "Bristol"], 8),
    "DK": ("Denmark", ["Denmark"], ["Danish"], ["Copenhagen", "Vejle", "Odense"], 7),
    "SE": ("Sweden", ["Sweden"], ["Swedish"], ["Stockholm", "Karlskoga", "Örnsköldsvik"], 4),
    "NO": ("Norway", ["Norway"], ["Norwegian"], ["Oslo", "Raufoss", "Kongsberg"], 4),
    "FI": ("Finland", ["Finland"], ["Finnish"], ["Helsinki", "Tampere"], 3),
    "LT": ("Lithuania", ["Lithuania"], ["Lithuanian"], ["Vilnius", "Kaunas"], 4),
    "LV": ("Latvia", ["Latvia"], ["Latvian"], ["Riga"], 2),
    "EE": ("Estonia", ["Estonia"], ["Estonian"], ["Tallinn", "Tartu"], 3),
    "NL": ("Netherlands", ["the Netherlands"], ["Dutch"], ["The Hague", "Amsterdam", "Vlissingen"], 4),
    "BE": ("Belgium", ["Belgium"], ["Belgian"], ["Brussels", "Liège"], 3),
    "IT": ("Italy", ["Italy"], ["Italian"], ["Rome", "Turin", "La Spezia"], 3),
    "ES": ("Spain", ["Spain"], ["Spanish"], ["Madrid", "Zaragoza"], 2),
    "RO": ("Romania", ["Romania"], ["Romanian"], ["Bucharest", "Brașov"], 3),
    "BG": ("Bulgaria", ["Bulgaria"], ["Bulgarian"], ["Sofia", "Kazanlak"], 3),
    "SK": ("Slovakia", ["Slovakia"], ["Slovak"], ["Bratislava", "Dubnica nad Váhom"], 3),
    "TR": ("Türkiye", ["Türkiye", "Turkey"], ["Turkish"], ["Ankara", "Istanbul"], 4),
    "US": ("United States", ["the United States", "the US"], ["American"],
           ["Washington", "Arlington", "Huntsville"], 6),
    "CA": ("Canada", ["Canada"], ["Canadian"], ["Ottawa", "Toronto"], 2),
    "KR": ("South Korea", ["South Korea"], ["South Korean"], ["Seoul", "Changwon"], 2),
    "JP": ("Japan", ["Japan"], ["Japanese"], ["Tokyo"], 1),
}
UA_CITIES = ["Kyiv", "Kharkiv", "Lviv", "Dnipro", "Zaporizhzhia", "Odesa", "Mykolaiv", "Zhytomyr", "Vinnytsia"]
# Which country an office-holder of dating.yaml speaks for.
OFFICIAL_COUNTRY = {
    "Volodymyr Zelensky": "UA", "Oleksii Reznikov": "UA", "Rustem Umerov": "UA", "Denys Shmyhal": "UA",
    "Yulia Svyrydenko": "UA", "Oleksandr Kamyshin": "UA", "Herman Smetanin": "UA", "Dmytro Kuleba": "UA",
    "Andrii Sybiha": "UA", "Ben Wallace": "GB", "Grant Shapps": "GB", "John Healey": "GB", "Rishi Sunak": "GB",
    "Keir Starmer": "GB", "Christine Lambrecht": "DE", "Boris Pistorius": "DE", "Olaf Scholz": "DE",
    "Friedrich Merz": "DE", "Sébastien Lecornu": "FR", "Petr Fiala": "CZ", "Petr Pavel": "CZ",
    "Jana Černochová": "CZ", "Antti Häkkänen": "FI", "Petteri Orpo": "FI", "Elina Valtonen": "FI",
    "Bjørn Arild Gram": "NO", "Tore O. Sandvik": "NO", "Pål Jonson": "SE", "Mariusz Błaszczak": "PL",
    "Władysław Kosiniak-Kamysz": "PL", "Lloyd Austin": "US", "Pete Hegseth": "US",
}
UA_ROLE_TITLES = {  # how a Ukrainian role reads before the name
    "president": "President", "defense minister": "Defense Minister", "defence minister": "Defence Minister",
    "prime minister": "Prime Minister", "minister for strategic industries": "Minister for Strategic Industries",
    "strategic industries minister": "Strategic Industries Minister", "foreign minister": "Foreign Minister",
    "commander-in-chief": "Commander-in-Chief",
}

# ------------------------------------------------------------------ words
# Mass nouns among the weapon cues: never pluralised.
MASS_NOUNS = {"ammunition", "ammo", "artillery", "propellant", "gunpowder", "tnt", "rocket fuel", "solid rocket fuel",
              "small arms", "aviation", "armor", "armored machinery", "armored equipment", "air defense",
              "air defence", "air and missile defense", "missile defense", "shipbuilding", "electronic warfare",
              "jamming", "electronic intelligence", "signals intelligence", "secure communications",
              "satellite communications", "military communications", "communications equipment",
              "artillery ammunition", "tank ammunition", "mortar ammunition", "rifle ammunition", "nitrocellulose",
              "rocket artillery", "unmanned aviation", "counter-drone", "counter-uas", "anti-aircraft",
              "surface-to-air", "air-defence", "naval", "explosive", "e-warfare", "long-range strike"}
# The generic noun that follows a proper-name or acronym cue ("Leopard vehicles").
CATEGORY_NOUNS = {
    "ammunition": ["rounds", "shells"], "artillery": ["howitzers", "systems", "guns"],
    "rocket-artillery": ["launchers", "systems"], "armored-vehicles": ["vehicles"],
    "small-arms": ["rifles", "weapons"], "aircraft": ["aircraft", "jets"], "drones": ["drones", "systems"],
    "missiles": ["missiles", "systems"], "air-defense": ["systems", "batteries", "launchers"],
    "naval": ["vessels", "boats"], "electronic-warfare": ["systems", "stations"],
}
# The last words of cues that are already noun phrases ("EW system", "Grad rocket").
HEAD_NOUNS = {"system", "systems", "rocket", "missile", "drone", "vehicle", "howitzer", "launcher", "gun", "round",
              "aircraft", "tank", "rifle", "munition", "projectile", "shell", "vessel", "boat", "radar"}
# Activity cues that start a verb phrase: left out of noun slots.
VERB_STARTS = {"produce", "produced", "produces", "producing", "co-produce", "localize", "localizing", "make",
               "making", "build", "support", "repair", "maintain", "design", "develop", "developing", "transfer",
               "export", "provide", "share", "paid", "under", "co-develop", "co-developing", "innovative",
               "manufacture", "manufactured", "manufactures", "repaired", "repairing", "modernize", "modernized",
               "modernizing", "upgraded", "retrofitting", "invest", "invested", "investing", "financed", "funded",
               "co-finance", "licensed", "overhauled", "localized"}
BASE_VERBS = {"produce", "co-produce", "localize", "manufacture", "modernize", "upgrade", "co-develop", "invest in",
              "finance", "fund", "co-finance", "repair", "overhaul", "retrofit"}

AUTHORS = ["Olena Kovalenko", "Mykola Shevchuk", "Iryna Bondar", "Andriy Melnyk", "Hans Weber", "Kateryna Tkachenko",
           "Yuriy Lysenko", "Oksana Hrytsenko", "Tom Harris", "Marta Nowak", "Dmytro Petrenko", "Anna Kravets"]
SITE_NAMES = ["Frontline Economy", "Eastern Flank", "Prague Forum", "Defense Express", "Ukrinform", "Militarnyi",
              "ylliX - Online Advertising Network", "Advertisement"]


@dataclass
class Taxonomy:
    partners: list[dict]  # name, aliases, country
    categories: list[dict]  # slug, name, cues
    activities: list[dict]  # slug, name, cues
    terms: list[dict]  # office terms
    media: list[str]


def load_taxonomy(taxonomy_dir: Path = DEFAULT_TAXONOMY) -> Taxonomy:
    def load(name, required=True):
        path = taxonomy_dir / f"{name}.yaml"
        if not path.exists() and not required:
            return {}
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}

    orgs = load("organisations")
    partners = [{"name": str(p["name"]), "aliases": [str(a) for a in p.get("aliases") or []],
                 "country": str(p["country"]) if p.get("country") else None} for p in orgs.get("partners") or []]
    media = [str(m["name"]) for m in orgs.get("media") or [] if m.get("kind", "outlet") != "platform"]
    categories = [{"slug": c["slug"], "name": c["name"], "cues": [str(x) for x in c.get("cues") or []]}
                  for c in load("categories").get("categories") or []]
    activities = [{"slug": a["slug"], "name": a["name"], "cues": [str(x) for x in a.get("cues") or []]}
                  for a in load("activities").get("activities") or []]
    terms = []
    # Office-holders live in dating.yaml (officeholders.yaml in older trees); optional.
    office = load("dating", required=False).get("terms") or load("officeholders", required=False).get("terms")
    for term in office or []:
        if term.get("person") in OFFICIAL_COUNTRY:
            terms.append({"person": term["person"], "roles": list(term.get("roles") or []),
                          "start": term.get("start"), "end": term.get("end"),
                          "country": OFFICIAL_COUNTRY[term["person"]]})
    if not any(p["country"] != "UA" for p in partners) or not categories or not activities:
        raise ValueError(f"{taxonomy_dir}: the generator needs foreign partners, categories and activities")
    return Taxonomy(partners, categories, activities, terms, media or ["Ukrinform"])


# ------------------------------------------------------------------ templates
# Slots: {C} a country's name, {Cadj} its demonym, {O} a foreign partner organisation, {U} a Ukrainian
# one, {W} a weapon phrase, {A} an activity noun, {Av} an activity verb, {Ap} a past participle,
# {P} a Ukrainian office-holder with role, {F} a foreign one, {S} the surname of the last person named,
# {M} an outlet, {city} a Ukrainian city, {fcity} a partner's city, {n} a small number, {money} an amount,
# {when} a month before the article's date, {day} a weekday, {Y} the article's year.
TITLES = [
    "{U} and {O} sign [agreement|memorandum|contract] on {A} of {W}",
    "{Oadj} [company|manufacturer|defence firm] {O} to {Av} {W} in Ukraine",
    "Ukraine and {C} agree on {A} of {W}",
    "{O} opens {A} for Ukrainian {W} in {fcity}",
    "{C} to [finance|pay for] {W} for Ukraine under new deal with {O}",
    "{P} discusses {A} with {O} leadership",
    "{Cadj} and Ukrainian [firms|companies|manufacturers] launch {A} of {W}",
    "{O} and {U} set up joint venture for {W}",
    "Ukraine, {C} deepen cooperation on {W}: {A} and more",
    "{Cadj} {W} will be {Ap} in Ukraine, says {O}",
    "{O} plans {A} with Ukraine as demand for {W} grows",
    "How {C} helps Ukraine {Av} {W}",
    "{U} signs memorandum with {O} on {W}",
    "New {Cadj}-Ukrainian project: {A} of {W} by {Y}",
    "{C} backs Ukrainian {W} through {O} contract",
    "Ukrainian defence industry and {O} agree on {A}",
    "{fcity} talks: {C} and Ukraine to {Av} {W}",
    "{O} to supply and {Av} {W} with Ukrainian partners",
    "[Exclusive|Analysis|Explainer]: what the {O} deal means for Ukrainian {W}",
    "{C} [becomes|emerges as] key partner in Ukraine's {A} of {W}",
    "First {W} {Ap} under {Cadj}-Ukrainian programme, {U} says",
    "{O} [eyes|considers|weighs] {A} in Ukraine",
    "Ukraine's {U} and {Cadj} partners to {Av} {W}",
]

LEADS = [
    "{C} and Ukraine have signed an agreement on {A} of {W}, {M} [reports|writes|reported].",
    "{U} and {Oadj} company {O} have agreed on {A} of {W}, the press service of the [concern|company] said on {day}.",
    "Ukraine's defence industry and {O} will launch {A} of {W} in {C}, {P} announced.",
    "{Oadj} manufacturer {O} is ready to {Av} {W} together with Ukrainian enterprises, {M} writes.",
    "A new {Cadj}-Ukrainian project provides for {A} of {W}, {P} said after talks in {fcity}.",
    "On {day}, {P} met representatives of {O} to discuss {A} and the supply of {W}.",
    "{O} has signed a memorandum with {U} on the {A} of {W} for the Ukrainian army.",
    "The government of {C} will fund a contract under which {O} and Ukrainian partners will {Av} {W}.",
    "Ukraine expects {O} to begin {A} of {W} before the end of {Y}, according to {P}.",
    "{Cadj} and Ukrainian companies will {Av} {W} under an agreement reached in {fcity} this week.",
    "[Kyiv|Ukraine] and {C} have taken another step towards {A}: on {day}, {O} and {U} agreed to {Av} {W}.",
    "{P} has announced that {O} will {Av} {W} [in cooperation|together|jointly] with Ukrainian enterprises.",
    "A [delegation|group of executives] from {O} arrived in {city} on {day} to discuss {A} of {W}.",
]
DETAILS = [
    "The agreement covers {A} of {W} as well as the training of Ukrainian engineers in {C}.",
    "According to {S}, the first batch of {W} is to be {Ap} within {n} months.",
    "The parties also discussed {A} of {W} and the supply of spare parts.",
    "{O} will provide the know-how, while the Ukrainian side will be responsible for the final assembly.",
    "Part of the work is to be carried out at sites in {city}, the rest in {fcity}.",
    "The contract is worth {money} and runs until {Y2}, the [ministry|company|press service] said.",
    "Under the memorandum, {O} and {U} intend to {Av} {W} at a site in {C}.",
    "The {Cadj} side pointed out that {W} remain among the most pressing needs of the front.",
    "Engineers from {O} have already visited {city} to assess the existing capacity for {A}.",
    "The deal foresees {A} of {W} both in Ukraine and in {C}.",
    "{O} said it expected the first {W} to be {Ap} in {C} by {when2}.",
    "The {A} of {W} will be organised in several stages, the company explained.",
    "It is planned that at least {n}[0|] Ukrainian specialists will work on the project in {fcity}.",
    "The {Cadj} government has set aside {money} for the {A} of {W} for Ukraine [this year|next year|in {Y}].",
    "Representatives of {U} noted that {A} [reduces|shortens] the time needed to return equipment to the front.",
    "In {when}, {O} and Ukrainian partners already agreed on {A}, and the new contract extends that work to {W}.",
    "The initiative is part of a wider plan to {Av} {W} closer to the front line.",
    "Earlier this year, {C} also announced {A} projects with several Ukrainian enterprises.",
    "{S} noted that the {Cadj} partners had shown great interest in the experience of Ukrainian [units|crews|engineers].",
    "A working group with members from {U} and {O} will meet every {n} weeks.",
    "The companies did not disclose the exact number of {W} covered by the contract.",
    "In addition, {O} will take part in the {A} of {W} that are already in service with Ukraine.",
    "The {Cadj} defence ministry confirmed that the [financing|money] would come from its annual support package.",
    "{O} has been working with Ukraine since {when}, when it first delivered {W}.",
    "[Under the plan|According to the plan|As planned], Ukrainian crews will [test|evaluate|try out] the {W} before the [serial|full-scale] orders are placed.",
    "The [first|next] stage of the project [foresees|includes|provides for] {A} in {fcity} and later in {city}.",
    "{S} said the parties had agreed on a [timeline|schedule|road map] and would sign the [final|detailed] contracts [by the end of {Y}|within weeks|in {when2}].",
    "The {A} of {W} is expected to create around {n}00 jobs in {C}.",
    "Ukrainian specialists will [be trained|train] at {O} [facilities|sites] in {fcity} [for several months|over the summer|in the coming weeks].",
    "Some of the {W} will be [sent|delivered|handed over] directly to the front, [the statement said|officials said|the ministry added].",
    "{U} [will act|acts] as the Ukrainian partner in the project, [providing|offering] engineering staff and test data.",
    "The [memorandum|agreement|document] was signed [in {fcity}|in {city}|online] by [representatives|the heads] of {O} and {U}.",
    "[This|It] is already the {nth} [agreement|contract|deal] of its kind between Ukraine and {C}.",
    "The {Cadj} partners [are ready|have offered|have agreed] to share [their experience|technical documentation|test ranges] with Ukraine.",
]
QUOTES = [
    "“We are building an industrial partnership that will last for decades,” {F} said.",
    "“{C} will stand with Ukraine for as long as it takes, and that means {A} as well,” {F} stressed.",
    "“Our goal is simple: more {W}, faster, and closer to those who need them,” {P} said.",
    "“This is not charity, it is an investment in our common security,” {S} added.",
    "“Ukrainian engineers bring battlefield experience that nobody else in Europe has,” a representative of {O} said.",
    "“The agreement with {O} opens a new stage of our cooperation,” {P} wrote on [Telegram|Facebook|X].",
    "“We expect the first results within months, not years,” {S} told journalists in {fcity}.",
    "“Together we will {Av} {W} at the scale this war demands,” {F} said in {fcity}.",
    "“Every [month|week|day] matters. The sooner we {Av} {W}, the more lives we save,” {P} [said|noted|emphasised].",
    "“{O} has [the capacity|the engineers|the experience], Ukraine has [the battlefield data|the urgency|the people]. That is a good match,” {F} said.",
    "“We [learn|gain] as much from Ukraine as Ukraine does from us,” [an executive|a spokesperson|a manager] of {O} told {M}.",
    "“It is about [trust|speed|scale], and {C} has proven to be a reliable partner,” {P} [said|wrote|stressed].",
    "“This [project|programme|contract] shows what {Cadj} industry can do when it [works together|joins forces] with Ukraine,” {F} said.",
]
CONTEXT = [
    "Since the start of Russia's full-scale invasion, Ukraine has sought to move more of its defence work into partner countries.",
    "Russian strikes on Ukrainian industrial sites have pushed several companies to move parts of their work abroad.",
    "The war has turned Ukraine into one of the [largest|biggest] testing grounds for modern weapons in the world.",
    "Kyiv has repeatedly called on its partners to place orders with Ukrainian manufacturers.",
    "Analysts note that the demand of the Ukrainian army still exceeds what the partners can deliver.",
    "The talks took place on the sidelines of a meeting of the Ukraine Defense Contact Group.",
    "The Verkhovna Rada earlier simplified the rules for joint ventures with foreign companies.",
    "Ukrainian officials say the country's industrial potential is several times larger than its budget allows it to order.",
    "The cooperation is being coordinated with the Ministry of Foreign Affairs, which helps to find new partners.",
    "Russian missile and drone attacks [continue to hit|still hit] Ukrainian cities almost every night.",
    "European leaders have agreed that their own industries must grow if the support for Ukraine is to last.",
    "Neither side gave details about the location of the sites, citing security reasons.",
    "The partners also agreed to exchange data gathered on the battlefield.",
    "Officials in Kyiv expect similar agreements with other NATO members [later this year|soon|in the coming months].",
    "[Experts|Observers|Industry insiders] say that the speed of decisions now matters more than the size of [budgets|orders].",
    "The front line [still stretches|continues to stretch] for more than a thousand kilometres, and the [need|demand] for equipment remains enormous.",
    "Ukraine's [government|cabinet] has said it wants [half|most|a larger share] of what its army uses to be made [at home|in Ukraine|by Ukrainian companies].",
    "[Several|Many|A number of] European companies have opened offices in Kyiv [since {Y}|over the past year|in recent months].",
    "The details of the [schedule|contract|deliveries] [have not been made public|remain confidential|were not disclosed].",
    "[At the same time|Meanwhile], Russian forces keep up their attacks in the east of the country.",
]
CLOSERS = [
    "As {M} reported earlier, {C} is among the largest contributors to Ukraine's defence industry.",
    "Earlier, {P} said that Ukraine planned to open several more sites together with {Cadj} partners.",
    "Earlier, {O} announced plans to expand its presence in Ukraine.",
    "As a reminder, in {when} Ukraine and {C} signed a broader agreement on security cooperation.",
    "We previously reported that {U} had signed similar agreements with companies from {C}.",
    "[Recall|As a reminder], {O} [first|already] [came to|worked in] Ukraine in {when}.",
]

CAPTIONS = [
    "{W} at a {Cadj} plant",
    "Workers at the {A} site of {O} in {fcity}",
    "{P} and representatives of {O}, {when}",
    "Illustrative photo: {W} during trials",
    "Signing of the memorandum between {U} and {O} in {fcity}",
]
CREDITS = ["/ Photo: {M}", "/ Photo credit: Ministry of Defence of Ukraine", "/ Photo: press service of {O}",
           "/ Photo: Getty Images", "/ Illustrative photo credit: General Staff of the Armed Forces of Ukraine",
           "/ Photo: Facebook", "/ Photo: {M} archive"]
DONATIONS = [
    "You could close this page. Or you could join our community and help us produce more materials like this. "
    "We keep our reporting open and accessible to everyone because we believe in the power of free information. "
    "Become a patron or see other ways to support us.",
    "Our newsroom depends on readers like you. If you value independent reporting from Ukraine, please donate "
    "today: even the cost of a cup of coffee helps.",
    "Support our work! Independent journalism about the war needs your help. Become a Patron!",
    "Subscribe to our newsletter to receive the most important news about Ukraine's defence industry every week.",
]
TAIL_LIST_HEADERS = ["Recent posts", "Related Articles", "Latest news", "More news", "You may also like"]


# ------------------------------------------------------------------ one article

@dataclass
class Article:
    number: int
    title: str
    date: dt.date
    text: str  # the raw seed text
    body: list[str]  # the article's paragraphs (no furniture), for the Hugo post
    countries: list[str] = field(default_factory=list)  # display names, in order of first mention
    partners: list[str] = field(default_factory=list)  # canonical names
    categories: list[str] = field(default_factory=list)  # category names
    activities: list[str] = field(default_factory=list)  # activity names

    @property
    def filename(self) -> str:
        return f"{self.number:06d}.txt"


def _pluralise(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es" if not word.endswith("s") else word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("aircraft"):
        return word
    return word + "s"


class Writer:
    """Builds one article from one ``random.Random``."""

    SLOT = re.compile(r"\{(\w+)\}")
    CHOICE = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")  # "[a|b|c]": one of them
    START = re.compile(r"^([“\"]?)(\w)")

    def __init__(self, taxonomy: Taxonomy, rng: random.Random, number: int):
        self.tax = taxonomy
        self.rng = rng
        self.number = number
        span = (LAST_DATE - FIRST_DATE).days
        self.date = FIRST_DATE + dt.timedelta(days=rng.randrange(span + 1))
        self._choose_entities()
        self.used: dict[str, list] = {"C": [], "O": [], "U": [], "W": [], "A": []}
        self.last_person = "the minister"
        self.decks: dict[int, list[str]] = {}

    # -- what the article is about
    def _choose_entities(self) -> None:
        rng = self.rng
        foreign = [p for p in self.tax.partners if p["country"] != "UA"]
        ukrainian = [p for p in self.tax.partners if p["country"] == "UA"]
        codes = list(COUNTRIES)
        weights = [COUNTRIES[c][4] for c in codes]
        main = rng.choice(foreign)
        if main["country"] in COUNTRIES:
            countries = [main["country"]]
        else:
            countries = [rng.choices(codes, weights)[0]]
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            code = rng.choices(codes, weights)[0]
            if code not in countries:
                countries.append(code)
        orgs = [main]
        for _ in range(rng.choice([0, 0, 1, 2])):
            pool = [p for p in foreign if p["country"] in countries and p not in orgs]
            if pool:
                orgs.append(rng.choice(pool))
        self.countries = countries
        self.orgs = orgs
        self.ua_orgs = rng.sample(ukrainian, min(len(ukrainian), rng.choice([1, 1, 2])))
        self.cats = rng.sample(self.tax.categories, min(len(self.tax.categories), rng.choice([1, 1, 2, 2, 3])))
        self.acts = rng.sample(self.tax.activities, min(len(self.tax.activities), rng.choice([1, 2, 2])))
        self.officials_ua = self._officials("UA")
        self.officials_foreign = [t for code in countries for t in self._officials(code)]

    def _officials(self, code: str) -> list[tuple[str, str]]:
        found = []
        for term in self.tax.terms:
            if term["country"] != code or not term["roles"]:
                continue
            start, end = term["start"], term["end"] or dt.date.max
            if isinstance(start, dt.date) and start <= self.date <= end:
                found.append((term["person"], term["roles"][0]))
        return found

    # -- slot values; ``pending`` collects what a candidate sentence mentions
    def _pick(self, kind: str, pool: list, pending: dict):
        """Prefer an item of the pool that the article has not mentioned yet."""
        seen = pending.setdefault(kind, [])
        fresh = [x for x in pool if x not in self.used[kind] and x not in seen]
        item = fresh[0] if fresh else self.rng.choice(pool)
        seen.append(item)
        return item

    def _country_name(self, pending) -> str:
        return self.rng.choice(COUNTRIES[self._pick("C", self.countries, pending)][1])

    def _country_adj(self, pending) -> str:
        return self.rng.choice(COUNTRIES[self._pick("C", self.countries, pending)][2])

    def _org(self, org: dict) -> str:
        names = [org["name"]] * 3 + org["aliases"]
        return self.rng.choice(names)

    def _weapon(self, pending) -> str:
        cat = self._pick("W", self.cats, pending)
        cue = self.rng.choice(cat["cues"])
        if cue.lower() in MASS_NOUNS:
            return cue
        if cue != cue.lower():
            last = cue.split(" ")[-1]
            if last.lower() in HEAD_NOUNS:  # "EW system": already a noun phrase
                return f"{cue[: -len(last)]}{_pluralise(last)}"
            if cue.isupper() and cue.isalpha() and len(cue) <= 5:  # an acronym: "UAVs", "MLRS"
                return cue if cue.endswith("S") else cue + "s"
            # a model name: "Leopard vehicles", "Patriot systems"
            return f"{cue} {self.rng.choice(CATEGORY_NOUNS.get(cat['slug'], ['systems']))}"
        head, _, last = cue.rpartition(" ")
        return (head + " " if head else "") + _pluralise(last)

    def _activity(self, pending, form: str) -> str:
        rng = self.rng
        if form == "noun":
            act = self._pick("A", self.acts, pending)
            nouns = [c for c in act["cues"] if c == c.lower() and c.split(" ")[0] not in VERB_STARTS
                     and not c.endswith("ed") and c.split(" ")[-1] not in {"new", "of", "by", "for", "ground"}
                     ] or [act["name"].lower()]
            return rng.choice(nouns)
        verbs = [(a, c) for a in self.acts for c in a["cues"]
                 if (c in BASE_VERBS if form == "verb" else (c.endswith("ed") and " " not in c))]
        if form == "verb" and any(a["slug"] == "financing" for a in self.acts) and "invest" in {
                c for a in self.acts for c in a["cues"]}:
            verbs.append((next(a for a in self.acts if a["slug"] == "financing"), "invest in"))
        if not verbs:
            return rng.choice(["deliver", "supply", "scale up work on"] if form == "verb"
                              else ["delivered", "supplied", "tested"])
        act, cue = rng.choice(verbs)
        pending.setdefault("A", []).append(act)
        return cue

    def _person(self, foreign: bool, pending: dict) -> str:
        pool = self.officials_foreign if foreign and self.officials_foreign else self.officials_ua
        if not pool:
            self.last_person = "the minister"
            return "a senior Ukrainian official" if not foreign else "a senior government official"
        person, role = self.rng.choice(pool)
        self.last_person = person.split()[-1]
        if OFFICIAL_COUNTRY[person] == "UA":
            title = UA_ROLE_TITLES.get(role, role.title())
            return f"{self.rng.choice(['', 'Ukraine’s ', 'Ukrainian '])}{title} {person}".strip()
        code = OFFICIAL_COUNTRY[person]
        if code not in pending.setdefault("C", []):  # "German Defence Minister ...": a mention of Germany
            pending["C"].append(code)
        adjective = COUNTRIES[code][2][0]
        title = " ".join(w if w in ("of", "for", "the", "and") else w[:1].upper() + w[1:] for w in role.split())
        return f"{adjective} {title} {person}"

    def _month(self, before: bool) -> str:
        days = self.rng.randrange(30, 400)
        when = self.date - dt.timedelta(days=days) if before else self.date + dt.timedelta(days=days)
        return when.strftime("%B %Y")

    def fill(self, template: str, pending: dict) -> str:
        rng = self.rng

        def value(match):
            slot = match.group(1)
            if slot == "C":
                return self._country_name(pending)
            if slot == "Cadj":
                return self._country_adj(pending)
            if slot == "O":
                org = self._next_org or self._pick("O", self.orgs, pending)
                self._next_org = None
                return self._org(org)
            if slot == "Oadj":  # the demonym of the next {O}'s country
                self._next_org = self._pick("O", self.orgs, pending)
                code = self._next_org["country"]
                if code in COUNTRIES:
                    if code not in pending.setdefault("C", []):
                        pending["C"].append(code)
                    return COUNTRIES[code][2][0]
                return rng.choice(["European", "international"])
            if slot == "U":
                return self._org(self._pick("U", self.ua_orgs, pending)) if self.ua_orgs else "Ukroboronprom"
            if slot == "W":
                return self._weapon(pending)
            if slot == "A":
                return self._activity(pending, "noun")
            if slot == "Av":
                return self._activity(pending, "verb")
            if slot == "Ap":
                return self._activity(pending, "past")
            if slot == "P":
                return self._person(False, pending)
            if slot == "F":
                return self._person(True, pending)
            if slot == "S":
                return self.last_person
            if slot == "M":
                return rng.choice(self.tax.media)
            if slot == "city":
                return rng.choice(UA_CITIES)
            if slot == "fcity":
                return rng.choice(COUNTRIES[self._pick("C", self.countries, pending)][3])
            if slot == "nth":
                return rng.choice(["second", "third", "fourth", "fifth"])
            if slot == "n":
                return str(rng.randrange(2, 13))
            if slot == "money":
                amount = rng.choice([15, 40, 75, 120, 250, 300, 480, 600, 900])
                return rng.choice([f"€{amount} million", f"${amount} million", f"EUR {amount} million"])
            if slot == "when":
                return self._month(True)
            if slot == "when2":
                return self._month(False)
            if slot == "day":
                return rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
            if slot == "Y":
                return str(self.date.year)
            if slot == "Y2":
                return str(self.date.year + rng.randrange(1, 4))
            raise KeyError(slot)

        template = self.CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
        self._next_org = None
        text = self.SLOT.sub(value, template)
        return self.START.sub(lambda m: m.group(1) + m.group(2).upper(), text, count=1)

    def commit(self, pending: dict) -> None:
        for kind, items in pending.items():
            for item in items:
                if item not in self.used[kind]:
                    self.used[kind].append(item)

    def draw(self, pool: list[str]) -> str:
        """The next template of a pool: each once before any repeats, in a shuffled order."""
        deck = self.decks.get(id(pool))
        if not deck:
            deck = self.decks[id(pool)] = self.rng.sample(pool, len(pool))
        return deck.pop()

    def sentence(self, pool: list[str]) -> tuple[str, dict]:
        pending: dict = {}
        return self.fill(self.draw(pool), pending), pending

    # -- furniture (never recorded as what the article mentions)
    def other_headline(self) -> str:
        other = Writer(self.tax, random.Random(self.rng.random()), self.number)
        return other.fill(self.rng.choice(TITLES), {})

    def other_date(self) -> dt.date:
        return self.date - dt.timedelta(days=self.rng.randrange(1, 200))

    def caption(self) -> tuple[str, dict]:
        pending: dict = {}
        caption = self.fill(self.rng.choice(CAPTIONS), pending)
        credit = self.fill(self.rng.choice(CREDITS), {})
        return f"{caption} {credit}", pending


def words(text: str) -> int:
    return len(text.split())


def make_article(taxonomy: Taxonomy, corpus_seed: int, number: int) -> Article:
    rng = random.Random(f"coprod-bench:{corpus_seed}:{number}")
    w = Writer(taxonomy, rng, number)
    date = w.date

    # Title first: it decides the main partners.
    pending: dict = {}
    title = w.fill(rng.choice(TITLES), pending)
    w.commit(pending)

    head: list[str] = []
    style = rng.random()
    date_style = rng.choices(["dateline", "timestamp", "byline", "none"], [35, 25, 25, 15])[0]
    if date_style == "dateline":
        head.append(f"date {date.isoformat()}" + rng.choice(["", "", f" Credit: {rng.choice(taxonomy.media)}"]))
    if style < 0.15:
        head.append("#")
        head.append("")
    elif style < 0.25:
        head.append(rng.choice(SITE_NAMES))
        head.append(rng.choice(["news", f"https://news.example.com/{rng.randrange(10**6, 10**7)}", "Text size"]))
    head.append("")
    head.append(title)
    head.append("")
    if date_style == "byline":
        formats = [date.strftime("%B %-d, %Y"), date.strftime("%d.%m.%Y"), date.strftime("%-d %B %Y"),
                   date.strftime("%d.%m.%Y") + f" {rng.randrange(7, 23):02d}:{rng.randrange(60):02d}"]
        byline = rng.choice(formats)
        if rng.random() < 0.5:
            head.append(f"By {rng.choice(AUTHORS)}")
        head.append(byline)
        head.append("")
    if rng.random() < 0.4:
        lead_pending: dict = {}
        head.append(w.fill(rng.choice(["{Cadj} partners to {Av} {W} with Ukraine",
                                       "The deal covers {A} and {W}",
                                       "New agreements with {O} cover {W}"]), lead_pending))
        w.commit(lead_pending)
        head.append("")

    # Furniture pieces and where they go.
    tail: list[str] = []
    if date_style == "timestamp":
        stamp = f"{date.isoformat()} {rng.randrange(6, 23):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
        tail += ["", stamp + rng.choice(["", " ,"])]
    if rng.random() < 0.35:
        tail += ["", rng.choice(DONATIONS)]
    if rng.random() < 0.5:
        tail += ["", rng.choice(TAIL_LIST_HEADERS), ""]
        if rng.random() < 0.5:
            tail.append("See All")
        for _ in range(rng.randrange(2, 5)):
            if rng.random() < 0.5:
                tail.append(f"  • {rng.choice(AUTHORS)}")
            tail.append(f"  • {w.other_date().strftime('%B %-d, %Y')}")
            tail.append("")
            tail.append(w.other_headline())
            tail.append("")
    elif rng.random() < 0.3:
        tail += ["", "Tags: " + ", ".join(rng.sample(["Ukrainian defense industry", "joint production",
                                                       "military aid", "NATO", "weapons"], 2))]
    if rng.random() < 0.3:
        tail += ["", "Back to top button"]
    inserts: list[list[str]] = []  # lines put between body paragraphs
    for _ in range(rng.choice([0, 1, 1, 2])):
        inserts.append([f"{rng.choice(['Read more', 'Read also', 'Read more:'])}: {w.other_headline()}".replace("::", ":")])
    captions = []
    for _ in range(rng.choice([0, 1, 1, 2])):
        text, cap_pending = w.caption()
        captions.append((text, cap_pending))

    fixed = words("\n".join(head + tail)) + sum(words(x) for ins in inserts for x in ins) + sum(
        words(c) for c, _ in captions)
    target = rng.randrange(max(MIN_WORDS + 45, fixed + 150), MAX_WORDS - 9)
    budget = target - fixed

    # Body: sentences in paragraphs; every chosen entity first, then details.
    paragraphs: list[list[str]] = [[]]
    used_words = 0
    plan = [LEADS] + [DETAILS, DETAILS, QUOTES, DETAILS, CONTEXT, DETAILS, QUOTES, DETAILS, CONTEXT] * 4
    plan_index = 0
    failures = 0
    while failures < 12:
        pool = plan[min(plan_index, len(plan) - 1)]
        missing = (set(map(id, w.orgs)) - set(map(id, w.used["O"]))) or (set(w.countries) - set(w.used["C"]))
        if plan_index > 0 and missing and pool is CONTEXT:
            pool = DETAILS
        text, pending = w.sentence(pool)
        if used_words + words(text) > budget:
            failures += 1
            continue
        w.commit(pending)
        used_words += words(text)
        paragraphs[-1].append(text)
        plan_index += 1
        if len(paragraphs[-1]) >= rng.choice([1, 2, 2, 3, 3, 4]) or pool is QUOTES:
            paragraphs.append([])
    if budget - used_words > 14 and budget - used_words < 60:
        closer_pending: dict = {}
        closer = w.fill(rng.choice(CLOSERS), closer_pending)
        if words(closer) <= budget - used_words:
            w.commit(closer_pending)
            paragraphs.append([closer])
    body = [" ".join(p) for p in paragraphs if p]

    # Interleave inserts and captions after random paragraphs (never before the first).
    blocks: list[str] = []
    extra = [("insert", ins) for ins in inserts] + [("caption", c) for c in captions]
    positions = {}
    for kind_item in extra:
        positions.setdefault(rng.randrange(1, max(2, len(body))), []).append(kind_item)
    for index, paragraph in enumerate(body):
        blocks += [paragraph, ""]
        for kind, item in positions.get(index + 1, []):
            if kind == "insert":
                blocks += item + [""]
            else:
                blocks += [item[0], ""]
                w.commit(item[1])
    for kind, item in (kv for k, v in positions.items() if k >= len(body) for kv in v):
        if kind == "insert":
            blocks += item + [""]
        else:
            blocks += [item[0], ""]
            w.commit(item[1])

    text = "\n".join(head + blocks + tail).rstrip() + "\n"
    text = re.sub(r"\n{3,}", "\n\n", text)

    article = Article(number=number, title=title, date=date, text=text, body=body)
    article.countries = [COUNTRIES[c][0] for c in w.used["C"]]
    article.partners = [o["name"] for o in w.used["O"] + w.used["U"]]
    article.categories = [c["name"] for c in w.used["W"]]
    article.activities = [a["name"] for a in w.used["A"]]
    return article


TAXONOMY_FILES = ("organisations", "categories", "activities", "dating", "officeholders")


def corpus_digest(taxonomy_dir: Path = DEFAULT_TAXONOMY) -> str:
    """A short hash of this generator and the taxonomy files it reads: the corpus changes when they do."""
    digest = hashlib.sha256(f"v{GENERATOR_VERSION}".encode() + Path(__file__).read_bytes())
    for name in TAXONOMY_FILES:
        path = taxonomy_dir / f"{name}.yaml"
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def generate(n: int, seed: int = 1, taxonomy_dir: Path = DEFAULT_TAXONOMY):
    """Yield ``n`` articles; article ``i`` is the same whatever ``n`` is."""
    taxonomy = load_taxonomy(taxonomy_dir)
    for number in range(n):
        yield make_article(taxonomy, seed, number)


# ------------------------------------------------------------------ writing

HUGO_CONFIG = """\
baseURL = "https://coprod.example.org/"
languageCode = "en"
title = "Coprod benchmark"
paginate = 20
buildFuture = true
rssLimit = 50
# The page kinds coprod writes: home, entry pages, paginated term lists, taxonomy indexes,
# RSS for the site and every term, a sitemap, robots.txt and a 404 page. No section list.
disableKinds = ["section"]
enableRobotsTXT = true

[taxonomies]
  country = "countries"
  partner = "partners"
  category = "categories"

[outputs]
  home = ["HTML", "RSS"]
  taxonomy = ["HTML", "RSS"]
  term = ["HTML", "RSS"]

[markup.goldmark.renderer]
  unsafe = false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range $name, $taxonomy := .Site.Taxonomies }}<a href="{{ printf "/%s/" $name | relURL }}">{{ $name | humanize }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><a href="{{ "/index.xml" | relURL }}">RSS</a></footer>
</body>
</html>
""",
    "partials/entry-summary.html": """\
<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .GetTerms "countries" }} · {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ end }}</p>
<p>{{ .Summary | plainify | truncate 300 }}</p>
</article>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ range $name := slice "countries" "partners" "categories" }}
{{ with $.GetTerms $name }}<p>{{ $name | humanize }}: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ end }}
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
{{ range $pager.Pages }}{{ partial "entry-summary.html" . }}{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} entries</p>
{{ $pager := .Paginate .Pages }}
{{ range $pager.Pages }}{{ partial "entry-summary.html" . }}{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "404.html": """\
{{ define "main" }}<h1>Page not found</h1><p><a href="{{ "/" | relURL }}">Home</a></p>{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ range first 10 .Site.RegularPages.ByDate.Reverse }}{{ partial "entry-summary.html" . }}{{ end }}
<p>{{ range $name, $taxonomy := .Site.Taxonomies }}<a href="{{ printf "/%s/" $name | relURL }}">{{ len $taxonomy }} {{ $name }}</a> {{ end }}</p>
{{ end }}
""",
}


def hugo_post(article: Article) -> str:
    def listing(values):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"

    front = [
        "---",
        f"title: {json.dumps(article.title, ensure_ascii=False)}",
        f"date: {article.date.isoformat()}",
        f"countries: {listing(article.countries)}",
        f"partners: {listing(article.partners)}",
        f"categories: {listing(article.categories)}",
        "---",
        "",
    ]
    return "\n".join(front) + "\n\n".join(article.body) + "\n"


def write_hugo_site(site_dir: Path) -> None:
    """The config and layouts of the Hugo site (posts are written separately)."""
    (site_dir / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (site_dir / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for relpath, text in HUGO_LAYOUTS.items():
        path = site_dir / "layouts" / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_corpus(out_dir: Path, n: int, seed: int = 1, hugo: bool = False,
                 taxonomy_dir: Path = DEFAULT_TAXONOMY) -> dict:
    """Write OUT/seeds/NNNNNN.txt (and OUT/hugo/ if asked). Returns a summary."""
    seeds = out_dir / "seeds"
    if seeds.exists():
        shutil.rmtree(seeds)
    seeds.mkdir(parents=True)
    site = out_dir / "hugo"
    if hugo:
        if site.exists():
            shutil.rmtree(site)
        write_hugo_site(site)
    total_words = 0
    for article in generate(n, seed, taxonomy_dir):
        (seeds / article.filename).write_bytes(article.text.encode("utf-8"))
        total_words += words(article.text)
        if hugo:
            post = site / "content" / "posts" / f"{article.number:06d}.md"
            post.write_bytes(hugo_post(article).encode("utf-8"))
    return {"articles": n, "seed": seed, "words": total_words, "seeds_dir": str(seeds),
            "hugo_dir": str(site) if hugo else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write seeds/ (and hugo/) into")
    parser.add_argument("--hugo", action="store_true", help="also write the corpus as a Hugo site in OUT/hugo/")
    parser.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY, help="taxonomy folder (default: the repo's)")
    args = parser.parse_args(argv)
    summary = write_corpus(args.out, args.n, args.seed, args.hugo, args.taxonomy)
    print(f"wrote {summary['articles']} articles ({summary['words']:,} words) to {summary['seeds_dir']}"
          + (f" and a Hugo site in {summary['hugo_dir']}" if summary["hugo_dir"] else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
