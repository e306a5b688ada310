"""``python -m bloodclarity``."""

import sys

from bloodclarity.cli import main

sys.exit(main())
