"""Hypothesis profiles for the property tests, chosen with ``--hypothesis-profile NAME``.

- ``state-long``: 300 examples per database for the state property test
  (tests/property/test_state_properties.py), for a longer run on demand; the suite's
  default runs a few examples (``TIMELINE_STATE_EXAMPLES`` sets another count).

Registered from the root conftest, before Hypothesis's pytest plugin loads the profile.
"""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "state-long",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
