"""ots-assistant: cited answers about security cooperation among the Organization of Turkic States.

Cross-cutting pieces live here, importing nothing else of the project: settings, errors, the offline
switches and the language helpers (`otsqa.text`). The pipeline itself is the top-level packages
`ingest` → `store` → `assistant`, with `evals` measuring it and `cli` on top.
"""

__version__ = "0.1.0"
