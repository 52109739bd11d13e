"""ots-assistant: cited answers about security cooperation among the Organization of Turkic States.

Cross-cutting pieces live here (settings, errors, the offline switches and the CLI); the pipeline
itself is the top-level packages `ingest` → `store` → `assistant`, with `evals` measuring it.
"""

__version__ = "0.1.0"
