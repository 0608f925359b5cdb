"""``python -m acukg``: the ``acukg`` command."""

from acukg.cli import main

main()
