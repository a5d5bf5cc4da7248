"""Settings package: ``base`` holds what is shared, ``dev`` and ``prod`` adjust it."""
