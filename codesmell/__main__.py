"""`python -m codesmell`."""

import sys

from codesmell.cli import main

sys.exit(main())
