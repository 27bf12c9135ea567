"""``python -m kkrparse.evaluate SAMPLES_DIR``: score the parser against a folder of truths."""

from kkrparse.evaluate import app

app()
