"""Derivation: articles and the catalog in, domain events grounded in quotes out."""
