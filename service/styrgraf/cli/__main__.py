"""``python -m styrgraf.cli``: the same as the ``styrgraf`` command."""

import sys

from styrgraf.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
