#!/usr/bin/env python3
"""The way in, the same on every system: ``py dev.py run`` and ``py dev.py test``.

``run`` creates ``.venv`` when it is missing, installs the locked requirements when
they changed, migrates, adds demo data to an empty database and serves the site;
``test`` does the same set-up and runs the whole test suite (extra arguments go to
pytest). ``python dev.py`` or ``python3 dev.py`` on Linux and macOS; ``make run`` and
``make test`` call it too. The work is done by ``tools/devcli.py``.

This file is read by whatever Python the person has, so it keeps to syntax that
every Python, 2.7 included, can parse: an old one then gets one sentence saying
what to install instead of a SyntaxError.
"""

import os
import sys

REQUIRED = (3, 11)

if sys.version_info[:2] < REQUIRED:
    sys.exit(
        "This project needs Python %d.%d or newer, but dev.py was started with Python %d.%d: "
        "install Python %d.%d (https://www.python.org/downloads/, or your system's python%d.%d "
        "package) and start dev.py with it, for example `py -%d.%d dev.py run` on Windows "
        "or `python%d.%d dev.py run` elsewhere."
        % (REQUIRED + tuple(sys.version_info[:2]) + REQUIRED * 4)
    )

# The project folder, whatever the current directory (and even under python -P).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from tools.devcli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
