"""The project's exceptions. Library code raises these; only the CLI and the app turn them into
exit codes or messages, so every message is written for the person who has to fix the problem.

    OtsqaError
    ├── SettingsError          a setting (OTSQA_* variable) has a bad value
    ├── StoreError             the vector store cannot be used
    │   ├── StoreNotFoundError     nothing has been ingested yet
    │   ├── StoreMismatchError     built with another embedding model or chunker
    │   ├── StoreUnavailableError  a Chroma server cannot be reached
    │   └── StoreDamagedError      its files are damaged (found before Chroma reads them) or Chroma cannot load them
    ├── IngestError            an ingest run cannot proceed at all
    │   ├── IngestLockedError      another ingest holds the store
    │   ├── IngestStoppedError     the library's ingest worker ended during the job (killed, crashed)
    │   └── UploadError            a file uploaded to the library is refused (names the file and why); nothing is written
    ├── ArticleNotFoundError   no article with that id in the collection (the library page and its API)
    ├── QuestionError          a question cannot be asked (empty, too long, bad history or filters)
    ├── ConfigError            an unknown configuration, or a calibration/baseline file that is unusable
    │   └── OverridesError         the article overrides file is unusable (names the file, the entry and the fix)
    ├── ModelError             a bundled model's files are missing or unreadable
    │   └── GeneratorError         a language model cannot write an answer (not installed, server down, time-out)
    ├── DatasetError           an evaluation set is empty or a line is malformed (names file, line and field)
    └── DocumentError          one file cannot be read (reported per file, never fatal to a run)
"""


class OtsqaError(Exception):
    """Base class: anything the user can act on."""


class SettingsError(OtsqaError):
    pass


class StoreError(OtsqaError):
    pass


class StoreNotFoundError(StoreError):
    pass


class StoreMismatchError(StoreError):
    pass


class StoreUnavailableError(StoreError):
    pass


class StoreDamagedError(StoreError):
    pass


class IngestError(OtsqaError):
    pass


class IngestLockedError(IngestError):
    pass


class IngestStoppedError(IngestError):
    """What was written is what a killed `otsqa ingest` leaves: nothing half-written is answered from."""


class UploadError(IngestError):
    """Raised before an uploaded file is written anywhere, so a refused upload leaves no trace."""


class ArticleNotFoundError(OtsqaError):
    pass


class QuestionError(OtsqaError):
    pass


class ConfigError(OtsqaError):
    pass


class OverridesError(ConfigError):
    """Raised before an ingest writes anything, so a bad file leaves the store as it was."""


class ModelError(OtsqaError):
    pass


class GeneratorError(ModelError):
    """The generative answerer turns this into the quoted answer with a note; elsewhere it is a message."""


class DatasetError(OtsqaError):
    pass


class DocumentError(OtsqaError):
    """A single file could not be turned into an article (empty, binary, corrupt, unreadable)."""
