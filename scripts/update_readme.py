"""Refresh the README's demo block with the real output of ``entente demo``.

Run after changing a built-in scenario or the demo; ``tests/test_readme.py``
fails until the README shows what the code prints.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- demo-output -->\n```text\n)(.*?)(```\n)", re.DOTALL)


def demo_output() -> str:
    """What ``entente demo`` prints; its reports go to a scratch folder, not the work tree
    (tests may run this side by side)."""
    with tempfile.TemporaryDirectory(prefix="entente-demo-") as scratch:
        completed = subprocess.run(
            [sys.executable, "-m", "entente", "demo"],
            capture_output=True,
            text=True,
            check=True,
            cwd=scratch,
        )
    return completed.stdout


def main() -> None:
    text = README.read_text()
    if not BLOCK.search(text):
        sys.exit("README.md has no <!-- demo-output --> block")
    README.write_text(BLOCK.sub(lambda m: m.group(1) + demo_output() + m.group(3), text, count=1))


if __name__ == "__main__":
    main()
