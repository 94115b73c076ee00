"""Reading a seed: raw scraped text in, an Article (title, date, body, captions) out.

A seed is text as people save it from a news page. The reader works line by line:
it drops page furniture (read-more links, lists of other posts, blocks of other
stories' headlines, donation appeals, adverts, credits), splits captions from their
credits, finds the title in the head of the page, and collects the dates where
publishers put theirs (header, `date` line, byline, dateline, timestamp, the page's
address) as candidates for the date resolver (dateresolve.py). What counts as
furniture is data, in content/reader.yaml, so an editor can extend it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path


from coprod.extract.dateresolve import DateCandidate, pick_published
from coprod.extract.dates import DIGIT, DateFinder, DateMention, plausible
from coprod.core.digest import digest
from coprod.core.errors import ContentError
from coprod.core.frontmatter import MAX_BLOCK_BYTES, Unusable, split_front_matter
from coprod.core.records import Article, Problem, Source
from coprod.core.textfold import fold, line_key
from coprod.core.urls import web_url
from coprod.core.schema import Invalid, Option, Schema, Strings, Table
from coprod.core.yamlfile import shown

MAX_SEED_BYTES = 20 * 1024 * 1024
LONG_PARAGRAPH_WORDS = 20  # the first line this long starts the article body
HEADER_KEYS = {"url": "url", "source_url": "url", "source": "url", "publisher": "publisher",
               "published": "published", "date": "published", "retrieved": "retrieved", "title": "title"}


class SeedError(Exception):
    """A seed that cannot be read at all."""


@dataclass(frozen=True)
class ReaderRules:
    """Furniture patterns, folded to lower case. See content/reader.yaml."""

    inline_prefixes: tuple[str, ...]
    list_headers: tuple[str, ...]
    furniture_markers: tuple[str, ...]
    furniture_lines: tuple[str, ...]
    credit_markers: tuple[str, ...]
    date_labels: tuple[str, ...]
    finder: DateFinder
    fingerprint: str = ""  # hash of reader.yaml, part of the build cache's keys
    archive_photo_markers: tuple[str, ...] = ()
    update_labels: tuple[str, ...] = ()  # "Updated": the date beside it is not the publication's
    days_before: tuple[tuple[str, int], ...] = ()  # ("yesterday", 1): a date after it is the day before
    # Made from the lists above by __post_init__.
    inline_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    marker_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    credit_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    header_colon_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    furniture_line_set: frozenset[str] = field(init=False, repr=False, compare=False)
    list_header_set: frozenset[str] = field(init=False, repr=False, compare=False)
    date_label_set: frozenset[str] = field(init=False, repr=False, compare=False)
    days_before_map: dict[str, int] = field(init=False, repr=False, compare=False)
    days_before_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    update_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # One compiled alternation per phrase list: each line is searched once, not once per phrase.
        def alternation(phrases):
            ordered = sorted(phrases, key=len, reverse=True)
            return re.compile("|".join(re.escape(p) for p in ordered)) if ordered else re.compile(r"(?!)")

        object.__setattr__(self, "inline_re", alternation(self.inline_prefixes))
        object.__setattr__(self, "marker_re", alternation(self.furniture_markers))
        object.__setattr__(self, "credit_re", alternation(self.credit_markers))
        object.__setattr__(self, "header_colon_re", alternation([h for h in self.list_headers if h.endswith(":")]))
        # Sets for the whole-line lookups.
        object.__setattr__(self, "furniture_line_set", frozenset(self.furniture_lines))
        object.__setattr__(self, "list_header_set", frozenset(self.list_headers))
        object.__setattr__(self, "date_label_set", frozenset(self.date_labels))

        def words_of(phrases):  # whole words only: "hier" is not in "hierarchy"
            return re.compile(r"(?<!\w)(?:" + alternation(phrases).pattern + r")(?!\w)")

        object.__setattr__(self, "days_before_map", dict(self.days_before))
        object.__setattr__(self, "days_before_re", words_of(self.days_before_map))
        object.__setattr__(self, "update_re", words_of(self.update_labels))


def _folded(phrase: str) -> str:
    return fold(phrase).strip()


class DayCount(Option[int]):
    """A number of days before publication, 0 to 7."""

    def __init__(self) -> None:
        super().__init__(0)

    def check(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 7:
            raise Invalid(f": {shown(str(value))} is not a number of days from 0 to 7")
        return value


PHRASE_LISTS = ("inline_prefixes", "list_headers", "furniture_markers", "furniture_lines", "credit_markers",
                "date_labels", "archive_photo_markers", "update_labels", "date_connectors")
SCHEMA = Schema({
    "date_languages": Strings(),
    **{key: Strings(fold=_folded) for key in PHRASE_LISTS},
    "days_before_publication": Table(DayCount(), Strings(fold=_folded)),  # days -> words ("yesterday")
})


def load_reader_rules(content_dir: Path) -> ReaderRules:
    path = content_dir / "reader.yaml"
    values = SCHEMA.load(path)
    languages = values.pop("date_languages") or ("en",)
    try:
        finder = DateFinder(languages, values.pop("date_connectors"))
    except Exception as exc:  # babel raises UnknownLocaleError, ValueError
        raise ContentError(path, f"date_languages: {exc}") from None
    days_before = tuple((phrase, days) for days, phrases in values.pop("days_before_publication").items()
                        for phrase in phrases)
    return ReaderRules(finder=finder, days_before=days_before,
                       fingerprint=digest(path.read_bytes() if path.exists() else b""), **values)


# ---------------------------------------------------------------- decoding

CONTROL_CHARS = re.compile("[" + "".join(chr(c) for c in range(32) if c not in (9, 10, 12, 13)) + "]")
# Byte-order marks, longest first: the UTF-32 little-endian mark begins with the UTF-16 one.
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def read_seed_bytes(path: Path) -> bytes:
    """A seed file's bytes, at most MAX_SEED_BYTES + 1 of them. SeedError if it cannot be read, or
    if ``path`` is a symbolic link or not a regular file: a link could make a seed of any file
    on the machine, and a pipe or device could block or never end."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if os.path.islink(path):
            raise SeedError("a symbolic link; seeds must be regular files, so it is skipped") from None
        raise SeedError(f"cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise SeedError("not a regular file; skipped")
        try:
            return file.read(MAX_SEED_BYTES + 1)
        except OSError as exc:
            raise SeedError(f"cannot be read: {exc.strerror}") from None


def decode_seed(name: str, data: bytes) -> tuple[str, tuple[Problem, ...]]:
    """A seed's text: UTF-32 or UTF-16 when it starts with their byte-order mark, UTF-8 otherwise
    (invalid bytes read as replacement characters, with a warning). SeedError if it is empty,
    too large or binary."""
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(f"too large (over {MAX_SEED_BYTES // (1024 * 1024)} MB, the limit)")
    encoding = next((codec for bom, codec in BOMS if data.startswith(bom)), "utf-8-sig")
    problems: tuple[Problem, ...] = ()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, errors="replace").lstrip("\ufeff")
        label = {"utf-8-sig": "UTF-8"}.get(encoding, encoding.upper())
        problems = (Problem(name, "warning", f"invalid {label} at byte {exc.start}, read with replacement characters"),)
    if not text.strip():
        raise SeedError("empty file")
    sample = text[:8192]
    if "\x00" in sample or len(CONTROL_CHARS.findall(sample)) > len(sample) * 0.1:
        raise SeedError("binary file, not text")
    return text, problems


