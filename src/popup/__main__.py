"""``python -m popup`` is the ``popup`` command."""

import sys

from popup.cli import main

sys.exit(main())
