"""The step library: Given / When / Then steps by domain noun, loaded as pytest plugins.

``STEP_MODULES`` lists every module; the plugin (``timeline.scenarios.plugin``) registers
them, so their steps are visible to every feature file, and the doc test checks that
``docs/writing-features.md`` lists every step they declare.
"""

STEP_MODULES = (
    "timeline.scenarios.steps.articles",
    "timeline.scenarios.steps.catalog",
    "timeline.scenarios.steps.ingest",
    "timeline.scenarios.steps.state",
    "timeline.scenarios.steps.proposals",
    "timeline.scenarios.steps.agreement",
    "timeline.scenarios.steps.meetings",
    "timeline.scenarios.steps.positions",
    "timeline.scenarios.steps.figures",
    "timeline.scenarios.steps.explain",
    "timeline.scenarios.steps.curation",
)
