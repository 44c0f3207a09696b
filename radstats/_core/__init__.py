"""Internals shared by every radstats area: errors, results, validation, design."""
