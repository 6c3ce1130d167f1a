"""`python -m codesmell`."""

import sys

from codesmell.cli import main

# Guarded: a process pool started with "spawn" or "forkserver" (the default on
# Linux from Python 3.14) imports the parent's main module in each worker.
if __name__ == "__main__":
    sys.exit(main())
