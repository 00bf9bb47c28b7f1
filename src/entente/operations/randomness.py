"""Where roster randomness comes from: the OS's secure generator unless a seed is asked for.

A predictable rota is a beaten rota (DESIGN.md). Operational draws read
:func:`secrets.token_bytes`, the operating system's cryptographically secure
generator (``getrandom(2)`` on Linux), in bulk, so that drawing a year of
rosters costs one system call per chunk. A seed gives a reproducible draw
from numpy's PCG64 for tests and reproduction; a source made that way
says so (``seed`` is not None) and every export made from it carries the
seed, so a seeded draw is never mistaken for an operational one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from entente._exceptions import InputError

__all__ = ["RandomWords", "random_words"]

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]


@dataclass(frozen=True, eq=False)
class RandomWords:
    """Uniform random machine words, from ``secrets`` or from a seeded PCG64.

    Build it with :func:`random_words`. ``seed`` is None exactly when the
    words come from the operating system's secure generator.
    """

    seed: int | None
    _generator: np.random.Generator | None

    @property
    def secure(self) -> bool:
        return self._generator is None

    def words64(self, shape: int | tuple[int, ...]) -> U64:
        """Independent uniform 64-bit words."""
        size = int(np.prod(shape))
        if self._generator is None:
            words = np.frombuffer(secrets.token_bytes(8 * size), dtype=np.uint64)
        else:
            words = self._generator.integers(0, 2**64, size=size, dtype=np.uint64)
        return words.reshape(shape)

    def words32(self, shape: int | tuple[int, ...]) -> U32:
        """Independent uniform 32-bit words."""
        size = int(np.prod(shape))
        if self._generator is None:
            words = np.frombuffer(secrets.token_bytes(4 * size), dtype=np.uint32)
        else:
            words = self._generator.integers(0, 2**32, size=size, dtype=np.uint32)
        return words.reshape(shape)


def random_words(seed: int | None = None) -> RandomWords:
    """The secure source (``seed=None``, the default) or a reproducible seeded one."""
    if seed is None:
        return RandomWords(None, None)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed!r}")
    return RandomWords(int(seed), np.random.Generator(np.random.PCG64(int(seed))))
