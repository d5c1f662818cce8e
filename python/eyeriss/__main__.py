"""``python3 -m eyeriss``: see eyeriss.cli."""

import sys

from .cli import main

sys.exit(main())
