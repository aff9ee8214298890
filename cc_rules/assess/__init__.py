"""Assessment: bind evidence to a compiled pack, evaluate, build findings, award, plan the roadmap (pure)."""
