"""The suite's shared fixtures (the databases come from the timeline plugin, timeline.scenarios)."""

pytest_plugins = ["tests.fixtures.databases", "tests.property.profiles", "pytester"]
