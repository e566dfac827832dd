"""The catalog: parties, people with date-bounded roles, negotiations and their aliases.

The shipped catalog is two layers: every country and bloc (``timeline.derivation.world``,
from the country packages and ``catalog/parties.yaml``), then ``catalog/default.yaml``
(people with dated roles, negotiations and their aliases). A user file merges over both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from timeline.derivation import yamltext
from timeline.derivation.world import world_layer
from timeline.domain.events import UNASSIGNED
from timeline.domain.values import id_problem
from timeline.errors import CatalogError

SHIPPED_CATALOG = "default.yaml"


class Party(BaseModel):
    """A negotiating party: a short code (``US``), a name and the aliases the news uses.

    ``members`` (blocs only): the members that also speak for themselves in the bloc's
    negotiations ("Brazilian President Bolsonaro hailed the EU-Mercosur deal" is Brazil's
    position); ``*`` stands for every party (the WTO's membership).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


class Ambiguity(BaseModel):
    """When an alias that also reads as something else names its party (all rules are data).

    ``unless_before`` / ``unless_after``: phrases right before / after the alias
    (case-insensitive); ``unless_in_article``: words anywhere in the article; ``only_with``:
    the alias counts only where the article names one of these parties by another alias;
    ``shared_by``: other parties the alias may name (a legislature's name several countries
    use: "National Assembly"): it names the one of them, its own party included, that the
    article names by another alias, and no party where none or several are;
    ``name_part``: next to a capitalised name word it is part of a person's name.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    alias: str
    unless_before: tuple[str, ...] = ()
    unless_after: tuple[str, ...] = ()
    unless_in_article: tuple[str, ...] = ()
    only_with: tuple[str, ...] = ()
    shared_by: tuple[str, ...] = ()
    name_part: bool = False


class Role(BaseModel):
    """A person's office for a party between two days (``until`` None: still in office)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    party: str
    title: str
    start: date = Field(alias="from")
    until: date | None = None

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)


class Person(BaseModel):
    """A person the news quotes. Invariant: roles are listed in time order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    aliases: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()

    def role_on(self, day: date) -> Role | None:
        """The role held on ``day``, else the nearest earlier one, else the first."""
        held = [r for r in self.roles if r.holds_on(day)]
        if held:
            return held[-1]
        return None

    def nearest_role(self, day: date) -> Role | None:
        """The role held on ``day``, or the closest one in time (for background sentences)."""
        if not self.roles:
            return None
        on = self.role_on(day)
        if on is not None:
            return on

        def distance(role: Role) -> int:
            if day < role.start:
                return (role.start - day).days
            return (day - (role.until or day)).days

        return min(self.roles, key=distance)


class Negotiation(BaseModel):
    """A negotiation: id (``korus``), name, aliases as text names it, and its parties."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()


