"""The evaluation set (data/qa.jsonl), its loader, metrics, runner, report, gate and calibrations
(`otsqa evals run|calibrate`). The benchmarks are tooling: `tools/bench/`."""
