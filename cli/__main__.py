"""`python -m cli ...` is `otsqa ...` (tests and benchmarks run the CLI this way in a subprocess)."""

import sys

from cli.main import main

sys.exit(main())
