"""The LP layer: the only way from entente to HiGHS.

Every solver states its LP or MILP as a maximisation over sparse rows and
column bounds and hands it to this layer, which owns the HiGHS options
(silence, tolerances, thread count), maps every status explicitly and
raises :class:`~entente.SolverError` on anything it does not understand.

- :mod:`~entente.solvers.lp.highs`: :class:`LinearProgram`, one-shot
  :func:`solve_linear` (with HiGHS 1.16's retries) and :func:`pin_threads`;
- :mod:`~entente.solvers.lp.rows`: one row type and the sparse program built
  from rows; :mod:`~entente.solvers.lp.builder`: columns and rows added by name;
- :mod:`~entente.solvers.lp.session`: one LP kept alive in HiGHS and changed
  in place (warm-started branch-and-cut nodes, column generation);
- :mod:`~entente.solvers.lp.deadline`: the one deadline every loop checks and
  the stop request (Ctrl-C) that ends it early.

No solver family is imported here: the layer knows LPs, not games.
"""
