"""``python -m kkrparse.evaluate SAMPLES_DIR``: score the parser against a folder of truths.

The command lives with the other commands, in :mod:`kkrparse.cli.evaluate`.
"""

from kkrparse.cli.evaluate import app

if __name__ == "__main__":
    app()
