"""Fuzzing the CLI with mutated evidence files and mutated bundled packs (`target.py`).

In CI: `tests/fuzz/test_fuzz.py`, a bounded number of examples (`CC_RULES_FUZZ_EXAMPLES`: 100 in a plain `pytest`
run, 2,000 in the CI's fuzz step).
By hand: `python -m tests.fuzz --minutes 30` (counts at the end; reproducers of broken promises under `--out`).
"""
