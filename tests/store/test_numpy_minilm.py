"""MiniLM read with numpy (store/numpy_minilm.py) answers questions with the vectors ingest stored with
sentence-transformers, and the question path never imports torch (issue 24, point 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from store.embedding import QUERY_BATCH, bundled_model_dir
from store.numpy_minilm import NumpyMiniLM, _erf, make_question_embedder

TEXTS = [
    "What did Aliyev propose at the Gabala summit?",
    "Türkiye’s drones, the Middle Corridor and Tbilisi — 7 October 2025.",
    "Қазақстан және Түркия қорғаныс саласында ынтымақтасады.",  # Kazakh: word-pieces the model barely knows
    "a",
    "OTS",
    "word " * 400,  # beyond the 256 word-pieces the model reads: cut as sentence-transformers cuts it
    "The ministers met in Baku. " * 12,
]


@pytest.fixture(scope="module")
def numpy_minilm():
    return NumpyMiniLM(bundled_model_dir())


@pytest.mark.slow
def test_the_vectors_are_sentence_transformers_own(numpy_minilm, embedder):
    ours = numpy_minilm.embed_array(TEXTS)
    theirs = embedder.embed_array(TEXTS)
    assert ours.shape == theirs.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    assert np.abs(ours - theirs).max() < 1e-5
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_question_alone_and_in_a_batch_get_the_same_vector(numpy_minilm):
    question = TEXTS[0]
    alone = numpy_minilm.embed_array([question])[0]
    batch = numpy_minilm.embed_array([question] + TEXTS[1:] + [f"filler {i}" for i in range(QUERY_BATCH + 3)])[0]
    assert np.abs(alone - batch).max() < 1e-5  # padding in a batch changes nothing
    assert numpy_minilm.embed([]) == [] and numpy_minilm.embed_array([]).size == 0
    assert numpy_minilm.embed([question])[0] == pytest.approx(alone.tolist(), abs=1e-7)


def test_tokens_are_counted_as_the_torch_embedder_counts_them(numpy_minilm, embedder):
    assert numpy_minilm.count_tokens(TEXTS) == embedder.count_tokens(TEXTS)
    assert numpy_minilm.model_id == embedder.model_id and numpy_minilm.max_tokens == embedder.max_tokens


def test_erf_is_accurate_enough_for_gelu():
    from math import erf

    xs = np.linspace(-6, 6, 2001)
    assert np.abs(_erf(xs) - np.array([erf(x) for x in xs])).max() < 2e-7


def test_a_model_folder_of_another_architecture_is_refused(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    for name in ("tokenizer.json",):
        (folder / name).write_bytes((bundled_model_dir() / name).read_bytes())
    config = json.loads((bundled_model_dir() / "config.json").read_text()) | {"hidden_act": "relu"}
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="not a BERT this reader knows"):
        NumpyMiniLM(folder)


def test_the_question_embedder_is_chosen_by_the_setting():
    assert isinstance(make_question_embedder("numpy"), NumpyMiniLM)
    assert type(make_question_embedder("torch")).__name__ == "SentenceTransformerEmbedder"


@pytest.mark.slow
def test_answering_a_question_imports_no_torch(ingested):
    """`otsqa ask` as a user runs it, in a process of its own: the answer comes, and neither torch nor
    sentence-transformers was imported on the way."""
    script = (
        "import sys; from cli.main import main; code = main(['ask', '--json', 'Where was the 12th OTS summit held?']);"
        "loaded = {'torch', 'sentence_transformers', 'transformers'} & set(sys.modules);"
        "print('TORCH' if loaded else 'NO-TORCH', file=sys.stderr);"
        "sys.exit(code)"
    )
    env = os.environ | {"OTSQA_DATA_DIR": str(ingested.settings.data_dir)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["citations"] and "Gabala" in json.loads(done.stdout)["answer"]
    assert done.stderr.strip().endswith("NO-TORCH"), done.stderr
