"""The plain evaluator: Kleene three-valued logic over the compiled conditions, as closures built once per pack."""

from __future__ import annotations

from collections.abc import Mapping

from cc_rules import model
from cc_rules.compile import compiler
from cc_rules.engine import Evaluation, Outcome, Value, closures, values
from cc_rules.model import conditions as algebra


class _Kleene(algebra.Visitor[Outcome]):
    """One condition's outcome over `facts`: True, False or None (unknown). `all`/`any` stop early."""

    __slots__ = ("facts",)

    def __init__(self, facts: Mapping[str, Value]) -> None:
        self.facts = facts

    def all(self, cond: model.All) -> Outcome:
        result: Outcome = True
        for child in cond.items:
            value = child.accept(self)
            if value is False:
                return False
            if value is None:
                result = None
        return result

    def any(self, cond: model.AnyOf) -> Outcome:
        result: Outcome = False
        for child in cond.items:
            value = child.accept(self)
            if value is True:
                return True
            if value is None:
                result = None
        return result

    def not_(self, cond: model.Not) -> Outcome:
        value = cond.item.accept(self)
        return None if value is None else not value

    def exists(self, cond: model.Exists) -> Outcome:
        return (cond.fact in self.facts) == cond.present

    def in_(self, cond: model.In) -> Outcome:
        fact = self.facts.get(cond.fact)
        return None if fact is None else fact in cond.values

    def contains(self, cond: model.Contains) -> Outcome:
        fact = self.facts.get(cond.fact)
        return None if fact is None else cond.value in fact  # type: ignore[operator]

    def compare(self, cond: model.Compare) -> Outcome:
        fact = self.facts.get(cond.fact)
        if fact is None:
            return None
        right = values.operand(cond.operand, self.facts)
        if right is None:
            return None
        return values.COMPARE[cond.op](fact, right)


def condition(cond: model.Condition, facts: Mapping[str, Value]) -> Outcome:
    """True, False or None (unknown) for one condition."""
    return cond.accept(_Kleene(facts))


class PlainEvaluator:
    """Kleene logic through the pack's closures (`closures.py`), compiled once per pack content."""

    name = "plain"

    def evaluate(self, compiled: compiler.CompiledPack, facts: Mapping[str, Value]) -> Evaluation:
        """Every rule's outcome over `facts` (a fact's value is never None: a fact without a value is absent)."""
        prog = closures.program(compiled)
        known = dict(facts)
        flat: list[Outcome] = []
        derived: dict[str, bool] = {}
        for blocks, derives in prog.strata:
            for block in blocks:
                flat += block(known)
            if derives:
                for position, target in derives:
                    outcome = flat[position]
                    if outcome is not None:
                        derived[target] = outcome
                known.update(derived)
        return Evaluation(prog.reorder(flat), tuple(sorted(derived.items())), self.name)


class ReferenceEvaluator:
    """The same logic walked through the visitor, node by node: the reference the closures are tested against."""

    name = "plain"

    def evaluate(self, compiled: compiler.CompiledPack, facts: Mapping[str, Value]) -> Evaluation:
        known = dict(facts)
        outcomes: list[Outcome] = [None] * len(compiled.rules)
        derived: dict[str, bool] = {}
        kleene = _Kleene(known)
        for stratum in range(compiled.strata):
            for rule in compiled.rules:
                if rule.stratum != stratum:
                    continue
                outcome = rule.when.accept(kleene)
                outcomes[rule.index] = outcome
                target = rule.rule.then.derive
                if target is not None and outcome is not None:
                    derived[target] = outcome
            known.update(derived)
        return Evaluation(tuple(outcomes), tuple(sorted(derived.items())), self.name)