def read_seed(path: Path, rules: ReaderRules, today: dt.date) -> Article:
    text, problems = decode_seed(path.name, read_seed_bytes(path))
    return parse_seed(path.name, text, rules, today, problems)


# Characters no output format can carry (XML 1.0 refuses most C0 controls, noncharacters and
# surrogates) or that a terminal would obey. Vertical tab, form feed and the Unicode line and
# paragraph separators end a line; the rest go. Tab and newline stay.
_LINE_ENDS = "\x0b\x0c\x85\u2028\u2029"
_UNCARRIED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xfffe)}{chr(plane * 0x10000 + 0xffff)}" for plane in range(17)) + "]"
)


# The same without the astral noncharacters: a dozen times faster to search, and enough for
# the text of nearly every seed, which holds no character beyond U+FFFF.
_UNCARRIED_BMP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _uncarried(text: str) -> re.Pattern:
    return _UNCARRIED if _ASTRAL.search(text) else _UNCARRIED_BMP


def carriable(text: str) -> bool:
    """Whether every output format can carry ``text`` as it is (clean_text leaves it so)."""
    return _uncarried(text).search(text) is None


def clean_text(text: str) -> str:
    """``text`` with line ends as "\\n" and without the characters no output can carry (above)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    uncarried = _uncarried(text)
    if uncarried.search(text) is None:
        return text
    return uncarried.sub(lambda m: "\n" if m.group() in _LINE_ENDS else "", text)


# ---------------------------------------------------------------- line kinds

BULLET = re.compile(r"^\s*[•·▪◦*\-–]\s+")
DATE_LINE = re.compile(r"^\s*date\s+((?:19|20)\d\d-\d\d(?:-\d\d)?)(?![\d-])\s*(.*)$", re.IGNORECASE)
# What opens a story before its first sentence, not part of a title made from it:
# "WASHINGTON — ", "KYIV, April 5 (Agency) - ", "(MENAFN- Agency) ".
WIRE_DATELINE = re.compile(r"^(?:\([A-Z]{3,}[^)]{0,40}\)\s*|[A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ'’.\- ]{2,30}"
                           r"(?:,[^—–\n]{1,40}?)?\s+[—–-]\s+)")
# A wire dateline opening the story: "KYIV, April 5 (Agency) –", "CITY, Month D. /AGENCY/."
# (the city may be several, "KYIV/PARIS"; the region after it has no digits: "KYIV, March 5, 2024" has none)
DATELINE_HEAD = re.compile(r"^\s*[A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ'’./\- ]{1,30}(?:,\s*[^\W\d][^\d,\n]{0,29})?,\s+(?=\S)")
BYLINE_SEPARATOR = re.compile(r"\s[|•·/]\s|\s[-–—]\s")
# ... or in title case, "Berlin, 5. März 2024 –": then the date must be followed by a dash or "(".
DATELINE_TITLE_CASE = re.compile(r"^\s*[A-ZА-ЯІЇЄҐ][^\W\d_]+(?:[ -][A-ZА-ЯІЇЄҐ][^\W\d_]+){0,2},\s+(?=\d|[^\W\d_])")
DATELINE_END = re.compile(r"^\.?\s*[(–—\-/]")
URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
# A time beside a date: "10:32 am", "14h20", "14.20", "T13:56:00+02:00"
TIME = re.compile(r"(?:\bT|\b)\d{1,2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?|h\d{2}\b|\.\d{2}\b)(?:\s*[ap]\.?m\.?)?"
                  r"(?:Z|[+-]\d{2}:?\d{2}\b)?", re.IGNORECASE)
SLASH_CREDIT = re.compile(r"\s/\s*\.?\s*(?=\S)")
AT_CREDIT = re.compile(r"\s@\s*(?=\w)")
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")
LETTER = re.compile(r"[^\W\d_]")
WORD_OR_NUMBER = re.compile(r"[^\W\d_]+|\d+")


def words(text: str) -> list[str]:
    return text.split()


def split_credit(line: str, rules: ReaderRules, folded: str | None = None) -> tuple[str, str] | None:
    """Split a photo caption from its credit: ("caption", "credit"), or None if no credit."""
    marker = rules.credit_re.search(fold(line) if folded is None else folded)
    if marker is not None:
        head = line[:marker.start()].rstrip(" /|-–—:,(")
        return head.strip(), line[marker.start():].strip()
    if "/" not in line and "@" not in line:
        return None
    for pattern in (SLASH_CREDIT, AT_CREDIT):
        found = list(pattern.finditer(line))
        if found:
            head, tail = line[: found[-1].start()], line[found[-1].end():]
            if len(words(head)) >= 3 and len(words(tail)) <= 8 and not SENTENCE_END.search(head.strip()):
                return head.strip(), tail.strip()
    return None


def is_furniture_line(line: str, rules: ReaderRules, folded: str, key: str) -> bool:
    if not key or not LETTER.search(key):
        return True  # numbers and symbols only: view counts, share widgets
    if URL_ONLY.match(line):
        return True
    if key in rules.furniture_line_set:
        return True
    if rules.marker_re.search(folded):
        return True
    tokens = line.split(maxsplit=1)  # enough to tell a one-word line
    if len(tokens) == 1 and (len(tokens[0]) > 15 and any(c.isdigit() for c in tokens[0])):
        return True  # tracking ids such as agency reference numbers
    if len(tokens) == 1 and tokens[0].islower():
        return True  # stray labels: "news", language switchers
    return False


def is_list_header(rules: ReaderRules, folded: str, key: str) -> bool:
    return key in rules.list_header_set or rules.header_colon_re.match(folded) is not None


def inline_prefix(line: str, rules: ReaderRules, folded: str) -> str | None:
    """The rest of a "Read more: …" line, or None if the line is not one."""
    stripped = line.lstrip("►▶>»-–—•* ")
    match = rules.inline_re.match(folded[len(line) - len(stripped):])
    return stripped[match.end():].strip(" :.-–—") if match else None


def standalone_date(line: str, rules: ReaderRules, today: dt.date, spare_words: int = 0,
                    need_year: bool = True, day_first: bool | None = None) -> DateMention | None:
    """The date of a line that holds nothing but a date (a byline date, a timestamp), or
    up to ``spare_words`` other words besides (an author, the publisher's name).
    ``day_first`` is the page's numeric date order (DateFinder.numeric_order)."""
    if len(line) > 80 + 10 * spare_words or not DIGIT.search(line):
        return None
    mentions = [m for m in rules.finder.find(line, day_first) if m.year is not None or not need_year]
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    rest = fold(line[: mention.start] + " " + line[mention.end:])
    rest = TIME.sub(" ", rest)
    leftover = [w for w in WORD_OR_NUMBER.findall(rest)
                if w not in rules.date_label_set and w not in rules.finder.weekdays]
    if len(leftover) > spare_words or (spare_words and any(w.isdigit() for w in leftover)):
        return None
    if mention.year is None:
        return mention
    return mention if plausible(mention.to_date(), today) else None


@dataclass(frozen=True)
class Header:
    """A leading `---` block of `key: value` lines, as `coprod add` writes it:
    url, publisher, published, retrieved, title, and `also:` (other publishers of
    the same story, each with url and publisher)."""

    lines_used: int = 0
    pairs: tuple[tuple[str, str], ...] = ()
    also: tuple[Source, ...] = ()
    problems: tuple[Problem, ...] = ()


def parse_header(lines: list[str], name: str) -> Header:
    """The leading `---` block of ``lines``, however many lines it has, up to MAX_BLOCK_BYTES."""
    block = split_front_matter(lines)
    if block.unusable is Unusable.TOO_LONG:
        return Header(problems=(Problem(name, "warning", f"header block longer than {MAX_BLOCK_BYTES // 1024} KB "
                                                         "(or not closed by a --- line); read as text"),))
    if block.unusable is Unusable.NOT_YAML:
        return Header(block.lines_used, problems=(Problem(name, "warning", f"header block ignored: {block.why}"),))
    if block.unusable is Unusable.NOT_MAPPING:
        return Header(block.lines_used,
                      problems=(Problem(name, "warning", "header block is not key: value lines; ignored"),))
    data = block.data
    # Quoted YAML strings can spell any character ("\\x1b"): the values are cleaned like the text.
    pairs = tuple(
        (HEADER_KEYS[str(k).lower()], clean_text(str(v)).strip())
        for k, v in data.items()
        if str(k).lower() in HEADER_KEYS and v is not None and not isinstance(v, (list, dict))
    )
    also_items = data.get("also")
    also = tuple(
        Source(name=clean_text(str(item["publisher"])) if item.get("publisher") else None,
               url=web_url(clean_text(str(item.get("url") or ""))))
        for item in (also_items if isinstance(also_items, list) else []) if isinstance(item, dict)
    )
    return Header(block.lines_used, pairs, tuple(s for s in also if s.url or s.name))


# ---------------------------------------------------------------- the reader


def first_sentence(text: str, limit: int = 160) -> str:
    match = re.search(r"^(.+?[.!?])(?:\s+[A-Z\"“]|\s*$)", text)
    sentence = (match.group(1) if match else text).strip()
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def parse_seed(name: str, text: str, rules: ReaderRules, today: dt.date,
               file_problems: tuple[Problem, ...] = ()) -> Article:
    problems = list(file_problems)
    text = clean_text(text)
    lines = [line.rstrip() for line in text.split("\n")]
    header_block = parse_header(lines, name)
    problems += header_block.problems
    lines = lines[header_block.lines_used:]
    header = header_block.pairs
    header_map = dict(header)

    date_candidates: list[DateCandidate] = []
    if header_map.get("published"):
        value = header_map["published"]
        if (header_date := _iso_mention(value[:10])) is not None:
            date_candidates.append(DateCandidate("header", header_date, value, value[:10], "header published:"))
        else:
            problems.append(Problem(name, "warning", f"header date {shown(header_map['published'])} is not YYYY-MM-DD"))

    # The `date YYYY-MM-DD` (or `date YYYY-MM`) line some stores prepend; its rest is the start of the body.
    date_line_index = None
    for index, line in enumerate(lines[:5]):
        match = DATE_LINE.match(line)
        if match:
            mention = _iso_mention(match.group(1))
            if mention is not None and plausible(mention.to_date(), today):
                date_candidates.append(DateCandidate("date line", mention, line.strip(), match.group(1), "date line"))
            elif mention is not None:
                problems.append(Problem(name, "warning", f"date line {match.group(1)} is in the future or before 1991; ignored"))
            lines[index] = match.group(2)
            date_line_index = index
            break

    cyrillic = len(CYRILLIC.findall(text))
    script_cyrillic = cyrillic > 0 and cyrillic > len(LATIN.findall(text))  # Latin is only counted if needed
    # Each line folded once. Keys drop all whitespace, so a line's key is its stripped text's too.
    folded_lines = fold("\n".join(lines)).split("\n")  # folding keeps offsets and line breaks: all lines at once
    keys = [line_key(folded) for folded in folded_lines]
    # The page's own address may settle how it writes "11/05/2024" (a link's date is no evidence).
    address = _address_month(header_map.get("url"))
    day_first = rules.finder.numeric_order(text, (address,) if address else (), named=False)
    kind, content = _classify(lines, folded_lines, keys, rules, script_cyrillic, today, day_first)

    text_lines = [i for i, k in enumerate(kind) if k == "text"]
    first_long = next((i for i in text_lines if len(words(content[i])) >= LONG_PARAGRAPH_WORDS
                       or (i == date_line_index and len(words(content[i])) >= 8)), len(lines))
    named_headings = {i for i, k in enumerate(kind) if k == "furniture" and (
        is_list_header(rules, folded_lines[i].strip(), keys[i]) or inline_prefix(lines[i].strip(), rules, folded_lines[i].strip()) == "")}
    for i in _teaser_blocks(kind, content, first_long, named_headings):
        kind[i] = "furniture"
    text_lines = [i for i, k in enumerate(kind) if k == "text"]

    # Title: in the head of the page; a line repeated further down (heading and
    # image alt) is the title, ahead of teasers of other stories printed above it.
    head = [i for i in text_lines if i < first_long]
    # A headline comes before the lead: a line after the first full sentence is a caption or alt text.
    lead = next((i for i in head if len(words(content[i])) >= 8 and SENTENCE_END.search(content[i])), None)
    headline_like = [i for i in head if len(words(content[i])) <= 40 and not content[i].rstrip().endswith(":")
                     and standalone_date(content[i], rules, today, spare_words=5, need_year=False,
                                         day_first=day_first) is None
                     and _byline_date(content[i], rules, today, day_first) is None]
    if lead is not None and any(i < lead for i in headline_like):
        headline_like = [i for i in headline_like if i < lead]
    # The site's name above the headline is also in its copyright line: "© 2024 Defence Weekly Online".
    copyright_keys = [keys[j] for j, line in enumerate(folded_lines) if "©" in line or "copyright" in line
                      or "all rights reserved" in line]
    headline_like = [i for i in headline_like if not (len(words(content[i])) <= 5 and copyright_keys and any(
        keys[i] in key for key in copyright_keys))]
    # Prefer lines of three words or more: two-word lines above a title are often labels.
    candidates = [i for i in headline_like if len(words(content[i])) >= 3] or \
        [i for i in headline_like if len(words(content[i])) == 2]

    def repeated(i: int) -> bool:
        return bool(keys[i]) and any(j != i and keys[i] in keys[j] for j in range(len(lines)))

    title_index = next((i for i in candidates if repeated(i)), candidates[0] if candidates else None)
    derived_title = title_index is None

    body_indices = []
    for i, k in enumerate(kind):
        if k not in ("text", "bullet"):
            continue
        if i < first_long:
            if title_index is None or i <= title_index or (k == "text" and len(words(content[i])) < 6):
                continue  # teasers above the title, bylines and labels below it
            if k == "bullet":
                continue
        if title_index is not None and keys[i] == keys[title_index]:
            continue
        body_indices.append(i)

    date_candidates += _byline_candidates(lines, kind, content, body_indices, first_long, title_index, rules, today,
                                          day_first)
    date_candidates += _relative_candidates([content[i] for i in body_indices], rules, day_first)
    date_candidates += _url_candidates(header_map.get("url"), [lines[i] for i, k in enumerate(kind) if k == "furniture"],
                                       [content[i] for i in ([title_index] if title_index is not None else [])
                                        + body_indices[:3]], today)
    for i, k in enumerate(kind):
        if k == "caption" and any(m in folded_lines[i] for m in rules.archive_photo_markers):
            mentions = [m for m in rules.finder.find(content[i], day_first) if m.year is not None]
            if mentions:
                date_candidates.append(DateCandidate("archive photo", mentions[0], content[i],
                                                     content[i][mentions[0].start:mentions[0].end], "stock photo"))
    published, _ = pick_published(date_candidates, today)

    paragraphs = tuple(("• " + content[i]) if kind[i] == "bullet" else content[i] for i in body_indices)
    if header_map.get("title"):
        title, derived_title = header_map["title"], False
    elif title_index is not None:
        title = content[title_index].strip().lstrip("#").strip()
    elif paragraphs:
        title = first_sentence(WIRE_DATELINE.sub("", paragraphs[0].lstrip("• "), count=1))
    else:
        title = ""
    if not title:
        problems.append(Problem(name, "warning", "no title found"))
    elif derived_title:
        problems.append(Problem(name, "warning", "no title line; the first sentence is used"))
    used = set(body_indices) | ({title_index} if title_index is not None else set())
    furniture = tuple(lines[i].strip() for i, k in enumerate(kind) if k in ("furniture", "text", "bullet") and i not in used)
    captions = tuple(dict.fromkeys(content[i] for i, k in enumerate(kind) if k == "caption" and content[i]))
    return Article(
        seed=name,
        title=" ".join(title.split()),
        published=published,
        paragraphs=paragraphs,
        captions=captions,
        furniture=furniture + tuple(c for i, c in enumerate(content) if kind[i] == "credit"),
        header=header,
        more_sources=header_block.also,
        problems=tuple(problems),
        date_candidates=tuple(date_candidates),
    )


def _iso_mention(value: str) -> DateMention | None:
    """"2024-06-21" or "2024-06" as a date mention, None if no such date."""
    parts = value.split("-")
    try:
        date = dt.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None
    return DateMention(0, len(value), date.year, date.month, date.day if len(parts) > 2 else None,
                       "day" if len(parts) > 2 else "month", None, "iso")


def _teaser_line(kind: str, text) -> bool:
    """A line shaped like another story's headline or its date: short, no sentence end."""
    if kind == "dateline":
        return True
    return kind in ("text", "bullet") and 3 <= len(words(text)) <= 18 and not SENTENCE_END.search(text) \
        and not text.rstrip().endswith((":", ";", ","))


def _teaser_blocks(kind: list, content: list, first_long: int, named_headings: set[int]) -> list[int]:
    """Lines of blocks of other stories' headlines after the body has started, recognised by
    their shape: a heading ("More like this", "Top article", in any language), then
    headline-like lines without sentence punctuation, perhaps with their dates and section
    labels ("World"), up to the next line of prose. A heading the vocabulary names
    (``named_headings``) needs one headline; any other short line two with a date among
    them, or three."""
    block: list[int] = []
    i = first_long + 1
    while i < len(kind):
        heading = content[i] if kind[i] == "text" or i in named_headings else ""
        if not heading or len(words(heading)) > 5 or SENTENCE_END.search(heading):
            i += 1
            continue
        teasers, dated, headlines, j = [], False, 0, i + 1
        while j < len(kind):
            label = kind[j] == "text" and len(words(content[j])) <= 2 and not SENTENCE_END.search(content[j])
            if not (kind[j] in ("blank", "furniture") or label or _teaser_line(kind[j], content[j])):
                break
            if kind[j] != "blank":
                teasers.append(j)
                dated = dated or kind[j] == "dateline"
                headlines += kind[j] in ("text", "bullet") and not label
            j += 1
        if headlines >= 3 or (headlines >= 2 and dated) or (headlines >= 1 and i in named_headings):
            block += [i, *teasers]
        i = max(j, i + 1)
    return block


def _byline_candidates(lines, kind, content, body_indices, first_long, title_index, rules, today, day_first=None):
    """Dates where publishers put theirs: a date-only line in the head of the page or after
    the body (a timestamp); a short byline in the head that names an author or the
    publisher besides the date; a wire dateline opening the story, often without its year.

    Bylines nearest below the title come first; a date above the title with other
    headlines between belongs to one of those teasers, not to the article."""
    found, bylines = [], []
    last_body = max((i for i in body_indices if len(words(content[i])) >= 8), default=-1)

    def updated(text: str) -> bool:  # "Updated 6 March 2024": when it changed, not when it appeared
        return rules.update_re.search(fold(text)) is not None

    for i, k in enumerate(kind):
        if k == "dateline" and updated(lines[i]) and (i < first_long or i > last_body):
            found.append(DateCandidate("update", content[i], lines[i].strip(),
                                       _matched(lines[i].strip(), rules), "update date"))
        elif k == "dateline" and i < first_long:
            bylines.append((i, DateCandidate("byline", content[i], lines[i].strip(),
                                             _matched(lines[i].strip(), rules), "byline date")))
        elif k == "dateline" and i > last_body:
            found.append(DateCandidate("timestamp", content[i], lines[i].strip(),
                                       _matched(lines[i].strip(), rules), "timestamp after the body"))
    head_end = min(first_long + 1, len(lines))  # the first paragraph may open with a dateline
    for i in range(head_end):
        if kind[i] not in ("text", "bullet") or i == title_index:
            continue  # furniture dates belong to other pages
        line = content[i]
        if i < first_long:
            dated = _byline_date(line, rules, today, day_first)
            if dated is not None:
                mention, part = dated
                if updated(part):
                    found.append(DateCandidate("update", mention, line, _matched(part, rules), "update date"))
                else:
                    rule = "byline date" if mention.year else "byline date without its year"
                    bylines.append((i, DateCandidate("byline", mention, line, _matched(part, rules), rule)))
                continue
        head = DATELINE_HEAD.match(line) or DATELINE_TITLE_CASE.match(line)
        if head:
            mentions = rules.finder.find(line[head.end():head.end() + 40], day_first)
            if mentions and mentions[0].start == 0 and mentions[0].day is not None and (
                    head.re is DATELINE_HEAD or DATELINE_END.match(line[head.end() + mentions[0].end:])):
                mention = mentions[0]
                found.append(DateCandidate("dateline", mention, line[:head.end() + mention.end],
                                           line[head.end():head.end() + mention.end], "dateline"))
    if title_index is not None:
        def teasers_between(i: int) -> int:
            return sum(kind[j] == "text" for j in range(i + 1, title_index))

        bylines = sorted(((i, c) for i, c in bylines if i > title_index or teasers_between(i) <= 1),
                         key=lambda item: (item[0] < title_index, abs(item[0] - title_index)))
    split = _split_date(lines, kind, first_long, rules, today, day_first)
    return [c for _, c in bylines] + split + found


URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?=[/._-]|$)")
SLUG_WORD = re.compile(r"[^\W\d_]{4,}")


