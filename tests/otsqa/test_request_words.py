"""What a request is about once its request words are out (otsqa/request_words.py)."""

from __future__ import annotations

import pytest

from otsqa.request_words import subject_words


@pytest.mark.parametrize(
    "asked, subject",
    [
        ("FIN-INT/25-11 - what are the key takeaways?", "FIN-INT/25-11"),  # a reference number is one word
        ("summarise TRN/BR/2024-03 please", "TRN/BR/2024-03"),
        ("How does the account of Riyadh's port differ?", "Riyadh port"),  # "account": a view, not a subject
        ("Tokayev: how does the paper portray him?", "Tokayev"),
        ("why don't the Helsinki figures match", "Helsinki figures match"),
    ],
)
def test_the_subject_of_a_request(asked, subject):
    assert subject_words(asked) == subject
