"""Award models: findings → level / score / conformity, gates, order, roadmap gain, lint advice, CI severity.

One class per model (`maturity`, `points`, `conformity`), registered here by the name a pack's `model:` gives. A new
way of awarding is a new class registered here (and its `award:` shape in the pack schema); a new standard using an
existing way is only a pack.
"""

from __future__ import annotations

from cc_rules.awards.base import AwardModel, Issue, Verdict
from cc_rules.awards.conformity import Conformity
from cc_rules.awards.maturity import Maturity
from cc_rules.awards.points import Points

REGISTRY: dict[str, AwardModel] = {m.name: m for m in (Maturity(), Points(), Conformity())}


def get(name: str) -> AwardModel:
    """The award model a pack names (the pack schema admits only registered names)."""
    return REGISTRY[name]


__all__ = ["REGISTRY", "AwardModel", "Issue", "Verdict", "get"]
