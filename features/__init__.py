"""Executable specifications of `timeline` in Gherkin, and the step library that runs them."""
