"""Keep every library offline and quiet. Called once by each entry point (CLI, app, tests, benchmarks)
before anything imports torch, transformers, chromadb, onnxruntime or gradio: several of them read
these variables at import time and otherwise phone home or try to download models.
"""

from __future__ import annotations

import os

from otsqa.settings import Settings

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime phones home on import otherwise
    "TOKENIZERS_PARALLELISM": "false",
    "DO_NOT_TRACK": "1",
    "OTEL_SDK_DISABLED": "true",  # FastAPI and Chroma carry OpenTelemetry hooks: no exporter may start
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",  # no "Loading weights" bar on stderr
}


def apply(settings: Settings | None = None) -> None:
    """Force the offline switches and point library caches into the data dir."""
    os.environ.update(OFFLINE_ENV)
    if settings is not None:
        cache = settings.data_dir / "cache"
        os.environ.setdefault("LLAMA_INDEX_CACHE_DIR", str(cache / "llama_index"))
        os.environ.setdefault("GRADIO_TEMP_DIR", str(cache / "gradio"))
