"""Entities: the things people browse and comment on."""
