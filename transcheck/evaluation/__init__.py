"""Measurement harness for the dev data (``scripts/evaluate.py``): metric helpers and the ``events``
(ECB+ same-event reports) and ``seeds`` tasks. Nothing in this package runs at transcheck's run time,
and it uses transcheck only through public names (``transcheck.api``, ``transcheck.config``,
``transcheck.pipeline``, ``transcheck.results``, ``transcheck.devdata``). The task modules load a model
when called; importing the package loads none."""
