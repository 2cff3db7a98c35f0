"""The packaged app's entry point: the same ``popup`` command as ``python -m popup``."""

import multiprocessing
import sys

from popup.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