class Catalog(BaseModel):
    """Parties, people and negotiations.

    Invariants: party codes are upper case and unique; every role and negotiation names a
    known party; negotiation ids are unique, never ``unassigned``, and follow the id rules
    (:func:`timeline.domain.values.id_problem`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    parties: tuple[Party, ...]
    people: tuple[Person, ...] = ()
    negotiations: tuple[Negotiation, ...] = ()
    not_parties: tuple[str, ...] = ()
    ambiguities: tuple[Ambiguity, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Catalog:
        codes = [p.code for p in self.parties]
        if len(set(codes)) != len(codes):
            raise ValueError("party codes must be unique")
        known = set(codes)
        for person in self.people:
            for role in person.roles:
                if role.party not in known:
                    raise ValueError(f"{person.name}: role names unknown party {role.party!r}")
        for negotiation in self.negotiations:
            if negotiation.id == UNASSIGNED:
                raise ValueError(f"{UNASSIGNED!r} is reserved, not a negotiation id")
            problem = id_problem(negotiation.id)
            if problem is not None:
                raise ValueError(f"negotiation id {negotiation.id[:80]!r} {problem}")
            unknown = set(negotiation.parties) - known
            if unknown:
                raise ValueError(f"negotiation {negotiation.id}: unknown parties {sorted(unknown)}")
        return self

    # -- parties ---------------------------------------------------------------------------

    def party_codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.parties)

    def party(self, code: str) -> Party | None:
        return self._parties_by_code.get(code)

    @cached_property
    def _parties_by_code(self) -> dict[str, Party]:
        return {p.code: p for p in self.parties}

    @cached_property
    def _party_alias_table(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for party in self.parties:
            for alias in (party.name, *party.aliases):
                table.setdefault(alias, party.code)
        return table

    def party_aliases(self) -> dict[str, str]:
        """Alias text -> party code (names included; a code is an alias only when listed:
        "US" is, "IN" and "TO" are not)."""
        return dict(self._party_alias_table)

    @cached_property
    def lower_party_table(self) -> dict[str, str]:
        """Lower-cased alias or code -> party code, the aliases of ``not_parties`` left out
        (read only: built once per catalog)."""
        excluded = {name.lower() for name in self.not_parties}
        table = {
            alias.lower(): code
            for alias, code in self._party_alias_table.items()
            if alias.lower() not in excluded
        }
        table.update({code.lower(): code for code in self.party_codes()})
        return table

    @cached_property
    def _person_alias_table(self) -> dict[str, Person]:
        table: dict[str, Person] = {}
        for person in self.people:
            for alias in (person.name, *person.aliases):
                table.setdefault(alias, person)
        return table

    def person_aliases(self) -> dict[str, Person]:
        """Full-name alias -> person (surnames excluded: they need an earlier full mention)."""
        return dict(self._person_alias_table)

    def person_surnames(self) -> dict[str, list[Person]]:
        table: dict[str, list[Person]] = {}
        for person in self.people:
            for surname in person.surnames:
                table.setdefault(surname, []).append(person)
        return table

    def person(self, name: str) -> Person | None:
        return self._person_alias_table.get(name)

    def ambiguity(self, alias: str) -> Ambiguity | None:
        """The rules deciding when ``alias`` names its party (None: it always does)."""
        return self._ambiguity_table.get(alias)

    @cached_property
    def _ambiguity_table(self) -> dict[str, Ambiguity]:
        return {a.alias: a for a in self.ambiguities}

    def party_of_person(self, name: str, on: date) -> str | None:
        """The party a person speaks for on a day (their role then, or the nearest role)."""
        person = self.person(name)
        if person is None:
            return None
        role = person.nearest_role(on)
        return role.party if role else None

    def lookup_party(self, alias: str, on: date | None = None) -> str | None:
        """The party an alias names: a party alias ("Seoul") or a person ("Lighthizer")."""
        text = alias.strip()
        if text in self.not_parties:
            return None
        code = self._party_alias_table.get(text)
        if code is not None:
            return code
        day = on or date.today()
        person = self.person(text)
        if person is None:
            candidates = self.person_surnames().get(text, [])
            held = [p for p in candidates if p.role_on(day) is not None]
            person = held[0] if len(held) == 1 else None
        if person is None:
            return None
        role = person.nearest_role(day)
        return role.party if role else None

    # -- negotiations ----------------------------------------------------------------------

    def negotiation_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.negotiations)

    def negotiation(self, negotiation_id: str) -> Negotiation | None:
        return next((n for n in self.negotiations if n.id == negotiation_id), None)

    def speaks_within(self, code: str, parties: tuple[str, ...]) -> bool:
        """``code`` is one of ``parties`` or a member of one that speaks for itself."""
        if code in parties:
            return True
        for bloc in parties:
            party = self.party(bloc)
            if party is not None and (code in party.members or "*" in party.members):
                return True
        return False

    def negotiation_parties(self, negotiation_id: str) -> tuple[str, ...]:
        found = self.negotiation(negotiation_id)
        return found.parties if found else ()

    def resolve_negotiation(self, text: str) -> str:
        """The negotiation the text names most often (ties: the first named), or unassigned."""
        best: tuple[int, int, str] | None = None
        for negotiation in self.negotiations:
            count, first = 0, len(text)
            for alias in (negotiation.name, *negotiation.aliases):
                for match in _alias_regex(alias).finditer(text):
                    count += 1
                    first = min(first, match.start())
            if count and (best is None or (count, -first) > (best[0], -best[1])):
                best = (count, first, negotiation.id)
        return best[2] if best else UNASSIGNED


@cache
def _alias_regex(alias: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.-])" + re.escape(alias) + r"(?![\w-]|\.\w)")


def _as_list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a list")
    return value


def _catalog_dict(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Turn the YAML layout (parties and negotiations keyed by id) into model fields."""
    parties_raw = raw.get("parties") or {}
    if not isinstance(parties_raw, Mapping):
        raise ValueError("'parties' must map codes to {name, aliases}")
    negotiations_raw = raw.get("negotiations") or {}
    if not isinstance(negotiations_raw, Mapping):
        raise ValueError("'negotiations' must map ids to {name, aliases, parties}")
    ambiguities_raw = raw.get("ambiguities") or {}
    if not isinstance(ambiguities_raw, Mapping):
        raise ValueError("'ambiguities' must map aliases to their rules")
    return {
        "parties": [{"code": str(code), **(body or {})} for code, body in parties_raw.items()],
        "people": _as_list(raw.get("people"), "'people'"),
        "negotiations": [
            {"id": str(key), **(body or {})} for key, body in negotiations_raw.items()
        ],
        "not_parties": _as_list(raw.get("not_parties"), "'not_parties'"),
        "ambiguities": [
            {"alias": str(key), **(body or {})} for key, body in ambiguities_raw.items()
        ],
    }


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Merge a user catalog over the shipped one: parties, people and negotiations by key."""
    merged = dict(base)
    for key in ("parties", "negotiations", "ambiguities"):
        table = dict(merged.get(key) or {})
        for name, body in (extra.get(key) or {}).items():
            old = dict(table.get(name) or {})
            new = dict(body or {})
            if "aliases" in new and "aliases" in old:
                new["aliases"] = list(dict.fromkeys([*old["aliases"], *new["aliases"]]))
            table[name] = {**old, **new}
        merged[key] = table
    people = {p["name"]: p for p in merged.get("people") or [] if isinstance(p, dict)}
    for person in _as_list(extra.get("people"), "'people'"):
        if not isinstance(person, dict) or "name" not in person:
            raise ValueError("each person needs a 'name'")
        people[person["name"]] = {**people.get(person["name"], {}), **person}
    merged["people"] = list(people.values())
    merged["not_parties"] = list(
        dict.fromkeys([*(merged.get("not_parties") or []), *(extra.get("not_parties") or [])])
    )
    return merged


def _read_yaml(text: str, source: str) -> dict[str, Any]:
    try:
        data = yamltext.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogError(source, f"not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CatalogError(source, "a catalog must be a YAML mapping")
    return data


@cache
def _shipped_raw() -> str:
    return (files("timeline") / "catalog" / SHIPPED_CATALOG).read_text(encoding="utf-8")


def catalog_from_mappings(layers: Iterable[tuple[str, Mapping[str, Any]]]) -> Catalog:
    """Build a catalog from YAML-shaped mappings, later layers overriding earlier ones."""
    merged: dict[str, Any] = {}
    source = "<catalog>"
    for source, layer in layers:
        try:
            merged = _merge(merged, layer)
        except (ValueError, TypeError, AttributeError) as exc:
            raise CatalogError(source, str(exc)) from None
    try:
        return Catalog.model_validate(_catalog_dict(merged))
    except (ValidationError, ValueError, TypeError) as exc:
        raise CatalogError(source, str(exc)) from None


def _shipped_layers() -> list[tuple[str, Mapping[str, Any]]]:
    """The world's parties, then the shipped people and negotiations."""
    return [
        ("parties.yaml", world_layer()),
        (SHIPPED_CATALOG, _read_yaml(_shipped_raw(), SHIPPED_CATALOG)),
    ]


@cache
def _shipped_catalog() -> Catalog:
    return catalog_from_mappings(_shipped_layers())


def load_catalog(extra_path: Path | None = None) -> Catalog:
    """The shipped catalog, merged with a user YAML file when given."""
    if extra_path is None:
        return _shipped_catalog()
    try:
        extra_text = Path(extra_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(extra_path, f"cannot read the catalog: {exc}") from None
    return catalog_from_mappings(
        [*_shipped_layers(), (str(extra_path), _read_yaml(extra_text, str(extra_path)))]
    )
