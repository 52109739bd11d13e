"""The evaluation set (data/qa.jsonl), its runner and the benchmarks."""