# Between "today" and its date: punctuation and at most one short word ("heute, am 5. März").
RELATIVE_GAP = re.compile(r"[\s,(–—-]*(?:[^\W\d_]{1,3}\s+)?")


def _relative_candidates(paragraphs: list[str], rules: ReaderRules, day_first: bool | None) -> list[DateCandidate]:
    """A date the text itself calls today or yesterday ("Today, 5 March, the plant...",
    "вчора, 4 березня"): the day it was written, or the days before it."""
    found = []
    for text in paragraphs:
        if not DIGIT.search(text):
            continue
        folded = fold(text)
        for cue in rules.days_before_re.finditer(folded):
            following = text[cue.end():cue.end() + 40]
            mentions = rules.finder.find(following, day_first)
            if mentions and mentions[0].day is not None and RELATIVE_GAP.fullmatch(following[:mentions[0].start]):
                mention = mentions[0]
                found.append(DateCandidate("relative", mention, text, following[mention.start:mention.end],
                                           f"the text calls it {cue.group()}", rules.days_before_map[cue.group()]))
    return found


def _byline_date(line: str, rules: ReaderRules, today: dt.date, day_first: bool | None) -> tuple[DateMention, str] | None:
    """The date of a byline and the part of it the date is in: the whole line, or one of its
    parts ("By A. Author | Outlet | Published 2 June 2022 | 3 min read"), or a line of short
    fields ("A. Author, Correspondent, Outlet, Kyiv, Tuesday 5 March 2024"). None for a line
    that is no byline (a sentence, or more than a few words besides its date)."""
    if len(words(line)) > 24 or SENTENCE_END.search(line) or not DIGIT.search(line):
        return None
    parts = [(line.lstrip("•·▪*-– "), 5)] if len(words(line)) <= 12 else []
    if BYLINE_SEPARATOR.search(line):
        parts += [(part.strip(), 5) for part in BYLINE_SEPARATOR.split(line) if part.strip()]
    parts += [(part, 5) for part in _update_split(line, rules)]
    fields = line.split(", ")
    if len(fields) >= 3 and all(len(words(field)) <= 4 for field in fields):
        parts.append((line, 4 * len(fields)))
    for part, spare in parts:
        mention = standalone_date(part, rules, today, spare_words=spare, need_year=False, day_first=day_first)
        if mention is not None:
            return mention, part
    return None


