"""The project package as an app, so the plumbing it owns can have a table: the
counters of the abuse limits (``project.models``)."""

from django.apps import AppConfig


class ProjectConfig(AppConfig):
    name = "project"
    verbose_name = "Project plumbing"
