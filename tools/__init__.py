"""Tooling for contributors, outside the Django project: dev.py's work (devcli.py)."""
