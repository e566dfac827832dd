"""Articles: markdown files with YAML front matter, read into an immutable ``Article``."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from timeline.derivation import yamltext
from timeline.domain.values import Precision, WorldDate, id_problem
from timeline.errors import ArticleError

MAX_ARTICLE_BYTES = 2_000_000
"""The largest article file accepted, in bytes (2 MB). A news article is rarely over 100 KB;
deriving takes time and memory in proportion to the text (about 4 CPU seconds and 13 MB
per 100 KB on a shared 2-core machine: a minute or more and a few hundred MB for 2 MB), so
one runaway file (a whole book, a log, a concatenated dump) is refused with an error naming
it before anything is read or derived, and the rest of the batch goes on. The language
pipeline accepts texts of this length."""

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


class Article(BaseModel):
    """One news article.

    Invariants: ``text`` is the body after the front matter exactly as in the file (every
    evidence offset points into it); ``sha256`` is the hex digest of ``text`` as UTF-8;
    ``text`` is not blank. ``published`` is the first day of the publication date as the
    front matter knows it, to ``published_precision`` (``2019-01`` is January 2019: its
    first day, precision ``month``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    published: date
    published_precision: Precision = "day"
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    wire: str | None = None
    negotiation: str | None = None
    text: str
    sha256: str
    source_path: str | None = None

    @property
    def published_on(self) -> WorldDate:
        """The publication date at the precision it is known (a day, a month or a year)."""
        if self.published_precision == "year":
            return WorldDate(year=self.published.year)
        if self.published_precision == "month":
            return WorldDate(year=self.published.year, month=self.published.month)
        return WorldDate.of_day(self.published)


def text_sha256(text: str) -> str:
    """The hex SHA-256 of a text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _UniqueKeyLoader(yamltext.SAFE_LOADER):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml's when available), except that a key given twice in one
    mapping is an error (by default the last one silently wins, so a second ``published:``
    would hide the first)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base constructor reports it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key {key!r} twice",
                    key_node.start_mark,
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _text_field(
    meta: dict[str, Any], key: str, source: str, line: int, *, is_id: bool = False
) -> str | None:
    """A text field of the front matter: None when absent or blank; an error when YAML read
    it as anything but text (``id: [1, 2]``, ``title: yes``, ``id: 0123``, which YAML reads as
    the number 83), or when an id breaks the id rules."""
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        kind = {bool: "true/false", int: "a number", float: "a number"}.get(type(value))
        raise ArticleError(
            source,
            f"{key!r} must be text, not {kind or type(value).__name__} ({value!r}); "
            f'quote it: {key}: "..."',
            line=line,
        )
    text = value.strip()
    if not text:
        return None
    if is_id:
        problem = id_problem(text)
        if problem is not None:
            raise ArticleError(source, f"{key!r} {problem}: {text[:80]!r}", line=line)
    return text


_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?"
)


def _published(meta: dict[str, Any], source: str, line: int) -> tuple[date, Precision]:
    """The publication date and its precision: a day (2017-08-22, or a timestamp), a month
    (2019-01) or a year (2019)."""
    if "published" not in meta or meta["published"] in (None, ""):
        raise ArticleError(source, "front matter has no 'published' date", line=line)
    value = meta["published"]
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ArticleError(
            source,
            f"'published' is not a date like 2017-08-22, 2017-08 or 2017: {value!r}",
            line=line,
        )
    text = str(value).strip()
    month = _YEAR_MONTH.fullmatch(text)
    if month is not None and 1 <= int(month.group(2)) <= 12 and int(month.group(1)) >= 1:
        return date(int(month.group(1)), int(month.group(2)), 1), "month"
    if _YEAR.fullmatch(text) and int(text) >= 1:
        return date(int(text), 1, 1), "year"
    try:
        if _DAY.fullmatch(text):
            return date.fromisoformat(text), "day"
        if _TIMESTAMP.fullmatch(text):
            return datetime.fromisoformat(text).date(), "day"
        raise ValueError(text)
    except ValueError:
        raise ArticleError(
            source,
            f"'published' is not a date like 2017-08-22, 2017-08 or 2017: {text!r}",
            line=line,
        ) from None


def _field_line(block: str, key: str, first_line: int) -> int:
    """The file line of ``key:`` in the front matter, or the front matter's first line."""
    for offset, text in enumerate(block.splitlines()):
        if text.startswith(f"{key}:"):
            return first_line + offset
    return first_line


def parse_article(raw_text: str, source: str | Path) -> Article:
    """Parse an article's raw text; ``source`` names it in errors and in ``source_path``."""
    where = str(source)
    if len(raw_text) > MAX_ARTICLE_BYTES or len(raw_text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise ArticleError(where, _too_large(len(raw_text.encode("utf-8"))))
    match = _FRONT_MATTER.match(raw_text.lstrip("\ufeff"))
    if match is None:
        raise ArticleError(where, "no YAML front matter (the file must start with '---')", line=1)
    offset = len(raw_text) - len(raw_text.lstrip("\ufeff"))
    block = match.group(1) or ""
    try:
        meta = yaml.load(block, Loader=_UniqueKeyLoader) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ArticleError(where, f"front matter is not valid YAML: {problem}", line=line) from None
    except (ValueError, TypeError) as exc:  # e.g. an impossible date such as 2017-02-30
        raise ArticleError(where, f"front matter has an invalid value: {exc}", line=2) from None
    if not isinstance(meta, dict):
        raise ArticleError(where, "front matter must be a YAML mapping", line=2)

    def field(key: str, *, is_id: bool = False) -> str | None:
        return _text_field(meta, key, where, _field_line(block, key, 2), is_id=is_id)

    article_id = field("id", is_id=True)
    if article_id is None:
        raise ArticleError(where, "front matter has no 'id'", line=2)
    published, precision = _published(meta, where, _field_line(block, "published", 2))
    text = raw_text[offset + match.end() :]
    if not text.strip():
        raise ArticleError(where, "the article has no text after the front matter")
    return Article(
        id=article_id,
        published=published,
        published_precision=precision,
        outlet=field("outlet"),
        title=field("title"),
        url=field("url"),
        wire=field("wire"),
        negotiation=field("negotiation", is_id=True),
        text=text,
        sha256=text_sha256(text),
        source_path=where,
    )


def _too_large(size: int) -> str:
    return (
        f"the article is {size:,} bytes, over the limit of {MAX_ARTICLE_BYTES:,} bytes for one "
        "article (see MAX_ARTICLE_BYTES in timeline/derivation/articles.py); not derived"
    )


def check_size(article: Article, where: str | Path) -> None:
    """Raise ArticleError when an article's text is over :data:`MAX_ARTICLE_BYTES`."""
    text = article.text
    if len(text) > MAX_ARTICLE_BYTES or len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise ArticleError(where, _too_large(len(text.encode("utf-8"))))


def read_article(path: Path | str) -> Article:
    """Read and parse one article file; raises ``ArticleError`` naming the file."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_ARTICLE_BYTES:  # refused before reading it into memory
            raise ArticleError(file, _too_large(size))
        data = file.read_bytes()
    except OSError as exc:
        raise ArticleError(file, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError(file, f"not UTF-8 (byte {exc.start})", line=line) from None
    return parse_article(raw, file)
