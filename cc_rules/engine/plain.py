"""The plain evaluator: Kleene three-valued logic walked directly over the compiled conditions."""

from __future__ import annotations

from collections.abc import Mapping

from cc_rules import model
from cc_rules.compile import compiler
from cc_rules.engine import Evaluation, Outcome, Value, values


def condition(cond: model.Condition, facts: Mapping[str, Value]) -> Outcome:
    """True, False or None (unknown) for one condition."""
    if isinstance(cond, model.All):
        result: Outcome = True
        for child in cond.items:
            value = condition(child, facts)
            if value is False:
                return False
            if value is None:
                result = None
        return result
    if isinstance(cond, model.AnyOf):
        result = False
        for child in cond.items:
            value = condition(child, facts)
            if value is True:
                return True
            if value is None:
                result = None
        return result
    if isinstance(cond, model.Not):
        value = condition(cond.item, facts)
        return None if value is None else not value
    if isinstance(cond, model.Exists):
        return (cond.fact in facts) == cond.present
    fact = facts.get(cond.fact)
    if fact is None:
        return None
    if isinstance(cond, model.In):
        return fact in cond.values
    if isinstance(cond, model.Contains):
        return cond.value in fact  # type: ignore[operator]
    right = values.operand(cond.operand, facts)
    if right is None:
        return None
    return values.COMPARE[cond.op](fact, right)


class PlainEvaluator:
    name = "plain"

    def evaluate(self, compiled: compiler.CompiledPack, facts: Mapping[str, Value]) -> Evaluation:
        known = dict(facts)
        outcomes: list[Outcome] = [None] * len(compiled.rules)
        derived: dict[str, bool] = {}
        for stratum in range(compiled.strata):
            for rule in compiled.rules:
                if rule.stratum != stratum:
                    continue
                outcome = condition(rule.when, known)
                outcomes[rule.index] = outcome
                target = rule.rule.then.derive
                if target is not None and outcome is not None:
                    derived[target] = outcome
            known.update(derived)
        return Evaluation(tuple(outcomes), tuple(sorted(derived.items())), self.name)