def _update_split(line: str, rules: ReaderRules) -> list[str]:
    """"Published 5 March 2024, updated 6 March 2024" as its two parts, each date with its
    label; [] for a line without an update label."""
    label = rules.update_re.search(fold(line))
    return [line[:label.start()].strip(" ,;|"), line[label.start():]] if label else []


URL_MONTH = re.compile(r"/((?:19|20)\d\d)[/-]([01]\d)(?=[/._-]|$)")


def _address_month(url: str | None) -> tuple[int, int] | None:
    """The year and month in an address's path (".../2023/07/10/slug", ".../2023/07/slug")."""
    match = URL_MONTH.search(url) if url else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def _url_candidates(header_url: str | None, furniture: list[str], lead: list[str], today: dt.date):
    """The date in the article's own address (".../2023/07/10/slug"): the header's `url:`, or a
    bare address on the page whose slug shares words with the title and lead (not a link elsewhere)."""
    lead_words = set(SLUG_WORD.findall(fold(" ".join(lead))))
    urls = [(header_url, True)] if header_url else []
    urls += [(line.strip(), False) for line in furniture if URL_ONLY.match(line)]
    found = []
    for url, own in urls:
        match = URL_DATE.search(url)
        if match is None:
            continue
        slug = set(SLUG_WORD.findall(fold(url[match.end():])))
        if not own and len(slug & lead_words) < 2:
            continue
        mention = _iso_mention("{}-{:0>2}-{:0>2}".format(*match.groups()))
        if mention is not None and plausible(mention.to_date(), today):
            found.append(DateCandidate("url", mention, url, match.group(0).strip("/"), "date in the article's address"))
    return found


