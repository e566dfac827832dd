"""The step library: Given / When / Then steps by domain noun, loaded as pytest plugins.

``STEP_MODULES`` lists every module; ``features/conftest.py`` registers them and the doc test
checks that ``docs/writing-features.md`` lists every step they define.
"""

STEP_MODULES = (
    "features.steps.articles",
    "features.steps.ingest",
    "features.steps.state",
    "features.steps.proposals",
    "features.steps.agreement",
    "features.steps.meetings",
    "features.steps.positions",
    "features.steps.figures",
    "features.steps.explain",
)
