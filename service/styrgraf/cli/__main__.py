"""``python -m styrgraf.cli``: the same as the ``styrgraf`` command."""

import sys

from styrgraf.cli.main import main

sys.exit(main())
