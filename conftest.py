"""The suite's shared fixtures, registered once for tests/ and features/ alike."""

pytest_plugins = ["tests.fixtures.databases", "tests.property.profiles"]
