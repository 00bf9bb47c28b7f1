"""``python -m entente``: the same command line as ``entente``."""

from entente._launch import main

main()
