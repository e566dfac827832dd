"""Scenarios in Gherkin: the step library of ``timeline`` as a pytest plugin.

``pip install "timeline[scenarios]"`` installs the plugin (``timeline.scenarios.plugin``);
``.feature`` files then run with ``pytest`` and the steps ``timeline steps`` lists. A project
declares steps of its own with the decorators below (pytest-bdd's, recorded in the registry
so the feature checks and ``timeline steps`` know them):

    from timeline.scenarios import then

    @then('the status is "{status:Quoted}" again', examples=['the status is "stalled" again'])
    def status_again(state: NegotiationState, status: str) -> None:
        '''The status, once more.'''
        assert state.status.value == status

The decorators are imported on first use, so importing this package needs no pytest-bdd.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeline.scenarios.registry import given, then, when

__all__ = ["given", "then", "when"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from timeline.scenarios import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
