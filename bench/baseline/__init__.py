"""A tutorial-style Django site over the project's tables, for ``bench/run.py``.

What a newcomer writes after the Django tutorial: generic ``ListView`` and
``DetailView`` with Django's ``Paginator`` (``COUNT(*)`` and ``OFFSET``), a
``ModelForm`` for comments, plain templates, ``startproject``'s middleware, no
caching. Its models are unmanaged and mapped to ``entities_entity`` and
``comments_comment``, and it answers the same URLs as the project
(``/entities/?page=N``, ``/entities/<slug>/``, ``/entities/<slug>/comments/``),
so the same wrk script and comment writer drive both.

    cd bench && DATABASE_URL=postgres://… SECRET_KEY=… ../.venv/bin/gunicorn baseline.wsgi
"""
