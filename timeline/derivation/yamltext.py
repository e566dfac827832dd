"""YAML text read safely, with libyaml's parser when PyYAML has it (same types, faster)."""

from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it, else the pure-Python one."""


def safe_load(text: str) -> Any:
    """``yaml.safe_load``, parsed by libyaml when available (raises ``yaml.YAMLError``)."""
    return yaml.load(text, Loader=SAFE_LOADER)
