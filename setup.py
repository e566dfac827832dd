"""Package list for setuptools: every timeline* package, plus the migrations folder.

pyproject.toml cannot combine ``packages.find`` with a package that lives outside the
``timeline/`` tree; ``migrations/`` is mapped to ``timeline._migrations`` by ``package-dir``.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["timeline", "timeline.*"]), "timeline._migrations"]
)
