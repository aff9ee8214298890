"""The condition trees `explain` walks: they live in `assess.conditions`, which the assessment also uses to give each
finding its structured why-not; re-exported here for the explainer's callers."""

from cc_rules.assess.conditions import (
    Check,
    Fact,
    Node,
    _fact,
    closest_failures,
    fact_labels,
    node,
    options,
    param_paths,
)

__all__ = ["Check", "Fact", "Node", "_fact", "closest_failures", "fact_labels", "node", "options", "param_paths"]