def _split_date(lines, kind, first_long, rules, today, day_first=None) -> list[DateCandidate]:
    """A byline date that the page set on several short lines ("March 5," / "2024")."""
    run: list[int] = []
    for i in range(min(first_long, len(lines))):
        short = kind[i] in ("text", "furniture") and 0 < len(lines[i].split()) <= 3
        if short:
            run.append(i)
        if not short or i == first_long - 1 or len(run) == 4:
            for size in range(len(run), 1, -1):
                joined = " ".join(lines[j].strip() for j in run[:size])
                mention = standalone_date(joined, rules, today, spare_words=1, day_first=day_first)
                if mention is not None and mention.day is not None:
                    return [DateCandidate("byline", mention, joined, _matched(joined, rules),
                                          "byline date over several lines")]
            run = run[1:] if short else []
    return []


def _matched(line: str, rules: ReaderRules) -> str:
    """The words of the date in ``line`` (the finder's offsets are of the line it read)."""
    again = rules.finder.find(line)
    return line[again[0].start:again[0].end] if again else ""


def _classify(lines: list[str], folded_lines: list[str], keys: list[str], rules: ReaderRules,
              cyrillic_article: bool, today: dt.date, day_first: bool | None = None):
    """Give every line a kind: blank, text, bullet, caption, credit, dateline or furniture.

    ``content`` holds what the line contributes: the caption without its credit,
    the date of a date line, the text of a bullet without its mark. ``folded_lines``
    and ``keys`` are the lines folded and their line_key.
    """
    kind: list = []
    content: list = []
    in_trailing_list = False
    pending = None  # "headline": a "Read also:" line's headline comes next; "wrap": it may go on
    for line, folded_line, key in zip(lines, folded_lines, keys):
        stripped = line.strip()
        if not stripped:
            kind.append("blank")
            content.append("")
            continue
        if in_trailing_list or pending == "headline" or (pending == "wrap" and stripped[:1].islower()):
            # Lists of other posts run to the end; a read-more headline may wrap onto more lines.
            kind.append("furniture")
            content.append(stripped)
            pending = "wrap" if pending else None
            continue
        pending = None
        indent = len(line) - len(line.lstrip())
        folded = folded_line[indent:indent + len(stripped)]  # fold(stripped): folding keeps offsets
        rest = inline_prefix(stripped, rules, folded)
        if rest is not None:
            kind.append("furniture")
            content.append(stripped)
            pending = "headline" if not rest else "wrap"
            continue
        if is_list_header(rules, folded, key):
            in_trailing_list = True
            kind.append("furniture")
            content.append(stripped)
            continue
        mention = standalone_date(stripped.lstrip("•·▪*-– "), rules, today, day_first=day_first)
        if mention is not None:
            kind.append("dateline")
            content.append(mention)
            continue
        if is_furniture_line(stripped, rules, folded, key):
            kind.append("furniture")
            content.append(stripped)
            continue
        foreign_script = (not cyrillic_article and CYRILLIC.search(stripped) is not None
                          and len(CYRILLIC.findall(stripped)) > len(LATIN.findall(stripped)))
        credit = split_credit(stripped, rules, folded)
        if credit is not None and standalone_date(credit[0], rules, today, day_first=day_first) is not None:
            credit = None  # "Tuesday, 5 March 2024 / Defence Weekly": a byline and its publisher
        if foreign_script or credit is not None:
            caption = credit[0] if credit else stripped
            has_caption = len(words(caption)) >= 2
            kind.append("caption" if has_caption else "credit")
            content.append(caption if has_caption else stripped)
            continue
        bullet = BULLET.match(line)
        if bullet:
            kind.append("bullet")
            content.append(line[bullet.end():].strip())
            continue
        kind.append("text")
        content.append(stripped)
    return kind, content
