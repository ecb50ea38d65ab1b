"""Allow `python -m refarch`."""

from refarch.cli import run

run()
