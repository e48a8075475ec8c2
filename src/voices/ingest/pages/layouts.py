"""The post headers of comment pages as browsers copy them, one layout per site family.

Each layout is a ``Header``: given the page's lines and an index, it returns the
post starting there (author, date text, indentation, any reply marker) and how
many lines its header takes, or ``None``. ``SIGNS`` holds, per layout, what
tells it apart when several could read a page (``detect`` in ``__init__``).
"""

from __future__ import annotations

import re
from datetime import datetime

from voices.ingest.base import iso_datetime, parse_written_date
from voices.ingest.pages._thread import REPLY_MARK, Post, is_furniture, is_relative

_NAME = re.compile(r"^(?:u/)?[^\W_][^\n]{0,59}$")
_SENTENCE_END = re.compile(r"[.!?,;:)\"”]$")
_BADGE = re.compile(r"^(?:op|staff|contributor|guardian (?:pick|contributor|staff)|moderator|mod|editor"
                    r"|top \d+% (?:commenter|poster)|verified|author|\(?edited\)?|edited)$", re.IGNORECASE)
_SAYS = re.compile(r"\s+(?:says|said|wrote)\s*:?\s*$", re.IGNORECASE)
_OP = re.compile(r"\s+\(?OP\)?$")
_MUMSNET_DATE = re.compile(
    r"^(?:\d{2}/\d{2}/\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?|(?:mon|tue|wed|thu|fri|sat|sun)\s+\d{2}-\w{3}-\d{2}"
    r"\s+\d{1,2}:\d{2}(?::\d{2})?)$",
    re.IGNORECASE,
)
_DISQUS = re.compile(
    r"^(?P<author>[^•\s][^•]{0,59}?)(?:\s+(?:>|›|➦|↪|→)\s+(?P<to>[^•]{1,60}?))?\s+•\s+(?P<when>[^•]{1,40}?)"
    r"(?:\s+•\s+edited)?\s*$",
    re.IGNORECASE,
)
_MUMSNET = re.compile(
    r"^(?P<author>[^·\s][^·]{0,59}?)\s+(?:·\s+(?P<when>[^·]{8,30}?)|(?P<classic>(?:mon|tue|wed|thu|fri|sat|sun)"
    r"\s+\d{2}-\w{3}-\d{2}\s+\d{1,2}:\d{2}(?::\d{2})?))\s*$",
    re.IGNORECASE,
)
_REDDIT = re.compile(
    r"^(?:\[[–-]\]\s*)?(?P<u>u/)?(?P<author>[\w-]{2,40})(?:\s+OP)?"
    r"(?:\s+(?P<points>-?\d+)\s+points?)?\s*(?P<dot>·\s*)?(?P<when>\d+\s*\w+\.?(?:\s+ago)?|just now)"
    r"(?:\s*·\s*edited.*)?(?:\s+\(\d+ child(?:ren)?\))?\s*$",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"^(?:u/)?[\w-]{3,20}$")
_GENERIC_ONE_LINE = re.compile(r"^(?P<author>[^\W_][^\n]{0,59}?)\s*(?:[·•|—–]|\s-|,|\s+on)\s+(?P<when>.{6,40})$")
_COUNT = re.compile(
    r"^\s*(?P<n>\d+|one|no)\s+(?:comments?|responses?|replies|thoughts?)(?:\s+(?:on|to)\s+[“\"‘']?(?P<title>.+?)"
    r"[”\"’']?)?\s*$",
    re.IGNORECASE,
)


def _indent(line: str) -> int:
    line = line.expandtabs(4)
    return len(line) - len(line.lstrip(" "))


def name_line(line: str) -> str | None:
    """The author on a line of its own ("Alice Marsh", "carol_h says:"), else ``None``."""
    text = _OP.sub("", _SAYS.sub("", line.strip()))
    if not _NAME.match(text) or len(text.split()) > 5 or _SENTENCE_END.search(text):
        return None
    if is_furniture(text) or _COUNT.match(text) or (re.search(r"\d", text) and any_date(text)):
        return None
    return text


def says_line(line: str) -> bool:
    """Whether ``line`` is an author's "Name says:" (or "wrote:"): a comment's header, whatever follows it."""
    return bool(_SAYS.search(line)) and name_line(line) is not None


def mumsnet_date(text: str) -> str | None:
    """ISO 8601 from Mumsnet's "04/03/2024 09:15" (day first) or "Mon 04-Mar-24 09:15:12"."""
    text = " ".join(text.split())
    if not _MUMSNET_DATE.match(text):
        return None
    if "/" in text:
        return iso_datetime(text)
    for fmt in ("%a %d-%b-%y %H:%M:%S", "%a %d-%b-%y %H:%M"):
        try:
            return datetime.strptime(text, fmt).isoformat()
        except ValueError:
            continue
    return None


def any_date(text: str) -> bool:
    """Whether ``text`` is a date or time a page prints (absolute or relative)."""
    text = text.strip()
    if not text or text.isdigit():
        return False
    return bool(parse_written_date(text) or is_relative(text) or mumsnet_date(text)
                or (re.search(r"\d", text) and not re.fullmatch(r"[\d.,\s]+", text) and iso_datetime(text)))


