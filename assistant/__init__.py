"""Retrieval and cited answers over the store.

`open_assistant(settings, config)` gives an `Assistant` with `ask(question, history) -> Answer` and
`retrieve(question, k)`; `Answer.to_json()` is the contract the CLI, evals and web API share.
"""

from assistant.answer import Answer, Citation, Passage
from assistant.assistant import Assistant, BaseAssistant, GroundedAssistant
from assistant.configs import CONFIGS, DEFAULT_CONFIG, build_assistant, open_assistant
from assistant.hybrid import Filters

__all__ = [
    "Answer",
    "Assistant",
    "BaseAssistant",
    "GroundedAssistant",
    "CONFIGS",
    "Citation",
    "DEFAULT_CONFIG",
    "Filters",
    "Passage",
    "build_assistant",
    "open_assistant",
]
