"""``python -m kkrparse``: the ``kkrparse`` command, for when the script is not on PATH."""

from kkrparse.cli import main

if __name__ == "__main__":
    main()
