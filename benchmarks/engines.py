"""Reference evaluators for benchmarks/run.py, on the same compiled pack and pre-bound facts as cc-rules' own.

- `Floor`: the straight-line floor — the pack's conditions generated as one Python function of plain expressions
  (Kleene logic with `None` for unknown), compiled once. It is what no engine can beat in Python; cc-rules itself
  never generates source (this is a measuring stick for the benchmark only, fed our own generated pack).
- `Clips`: CLIPS through clipspy (optional: `pip install clipspy`, the `bench` extra). Like cc-rules' durable path,
  only the rules that hold are defined; a rule reading an absent fact (or an unknown computed operand) is completed
  by the plain fold, every other rule that did not fire is false. Derived facts are asserted stratum by stratum as
  ordered facts, which the next strata's rules join on.

Every evaluator returns the outcome tuple indexed like `CompiledPack.rules`; run.py checks them all against plain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cc_rules import model
from cc_rules.compile import compiler
from cc_rules.engine import closures
from cc_rules.model import conditions as algebra

Outcome = bool | None
_PY_OPS = {"eq": "==", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


# The straight-line floor ----------------------------------------------------------------------------------------


def _kall(*xs: Outcome) -> Outcome:
    return False if False in xs else (None if None in xs else True)


def _kany(*xs: Outcome) -> Outcome:
    return True if True in xs else (None if None in xs else False)


class _Py(algebra.Visitor[str], algebra.OperandVisitor[str]):
    """A condition as one Python expression over `g` (the facts' `get`) and `f` (the facts)."""

    def all(self, cond: model.All) -> str:
        return f"_kall({', '.join(c.accept(self) for c in cond.items)})"

    def any(self, cond: model.AnyOf) -> str:
        return f"_kany({', '.join(c.accept(self) for c in cond.items)})"

    def not_(self, cond: model.Not) -> str:
        return f"(None if (_n := {cond.item.accept(self)}) is None else not _n)"

    def exists(self, cond: model.Exists) -> str:
        return f"({cond.fact!r} {'in' if cond.present else 'not in'} f)"

    def in_(self, cond: model.In) -> str:
        return f"(None if (_v := g({cond.fact!r})) is None else _v in {cond.values!r})"

    def contains(self, cond: model.Contains) -> str:
        return f"(None if (_v := g({cond.fact!r})) is None else {cond.value!r} in _v)"

    def compare(self, cond: model.Compare) -> str:
        right = cond.operand.accept(self)
        if isinstance(cond.operand, model.Const):
            return f"(None if (_v := g({cond.fact!r})) is None else _v {_PY_OPS[cond.op]} {right})"
        return (f"(None if (_v := g({cond.fact!r})) is None or (_r := {right}) is None "
                f"else _v {_PY_OPS[cond.op]} _r)")

    def const(self, op: model.Const) -> str:
        return repr(op.value)

    def fact(self, op: model.FactRef) -> str:
        return f"g({op.name!r})"

    def arith(self, op: model.Arith) -> str:
        a, b = op.left.accept(self), op.right.accept(self)
        sym = {"add": "+", "sub": "-", "mul": "*", "div": "/"}[op.op]
        zero = " or _b == 0" if op.op == "div" else ""
        return f"(None if (_a := {a}) is None or (_b := {b}) is None{zero} else _a {sym} _b)"


class Floor:
    name = "floor"

    def __init__(self) -> None:
        self._functions: dict[str, Callable[[Mapping[str, Any]], tuple[Outcome, ...]]] = {}

    def _build(self, compiled: compiler.CompiledPack) -> Callable[[Mapping[str, Any]], tuple[Outcome, ...]]:
        py = _Py()
        lines = ["def evaluate(facts):", "    f = dict(facts)", "    g = f.get"]
        for stratum in range(compiled.strata):
            for rule in compiled.rules:
                if rule.stratum == stratum:
                    lines.append(f"    o{rule.index} = {rule.when.accept(py)}")
                    if rule.rule.then.derive:
                        lines.append(f"    if o{rule.index} is not None: f[{rule.rule.then.derive!r}] = o{rule.index}")
        lines.append(f"    return ({', '.join(f'o{r.index}' for r in compiled.rules)},)")
        namespace: dict[str, Any] = {"_kall": _kall, "_kany": _kany}
        exec(compile("\n".join(lines), f"<floor {compiled.key}>", "exec"), namespace)  # noqa: S102 - benchmark only
        return namespace["evaluate"]  # type: ignore[no-any-return]

    def prepare(self, compiled: compiler.CompiledPack) -> None:
        if compiled.key not in self._functions:
            self._functions[compiled.key] = self._build(compiled)

    def evaluate(self, compiled: compiler.CompiledPack, facts: Mapping[str, Any]) -> tuple[Outcome, ...]:
        return self._functions[compiled.key](facts)


# CLIPS ------------------------------------------------------------------------------------------------------------


def clips_available() -> bool:
    try:
        import clips  # noqa: F401
    except ImportError:
        return False
    return True


def _clips_value(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (tuple, list)):
        return " ".join(_clips_value(v) for v in value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


class _Clp(algebra.SignedVisitor[str]):
    """The CLIPS test expression that is TRUE when a condition holds (facts all present: absent ones are folded)."""

    def __init__(self, var: Callable[[str], str], types: Mapping[str, str]) -> None:
        self.var, self.types = var, types

    def conj(self, parts: list[str]) -> str:
        return parts[0] if len(parts) == 1 else f"(and {' '.join(parts)})"

    def disj(self, parts: list[str]) -> str:
        return parts[0] if len(parts) == 1 else f"(or {' '.join(parts)})"

    def _numeric(self, fact: str) -> bool:
        return self.types.get(fact) in ("int", "number")

    def exists(self, cond: model.Exists, negated: bool) -> str:
        self.var(cond.fact)  # read, so an absent fact sends the rule to the fold
        return "(eq 1 1)" if cond.present != negated else "(eq 1 0)"

    def _eq(self, fact: str, value: str, negated: bool) -> str:
        if self._numeric(fact):
            return f"({'<>' if negated else '='} {self.var(fact)} {value})"
        return f"({'neq' if negated else 'eq'} {self.var(fact)} {value})"

    def in_(self, cond: model.In, negated: bool) -> str:
        parts = [self._eq(cond.fact, _clips_value(v), negated) for v in cond.values]
        return (self.conj if negated else self.disj)(parts)

    def contains(self, cond: model.Contains, negated: bool) -> str:
        return f"({'eq' if negated else 'neq'} (member$ {_clips_value(cond.value)} {self.var(cond.fact)}) FALSE)"

    def _operand(self, op: model.Operand) -> str:
        if isinstance(op, model.Const):
            return _clips_value(op.value)
        if isinstance(op, model.FactRef):
            return self.var(op.name)
        if isinstance(op, model.Arith):
            a, b = self._operand(op.left), self._operand(op.right)
            if op.op == "div":  # a zero divisor makes the rule unknown (folded); never divide by it here
                return f"(if (= {b} 0) then 0 else (/ {a} {b}))"
            return f"({ {'add': '+', 'sub': '-', 'mul': '*'}[op.op]} {a} {b})"
        raise TypeError(op)

    def compare(self, cond: model.Compare, negated: bool) -> str:
        op = algebra.NEGATE[cond.op] if negated else cond.op
        right = self._operand(cond.operand)
        if op in ("eq", "ne"):
            return self._eq(cond.fact, right, op == "ne")
        return f"({_PY_OPS[op]} {self.var(cond.fact)} {right})"


class Clips:
    """cc-rules' durable design on CLIPS: only rules that hold are defined, the fold completes three-valued ones."""

    name = "clips"

    def __init__(self) -> None:
        import clips

        self.clips = clips
        self.programs: dict[str, dict[str, Any]] = {}

    def prepare(self, compiled: compiler.CompiledPack) -> None:
        if compiled.key in self.programs:
            return
        env = self.clips.Environment()
        env.build("(defglobal ?*fired* = (create$) ?*derived* = (create$))")  # firings collected in CLIPS: read
        # once at the end, and those of deriving rules once per stratum
        slots: dict[str, str] = {}
        derived = {s.name for s in compiled.facts if s.derived}
        types = {s.name: s.type for s in compiled.facts}
        evidence = sorted({f for r in compiled.rules for f in r.facts if f not in derived})
        for k, fact in enumerate(evidence):
            slots[fact] = f"s{k}"
        template = " ".join(f"(multislot {slots[f]})" if types.get(f) == "list" else f"(slot {slots[f]})"
                            for f in evidence)
        env.build(f"(deftemplate ev {template})")
        dnames = {name: f"d{k}" for k, name in enumerate(sorted(derived))}
        for rule in compiled.rules:
            used: dict[str, str] = {}

            def var(fact: str, used: dict[str, str] = used) -> str:
                if fact not in used:
                    used[fact] = f"?v{len(used)}"
                return used[fact]

            test = _Clp(var, types).walk(rule.when, negated=False)
            glob = "*derived*" if rule.rule.then.derive else "*fired*"
            ev_slots = " ".join(f"({slots[f]} ${v})" if types.get(f) == "list" else f"({slots[f]} {v}&~nil)"
                                for f, v in used.items() if f not in derived)
            patterns = [f"(ev {ev_slots})"] + [f"({dnames[f]} {v})" for f, v in used.items() if f in derived]
            env.build(f"(defrule r{rule.index} {' '.join(patterns)} (test {test}) "
                      f"=> (bind ?{glob} (create$ ?{glob} {rule.index})))")
        checks = closures.program(compiled).checks
        undecided = []
        for rule in compiled.rules:
            terms = tuple(closures.difference(leaf) for leaf in algebra.leaves(rule.when)
                          if isinstance(leaf, model.Compare) and not isinstance(leaf.operand, model.Const))
            undecided.append((rule.facts, terms))
        strata = [[r.index for r in compiled.rules if r.stratum == s] for s in range(compiled.strata)]
        derives = {r.index: r.rule.then.derive for r in compiled.rules if r.rule.then.derive}
        routers = [router for router in env.routers() if router.name == "python-error-router"]
        for router in routers:  # clipspy's Python router is queried on every character CLIPS reads (asserts)
            router.deactivate()
        self.programs[compiled.key] = {
            "env": env, "fired": env.find_global("fired"), "derived": env.find_global("derived"),
            "slots": slots, "evidence": evidence, "types": types, "checks": checks,
            "undecided": undecided, "strata": strata, "derives": derives, "dnames": dnames,
        }

    def evaluate(self, compiled: compiler.CompiledPack, facts: Mapping[str, Any]) -> tuple[Outcome, ...]:
        p = self.programs[compiled.key]
        env, fired, slots = p["env"], p["fired"], p["slots"]
        known = dict(facts)
        env.reset()  # facts cleared, ?*fired* back to ()
        parts = [f"({slots[f]} {_clips_value(known[f])})" for f in p["evidence"] if known.get(f) is not None]
        env.assert_string(f"(ev {' '.join(parts)})")
        env.run()
        outcomes: list[Outcome] = [False] * len(compiled.rules)
        checks, undecided, derives = p["checks"], p["undecided"], p["derives"]
        for stratum in p["strata"]:
            missing = {f for index in stratum for f in undecided[index][0] if known.get(f) is None}
            held = set(p["derived"].value)
            new = []
            for index in stratum:
                reads, terms = undecided[index]
                if (missing and not missing.isdisjoint(reads)) or (terms and any(t(known) is None for t in terms)):
                    outcomes[index] = checks[index](known)
                elif index in derives:
                    outcomes[index] = index in held
                target = derives.get(index)
                if target is not None and outcomes[index] is not None:
                    known[target] = outcomes[index]
                    new.append(f"({p['dnames'][target]} {_clips_value(outcomes[index])})")
            for text in new:
                env.assert_string(text)
            if new:
                env.run()
        for index in fired.value:
            reads, terms = undecided[index]
            if outcomes[index] is False and not (any(known.get(f) is None for f in reads)
                                                 or any(t(known) is None for t in terms)):
                outcomes[index] = True
        return tuple(outcomes)
