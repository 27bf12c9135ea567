"""``python -m kkrparse.runner OPTIONS_JSON LIMITS_JSON``: a worker, serving jobs from stdin."""

import sys

from kkrparse.runner import _worker_main

sys.exit(_worker_main(sys.argv[1:]))
