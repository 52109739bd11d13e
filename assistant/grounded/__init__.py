"""The quoted (grounded) answerer, split by stage; the overview is in `answerer.py`.

- `params.py`: `GroundedParams`, every tuned number;
- `question_types.py`: what kind of thing a question asks for, and whether a text holds one;
- `quotable.py`: `Candidate`, and what prose can be quoted;
- `candidates.py`: the candidate sentences of a retrieval and their scores;
- `runs.py`: what completes the best sentence (its list, its next sentences, its footnote, the
  sentence it leans on), cited to one passage, in reading order;
- `confidence.py`: the confidence features and the decision to abstain;
- `answerer.py`: `GroundedAnswerer`, which composes them.

The names other modules use are re-exported here, so `from assistant.grounded import …` keeps working.
"""

from assistant.grounded.answerer import Composition, GroundedAnswerer
from assistant.grounded.confidence import ABSTAIN_TEXT
from assistant.grounded.params import GroundedParams
from assistant.grounded.question_types import expected_type, holds_type, question_parts
from assistant.grounded.quotable import Candidate

__all__ = [
    "ABSTAIN_TEXT",
    "Candidate",
    "Composition",
    "GroundedAnswerer",
    "GroundedParams",
    "expected_type",
    "holds_type",
    "question_parts",
]
