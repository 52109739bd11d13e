"""Language models that write answers: one small interface, the real backends and a fake beside them.

    Generator.stream(messages) -> Iterator[str]   chat messages in, text pieces out, as they are written
    Generator.count_tokens(text) -> int           how much of the context a text takes (prompt budgets)

`LlamaCppGenerator` runs a local GGUF file with llama-cpp-python (an optional extra: `make llm`);
`OpenAICompatibleGenerator` streams from any OpenAI-compatible `/chat/completions` endpoint (llama.cpp's
server, Ollama, vLLM) over plain HTTP; `FakeGenerator` replays scripted outputs for tests. Whatever
goes wrong while writing (not installed, server down, time-out, a malformed stream) is raised as
GeneratorError, which the generative assistant turns into the quoted answer with a note.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from otsqa.errors import GeneratorError, SettingsError
from otsqa.settings import Settings

log = logging.getLogger(__name__)

Message = dict[str, str]  # {"role": "system"|"user"|"assistant", "content": "..."}
INSTALL_HINT = "run `make llm` (it builds llama-cpp-python once and installs the model)"


class Generator(Protocol):
    model_id: str

    def stream(self, messages: Sequence[Message]) -> Iterator[str]: ...

    def count_tokens(self, text: str) -> int: ...


def approx_tokens(text: str) -> int:
    """A tokenizer-free estimate (English BPE: about 4 characters per token), for remote models."""
    return max(1, (len(text) + 3) // 4)


class FakeGenerator:
    """Replays scripted outputs, one per call (the last one repeats). An output may be a function of
    the messages, or an exception to raise (e.g. GeneratorError, to test the fallback). Every call's
    messages are kept in ``calls``."""

    model_id = "fake"

    def __init__(self, outputs: Iterable[str | Exception | Callable[[Sequence[Message]], str]]):
        self.outputs = list(outputs)
        if not self.outputs:
            raise ValueError("FakeGenerator needs at least one scripted output")
        self.calls: list[list[Message]] = []

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        self.calls.append([dict(m) for m in messages])
        output = self.outputs[min(len(self.calls) - 1, len(self.outputs) - 1)]
        if isinstance(output, Exception):
            raise output
        text = output(messages) if callable(output) else output
        for i, word in enumerate(text.split(" ")):
            yield word if i == 0 else " " + word

    def count_tokens(self, text: str) -> int:
        return approx_tokens(text)


class LlamaCppGenerator:
    """A local GGUF model run by llama-cpp-python, greedy decoding (the same passages give the same answer).

    One model instance serves one answer at a time (llama.cpp contexts are not thread-safe). The
    prompt's fixed head (instructions) stays in llama.cpp's cache between questions, so only the
    passages and the question are read anew.
    """

    def __init__(self, model_path: Path, threads: int = 0, context: int = 2048, max_tokens: int = 160):
        # llama.cpp's OpenMP threads spin while they wait. When another process holds a core, the
        # spinning threads starve each other: measured here with one core busy, generation fell from
        # 11 to 0.4 tokens/s. Passive waiting keeps it at 11 (and costs ~5% on an idle machine).
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            from llama_cpp import Llama
        except ImportError:
            raise GeneratorError(f"llama-cpp-python is not installed (OTSQA_GENERATOR=llamacpp): {INSTALL_HINT}.") from None
        if not model_path.is_file():
            raise GeneratorError(f"No model file at {model_path} (OTSQA_LLM_MODEL_PATH): {INSTALL_HINT}.")
        self.model_id = model_path.name
        self.max_tokens = max_tokens
        self._lock = threading.Lock()
        try:
            self._llm = Llama(
                model_path=str(model_path),
                n_ctx=context,
                n_threads=threads or os.cpu_count() or 1,
                n_batch=512,
                seed=0,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise GeneratorError(f"llama.cpp could not load {model_path}: {exc}") from None

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        with self._lock:
            try:
                chunks = self._llm.create_chat_completion(
                    messages=list(messages), stream=True, temperature=0.0, max_tokens=self.max_tokens
                )
                for chunk in chunks:
                    text = chunk["choices"][0].get("delta", {}).get("content")
                    if text:
                        yield text
            except (ValueError, RuntimeError) as exc:  # e.g. the prompt does not fit the context
                raise GeneratorError(f"llama.cpp failed while writing the answer: {exc}") from None


class OpenAICompatibleGenerator:
    """Streams from ``<base_url>/chat/completions`` (OpenAI's wire format, ``stream: true``)."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60.0, max_tokens: int = 160):
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.model_id = model
        self.timeout = timeout
        self.max_tokens = max_tokens
        self._api_key = api_key  # sent in a header only; never logged or put in a message

    def count_tokens(self, text: str) -> int:
        return approx_tokens(text)

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        body = {
            "model": self.model,
            "messages": list(messages),
            "stream": True,
            "temperature": 0.0,
            "max_tokens": self.max_tokens,
        }
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(self.url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST")
        log.debug("asking %s (model %s)", self.url, self.model)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                for raw in response:
                    line = raw.decode("utf-8", "replace").strip()
                    if not line.startswith("data:"):
                        continue  # blank separators, comments, "event:" lines
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    text = _delta_text(json.loads(data), self.url)
                    if text:
                        yield text
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip() if exc.fp else ""
            hints = {401: " (check OTSQA_LLM_API_KEY)", 403: " (check OTSQA_LLM_API_KEY)", 404: " (check OTSQA_LLM_MODEL)"}
            hint = hints.get(exc.code, "")
            raise GeneratorError(f"The model server at {self.url} answered HTTP {exc.code}{hint}: {detail[:200]}") from None
        except (TimeoutError, socket.timeout):
            raise GeneratorError(
                f"The model server at {self.url} did not answer within {self.timeout:g} s (OTSQA_LLM_TIMEOUT)."
            ) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            raise GeneratorError(f"Cannot reach the model server at {self.url} ({reason}): check OTSQA_LLM_BASE_URL.") from None
        except (ConnectionError, OSError) as exc:
            raise GeneratorError(f"The connection to the model server at {self.url} failed: {exc}") from None
        except ValueError as exc:  # JSON
            raise GeneratorError(f"The model server at {self.url} sent a malformed stream: {exc}") from None


def _delta_text(chunk: object, url: str) -> str:
    if not isinstance(chunk, dict):
        raise GeneratorError(f"The model server at {url} sent a malformed stream chunk.")
    if chunk.get("error"):
        error = chunk["error"]
        message = error.get("message", error) if isinstance(error, dict) else error
        raise GeneratorError(f"The model server at {url} reported an error: {message}")
    choices = chunk.get("choices") or []
    if not choices or not isinstance(choices[0], dict):
        return ""
    delta = choices[0].get("delta") or {}
    return delta.get("content") or ""


def make_generator(settings: Settings, kind: str | None = None) -> Generator:
    """The generator the settings ask for (``kind`` overrides OTSQA_GENERATOR); backends load lazily."""
    kind = kind or settings.generator
    match kind:
        case "llamacpp":
            return LlamaCppGenerator(
                settings.local_model_path,
                threads=settings.llm_threads,
                context=max(1024, settings.llm_context_tokens + settings.llm_max_tokens + 512),
                max_tokens=settings.llm_max_tokens,
            )
        case "openai":
            if not settings.llm_base_url:
                raise SettingsError("OTSQA_LLM_BASE_URL: required with OTSQA_GENERATOR=openai (e.g. http://127.0.0.1:8000/v1)")
            if not settings.llm_model:
                raise SettingsError("OTSQA_LLM_MODEL: required with OTSQA_GENERATOR=openai (the model name the server serves)")
            key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
            return OpenAICompatibleGenerator(
                settings.llm_base_url, settings.llm_model, key, settings.llm_timeout, settings.llm_max_tokens
            )
        case _:
            raise SettingsError(f"OTSQA_GENERATOR: {kind!r} writes no answers; choose llamacpp or openai")
