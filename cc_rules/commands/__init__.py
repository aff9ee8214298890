"""Click commands of the workflows beyond assess (explain, check, lint, verify, diff), one module each."""
