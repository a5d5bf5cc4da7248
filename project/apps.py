"""The project package as an app, for the plumbing's migrations (the cache table)
and its system check of the rates in settings (``project.rates``)."""

from django.apps import AppConfig


class ProjectConfig(AppConfig):
    name = "project"
    verbose_name = "Project plumbing"

    def ready(self) -> None:
        from . import rates  # noqa: F401  (registers the check of the rates)
