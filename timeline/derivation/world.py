"""Every country and bloc as a party: ISO 3166 from pycountry, demonyms and capitals from
countryinfo, and what no package has from ``timeline/catalog/parties.yaml``.

The result is one catalog layer shaped like the YAML a user writes (``parties`` keyed by
code, ``not_parties``, ``ambiguities``), so the shipped catalog and user files merge over it.
An alias the packages give to two parties ("Congolese", "Jerusalem") names neither unless
``parties.yaml`` assigns it; an alias listed there belongs to its party only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

import pycountry
from countryinfo import CountryInfo, CountryNotFoundError

from timeline.derivation import yamltext

PARTIES_FILE = "parties.yaml"


@cache
def parties_data() -> dict[str, Any]:
    """The project's own party data (``timeline/catalog/parties.yaml``)."""
    text = (files("timeline") / "catalog" / PARTIES_FILE).read_text(encoding="utf-8")
    data = yamltext.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{PARTIES_FILE} must be a mapping")
    return data


def _latin(text: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text)


def _ascii_fold(text: str) -> str:
    """ "Brasília" -> "Brasilia": the accent-free spelling wire copy often uses."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _variants(alias: str) -> list[str]:
    """The alias, its accent-free spelling and its typographic-apostrophe spelling."""
    out = [alias]
    folded = _ascii_fold(alias)
    if folded != alias:
        out.append(folded)
    for text in list(out):
        if "'" in text:
            out.append(text.replace("'", "’"))
    return out


def _clean_name(name: str | None) -> str | None:
    """A name as prose uses it: no inverted ISO forms ("Korea, Republic of"), no "the"."""
    if not name or ", " in name or "(" in name:
        return None
    name = name.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    return name or None


def _country_info(alpha2: str) -> Mapping[str, Any]:
    try:
        return CountryInfo(alpha2).info()
    except (CountryNotFoundError, KeyError, ValueError):
        return {}


def _package_aliases(country: Any, data: Mapping[str, Any]) -> tuple[str, list[str], list[str]]:
    """(display name, aliases, demonyms) of one ISO country from pycountry and countryinfo."""
    info = _country_info(country.alpha_2)
    form_words = set(data.get("official_form_words") or [])
    skipped_capitals = set(data.get("capitals_not_governments") or [])
    names = [
        _clean_name(getattr(country, "common_name", None)),
        _clean_name(country.name),
        _clean_name(info.get("name")),
        _clean_name(getattr(country, "official_name", None)),
    ]
    short = [n for n in names if n]
    display = short[0] if short else country.name
    aliases = list(dict.fromkeys(short))
    for spelling in info.get("altSpellings") or []:
        spelling = _clean_name(spelling)
        if spelling and _latin(spelling) and form_words & set(spelling.split()):
            aliases.append(spelling)
    demonyms = [d.strip() for d in str(info.get("demonym") or "").split(",") if d.strip()]
    capital = str(info.get("capital") or "").strip()
    if capital and capital not in skipped_capitals:
        aliases.append(capital)
    return display, [*aliases, *demonyms], demonyms


def _demonym_forms(demonym: str, data: Mapping[str, Any]) -> list[str]:
    """The plural ("Australians") and the template forms ("Australian government")."""
    endings = tuple(data.get("demonym_plural_endings") or [])
    forms = [demonym + "s"] if endings and demonym.endswith(endings) else []
    forms.extend(str(t).format(demonym=demonym) for t in data.get("templates") or [])
    return forms


def _assign(claims: dict[str, set[str]], explicit: Mapping[str, str]) -> dict[str, str]:
    """Alias -> code: an explicit alias goes to its party; a package alias claimed by one
    party goes to it; one claimed by several goes to none."""
    owner: dict[str, str] = dict(explicit)
    for alias, codes in claims.items():
        if alias not in owner and len(codes) == 1:
            owner[alias] = next(iter(codes))
    return owner


def _explicit(sections: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for section in sections:
        for code, body in section.items():
            for alias in (body or {}).get("aliases") or []:
                table.setdefault(str(alias), str(code))
    return table


@cache
def world_layer() -> dict[str, Any]:
    """The catalog layer of every ISO 3166 country and the blocs, shaped like catalog YAML."""
    data = parties_data()
    codes: Mapping[str, str] = data.get("codes") or {}
    countries: Mapping[str, Any] = data.get("countries") or {}
    blocs: Mapping[str, Any] = data.get("blocs") or {}
    dropped = set(data.get("dropped_aliases") or [])
    names: dict[str, str] = {}
    claims: dict[str, set[str]] = {}
    order: list[str] = []
    demonyms: dict[str, list[str]] = {}
    for country in pycountry.countries:
        code = codes.get(country.alpha_2, country.alpha_2)
        display, aliases, demonyms[code] = _package_aliases(country, data)
        names[code] = str((countries.get(code) or {}).get("name") or display)
        order.append(code)
        for alias in aliases:
            if alias not in dropped:
                claims.setdefault(alias, set()).add(code)
    explicit = _explicit([countries, blocs])
    owner = _assign(claims, explicit)
    for code, body in blocs.items():
        names[str(code)] = str((body or {}).get("name") or code)
        order.append(str(code))
    by_code: dict[str, list[str]] = {code: [] for code in order}
    taken: set[str] = set()
    for alias, code in owner.items():
        if code in by_code:
            by_code[code].append(alias)
            taken.add(alias)
    for code, own in demonyms.items():  # forms of a demonym go where the demonym went
        for demonym in own:
            if owner.get(demonym) != code:
                continue
            for form in _demonym_forms(demonym, data):
                if form not in taken and form not in dropped:
                    by_code[code].append(form)
                    taken.add(form)
    for aliases in by_code.values():
        for alias in list(aliases):
            for variant in _variants(alias)[1:]:
                if variant not in taken:
                    aliases.append(variant)
                    taken.add(variant)
    return {
        "parties": {
            code: {"name": names[code], "aliases": list(dict.fromkeys(by_code[code]))}
            for code in order
        },
        "not_parties": list(data.get("not_parties") or []),
        "ambiguities": dict(data.get("ambiguities") or {}),
    }


def iso_party_codes() -> tuple[str, ...]:
    """The party code of every ISO 3166-1 country (``UK`` for GB)."""
    codes: Mapping[str, str] = parties_data().get("codes") or {}
    return tuple(codes.get(c.alpha_2, c.alpha_2) for c in pycountry.countries)
