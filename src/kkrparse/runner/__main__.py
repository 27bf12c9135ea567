"""``python -m kkrparse.runner OPTIONS_JSON LIMITS_JSON``: a worker, serving jobs from stdin."""

import sys

from kkrparse.runner.worker import main

sys.exit(main(sys.argv[1:]))
