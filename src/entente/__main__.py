"""``python -m entente``: the same command line as ``entente``."""

from entente.cli import main

main()