def _next_filled(lines: list[str], i: int, blanks: int = 1) -> int | None:
    for j in range(i, min(i + blanks + 1, len(lines))):
        if lines[j].strip():
            return j
    return None


def _name_then_date(lines: list[str], i: int, is_date) -> tuple[Post, int] | None:
    """Author line, then (after an optional reply marker line) a date line, then maybe a marker."""
    author = name_line(lines[i])
    if author is None:
        return None
    post = Post(0, author, None, indent=_indent(lines[i]))
    j = _next_filled(lines, i + 1)
    while j is not None and j < i + 6 and (_BADGE.match(lines[j].strip()) or lines[j].strip() in "•·"):
        j = _next_filled(lines, j + 1)
    mark = REPLY_MARK.match(lines[j]) if j is not None else None
    if mark:
        post.reply_to, post.reply_date = mark["name"].strip(), mark["date"]
        j = _next_filled(lines, j + 1)
    elif j is not None and j + 1 < len(lines) and name_line(lines[j]) and is_date(lines[j + 1].strip()):
        post.reply_to, post.pair, j = name_line(lines[j]), True, j + 1  # "Author" / "Replied-to" / date
    if j is None or not is_date(lines[j].strip()):
        return None
    post.when = lines[j].strip()
    while j + 1 < len(lines) and _BADGE.match(lines[j + 1].strip()):
        j += 1  # "edited" under the date
    return post, j + 1 - i


def _written(text: str) -> bool:
    return parse_written_date(text) is not None


def guardian(lines: list[str], i: int) -> tuple[Post, int] | None:
    """ "Name" / "4 Mar 2024 9.12" (or "4 March 2024 9:12am"), replies "in reply to X"."""
    return _name_then_date(lines, i, _written)


def wordpress_com(lines: list[str], i: int) -> tuple[Post, int] | None:
    """ "Name" (or "Name says:") / "March 4, 2024 at 9:12 am", under "N Comments"."""
    return _name_then_date(lines, i, _written)


def generic(lines: list[str], i: int) -> tuple[Post, int] | None:
    """An author line then a date line, or "Author · date" on one line, repeating."""
    hit = _name_then_date(lines, i, any_date)
    if hit:
        return hit
    m = _GENERIC_ONE_LINE.match(lines[i].strip())
    if m and name_line(m["author"]) and any_date(m["when"]):
        return Post(0, m["author"].strip(), m["when"].strip(), indent=_indent(lines[i])), 1
    return None


def disqus(lines: list[str], i: int) -> tuple[Post, int] | None:
    """ "author • 2 days ago" (after an "Avatar" line), or "author > parent • 2 days ago"."""
    m = _DISQUS.match(lines[i].strip())
    if not m or not any_date(m["when"]) or is_furniture(m["author"]):
        return _name_then_date(lines, i, is_relative)
    post = Post(0, m["author"].strip(), m["when"].strip(), indent=_indent(lines[i]))
    post.reply_to = m["to"].strip() if m["to"] else None
    return post, 1


def mumsnet(lines: list[str], i: int) -> tuple[Post, int] | None:
    """ "AuthorName · 04/03/2024 09:15" or "AuthorName · Mon 04-Mar-24 09:15:12"."""
    m = _MUMSNET.match(lines[i].strip())
    when = (m["when"] or m["classic"]) if m else None
    if when is None or mumsnet_date(when) is None:
        return None
    return Post(0, _OP.sub("", m["author"].strip()), mumsnet_date(when), indent=_indent(lines[i])), 1


def reddit(lines: list[str], i: int) -> tuple[Post, int] | None:
    """ "u/name · 3 yr. ago", "name · 3y" or old Reddit's "name 12 points 3 years ago"."""
    m = _REDDIT.match(lines[i].strip())
    if m and (m["u"] or m["dot"] or m["points"]) and is_relative(m["when"]):
        return Post(0, m["author"], m["when"].strip(), indent=_indent(lines[i])), 1
    if not _HANDLE.match(lines[i].strip()):
        return None
    hit = _name_then_date(lines, i, is_relative)  # the new layout: "name" / "•" / "3y ago"
    if hit:
        hit[0].author = hit[0].author.removeprefix("u/")
    return hit


HEADERS = {
    "guardian": guardian, "disqus": disqus, "mumsnet": mumsnet, "reddit": reddit,
    "wordpress-com": wordpress_com, "generic": generic,
}

#: what must appear on a page for a layout to be chosen without ``--format``
SIGNS = {
    "guardian": re.compile(r"^\s*(?:recommend|report|in reply to .+|response to .+,.+)\s*$", re.IGNORECASE | re.MULTILINE),
    "disqus": re.compile(r"^\s*(?:avatar|.*•\s*share\s*›?)\s*$|•\s*\S.*\bago\s*$", re.IGNORECASE | re.MULTILINE),
    "mumsnet": re.compile(r"add message|see all|·\s*(?:\d{2}/\d{2}/\d{4}|\w{3} \d{2}-\w{3}-\d{2})", re.IGNORECASE),
    "reddit": re.compile(r"^\s*(?:level \d+|.*\bu/\w+.*|.*\d+ points?\b.*)$", re.IGNORECASE | re.MULTILINE),
    "wordpress-com": _COUNT,
    "generic": re.compile(r""),
}
COUNT_LINE = _COUNT
