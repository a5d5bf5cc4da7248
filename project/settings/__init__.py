"""Settings package: ``base`` holds what is shared; ``dev``, ``prod`` and ``test`` adjust it."""
