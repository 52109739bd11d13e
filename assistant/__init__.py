"""Retrieval and cited answers over the store.

`open_assistant(settings, config)` gives an `Assistant` (the one contract of every configuration:
`stream`/`ask(question, history, filters) -> Answer`, `retrieve(question, k, filters)` and a `watch` on
its store); `Answer.to_json()` is the contract the CLI, evals and web API share.
"""

from assistant.answer import Answer, Citation, Passage
from assistant.assistant import Assistant, BaseAssistant, BaselineAssistant, GroundedAssistant
from assistant.configs import CONFIGS, DEFAULT_CONFIG, build_assistant, open_assistant
from assistant.retrieval import Filters, Retrieval, Retriever
from assistant.watch import StoreWatch

__all__ = [
    "Answer",
    "Assistant",
    "BaseAssistant",
    "BaselineAssistant",
    "GroundedAssistant",
    "CONFIGS",
    "Citation",
    "DEFAULT_CONFIG",
    "Filters",
    "Passage",
    "Retrieval",
    "Retriever",
    "StoreWatch",
    "build_assistant",
    "open_assistant",
]
