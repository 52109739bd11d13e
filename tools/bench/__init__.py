"""Benchmarks: each times real commands or calls over several runs and writes its figures, with the
machine and the commit they were measured on, to `evals/reports/bench-<name>-<time>/` (see `report.py`).
`make bench` runs ingest, answer and web; `make bench-scale` the large-collection one."""
