"""`python -m tui` opens opsdesk, like the `opsdesk` command."""

import sys

from tui.cli import main

sys.exit(main())
