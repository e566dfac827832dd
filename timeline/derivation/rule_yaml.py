"""Reading rule files as YAML 1.2 (no spaCy here: the rules' identity is hashed without it)."""

from __future__ import annotations

import re
from typing import Any

import yaml


class _RuleLoader(yaml.SafeLoader):
    """YAML 1.2 booleans only: words such as ``no``, ``on`` and ``off`` stay strings."""


_RuleLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_RuleLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def load_rule_yaml(text: str) -> Any:
    """Parse a rule file with YAML 1.2 booleans."""
    return yaml.load(text, Loader=_RuleLoader)
