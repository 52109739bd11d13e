"""Tooling for maintainers, not part of the installed package: the benchmarks (`python -m tools.bench.<name>`)
and the installer of the optional local language model (`python -m tools.llm_install`, run by `make llm`)."""
