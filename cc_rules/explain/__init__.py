"""Why and why-not trees: from a conclusion (level, score, finding) down to the rules and the evidence.

Pure: it walks the compiled condition trees with the plain evaluator over the bound fact values, so the explanation
is the same Kleene logic that produced the result. For a rule not met it finds the *closest* failing conditions: every
failing conjunct of an `all`, the cheapest branch of an `any`, negations pushed down to the leaves. Each leaf says
the value found and the value needed, with the arithmetic spelt out ("x = 2, needs ≥ 4 (seats / 50 = 200 / 50)").
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from cc_rules import model, results
from cc_rules.compile import compiler
from cc_rules.engine import plain, values
from cc_rules.model import evidence
from cc_rules.reports import textwidth
from cc_rules.results import format_value

FORMAT = "cc-rules/explanation@1"
_NEGATE = {"eq": "ne", "ne": "eq", "lt": "gte", "lte": "gt", "gt": "lte", "gte": "lt",
           "in": "not_in", "not_in": "in", "contains": "not_contains", "not_contains": "contains",
           "exists": "absent", "absent": "exists"}
_SYMBOL = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}
_ARITH = {"add": "+", "sub": "−", "mul": "×", "div": "/"}
_T = {
    "en": {"needs": "needs", "not_evidenced": "not evidenced", "one_of": "one of", "none_of": "none of",
           "include": "to include", "exclude": "not to include", "given": "to be evidenced", "absent": "to be absent",
           "is_given": "given", "why": "Why", "why_not": "Why not", "level": "level", "score": "score",
           "rule": "rule", "pass": "the pack's verdict", "met": "met", "unmet": "unmet", "unknown": "not evidenced",
           "closest": "closest failing condition", "condition": "condition", "source": "source",
           "no_level": "no level", "awarded": "awarded", "not_awarded": "not awarded", "evidence": "evidence",
           "points": "points", "of": "of", "requirements": "requirements", "passed": "passed",
           "not_passed": "not passed", "warning": "warning"},
    "zh": {"needs": "需", "not_evidenced": "未提供证据", "one_of": "为以下之一", "none_of": "不为以下任一", "include": "包含",
           "exclude": "不包含", "given": "提供证据", "absent": "不提供", "is_given": "已提供", "why": "为何",
           "why_not": "为何未达", "level": "等级", "score": "得分", "rule": "规则", "pass": "评定结论",
           "met": "满足", "unmet": "未满足", "unknown": "未提供证据", "closest": "最接近的未满足条件",
           "condition": "条件", "source": "来源", "no_level": "无等级", "awarded": "已达到", "not_awarded": "未达到",
           "evidence": "证据", "points": "分", "of": "/", "requirements": "项要求", "passed": "通过",
           "not_passed": "未通过", "warning": "警示"},
}


# The explanation model ------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Fact:
    """One evidence fact read by a rule: its value (None = not evidenced) and where it came from."""

    fact: str
    value: object
    source: str | None = None
    file: str | None = None
    line: int | None = None


@dataclasses.dataclass(frozen=True)
class Check:
    """One leaf condition as evaluated: the value found, the relation, the value needed and how it was computed."""

    fact: str
    value: object  # None = not evidenced
    relation: str  # eq ne lt lte gt gte in not_in contains not_contains exists absent
    needed: object  # the computed right-hand side; None when unknown or not applicable
    expression: str | None  # the operand as written, when it is not a constant: "organization.seats / 50"
    substituted: str | None  # the same with values: "200 / 50"
    outcome: bool | None  # of the check as stated here (negations already applied)
    facts: tuple[Fact, ...]  # the fact and every fact of the operand


@dataclasses.dataclass(frozen=True)
class Node:
    """A condition of a rule, mirroring its tree; leaves carry a `Check`."""

    kind: str  # all | any | not | leaf
    outcome: bool | None
    check: Check | None = None
    children: tuple[Node, ...] = ()


@dataclasses.dataclass(frozen=True)
class RuleWhy:
    """One rule behind the conclusion: identity, clause and provenance, its outcome, the evidence, what failed."""

    rule: str
    item: str
    item_title: model.Text | None
    kind: str
    clause: str
    provenance: str
    met: bool | None
    level: int | None
    points: float | None
    explanation: model.Text | None
    file: str | None
    line: int | None
    facts: tuple[Fact, ...]
    closest: tuple[Check, ...]  # empty when met
    condition: Node | None = None  # the full tree, only when one rule is explained


@dataclasses.dataclass(frozen=True)
class Group:
    """Rules grouped under one part of the conclusion: a level, a dimension, the warnings."""

    key: str
    title: model.Text
    status: bool | None
    summary: str
    rules: tuple[RuleWhy, ...]


@dataclasses.dataclass(frozen=True)
class Explanation:
    subject: str  # level | score | rule | passed
    target: str  # "4", "96", the rule id
    awarded: bool | None  # the level/score/finding holds (True), does not (False), unknown (None)
    question: model.Text
    answer: model.Text
    evidence_file: str
    pack_id: str
    edition: str
    as_of: str
    groups: tuple[Group, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, **_plain(dataclasses.asdict(self))}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# Building ------------------------------------------------------------------------------------------------------------


class NoSuchTarget(ValueError):
    """The level or rule asked about does not exist in the pack (the command turns it into exit 2)."""


def explain(compiled: compiler.CompiledPack, facts: evidence.FactSet, result: results.PackResult, *,
            level: int | None = None, rule: str | None = None, score: bool = False) -> Explanation:
    """The explanation asked for; by default the pack's conclusion (level, score or conformity verdict)."""
    if rule is not None:
        return explain_rule(compiled, facts, result, rule)
    if score or (level is None and result.model == "points"):
        return explain_score(compiled, facts, result)
    if level is not None or result.model == "maturity":
        return explain_level(compiled, facts, result, level)
    return explain_passed(compiled, facts, result)


def explain_level(compiled: compiler.CompiledPack, facts: evidence.FactSet, result: results.PackResult,
                  level: int | None = None) -> Explanation:
    """Why level N is awarded (every requirement up to N met) or why not (the unmet and unknown ones)."""
    if result.model != "maturity":
        raise NoSuchTarget(f"pack {result.pack_id!r} is a {result.model} pack: it awards no levels (use --score)")
    levels = {lv.level: lv for lv in compiled.pack.levels}
    achieved = result.level or 0
    target = achieved if level is None else level
    if level is None and target == 0:
        target = 1
    if target not in levels:
        raise NoSuchTarget(f"pack {result.pack_id!r} has no level {target}; levels are {sorted(levels)}")
    known = _known(facts, result)
    awarded = target <= achieved
    groups = []
    for lv in compiled.pack.levels:
        if lv.level > target:
            break
        own = [f for f in result.findings if f.kind == "requirement" and f.level == lv.level]
        met = sum(1 for f in own if f.met is True)
        shown = own if awarded else [f for f in own if f.met is not True]
        if not awarded and not shown:
            continue
        status = True if met == len(own) else False if any(f.met is False for f in own) else None
        groups.append(Group(f"level-{lv.level}", lv.name, status, f"{met}/{len(own)}",
                            tuple(_rule_why(compiled, facts, known, f) for f in shown)))
    name = levels[target].name
    question = model.Text(f"为何{'达到' if awarded else '未达到'} {target} 级({name.zh})?",
                          f"{'Why' if awarded else 'Why not'} level {target} ({name.en})?")
    got = result.level_name or model.Text("无等级", "no level")
    answer = model.Text(f"评定等级 {achieved}({got.zh})", f"Level awarded: {achieved} ({got.en})")
    return _explanation(result, facts, "level", str(target), awarded, question, answer, groups)


def explain_score(compiled: compiler.CompiledPack, facts: evidence.FactSet,
                  result: results.PackResult) -> Explanation:
    """The total score: per dimension, the points lost and won and the rules behind them."""
    if result.score is None:
        raise NoSuchTarget(f"pack {result.pack_id!r} is a {result.model} pack: it has no score")
    known = _known(facts, result)
    score = result.score
    groups = []
    for dim, value in score.dimensions:
        moved = [f for f in result.findings if f.dimension == dim and f.points]
        unknown = [f for f in result.findings if f.dimension == dim and f.met is None and not f.points]
        shown = sorted(moved, key=lambda f: (f.points or 0, f.rule)) + unknown
        lost = sum(f.points or 0 for f in moved if (f.points or 0) < 0)
        won = sum(f.points or 0 for f in moved if (f.points or 0) > 0)
        groups.append(Group(dim, model.Text(dim, dim), not any((f.points or 0) < 0 for f in moved),
                            f"{value:g} ({lost:+g} / {won:+g})",
                            tuple(_rule_why(compiled, facts, known, f) for f in shown)))
    warned = result.warnings()
    if warned:
        groups.append(Group("warnings", model.Text("警示", "Warnings"), False, str(len(warned)),
                            tuple(_rule_why(compiled, facts, known, f) for f in warned)))
    verdict = "passed" if result.passed else "not passed"
    grade = f", grade {result.grade}" if result.grade else ""
    question = model.Text(f"为何得分 {score.total:g}?", f"Why a score of {score.total:g}?")
    answer = model.Text(f"总分 {score.total:g},高于 {score.pass_threshold:g} 分通过:{'通过' if result.passed else '未通过'}"
                        + (f",评级 {result.grade}" if result.grade else ""),
                        f"Total {score.total:g}; above {score.pass_threshold:g} passes: {verdict}{grade}")
    return _explanation(result, facts, "score", f"{score.total:g}", result.passed, question, answer, groups)


def explain_passed(compiled: compiler.CompiledPack, facts: evidence.FactSet,
                   result: results.PackResult) -> Explanation:
    """A conformity verdict: every requirement, the unmet ones first."""
    known = _known(facts, result)
    reqs = [f for f in result.findings if f.kind == "requirement"]
    shown = [f for f in reqs if f.met is not True] if not result.passed else reqs
    met = sum(1 for f in reqs if f.met is True)
    group = Group("requirements", model.Text("要求", "Requirements"), result.passed, f"{met}/{len(reqs)}",
                  tuple(_rule_why(compiled, facts, known, f) for f in shown))
    question = model.Text("为何" + ("通过" if result.passed else "未通过") + "?",
                          "Why " + ("passed" if result.passed else "not passed") + "?")
    answer = model.Text(f"{met}/{len(reqs)} 项要求满足", f"{met} of {len(reqs)} requirements met")
    return _explanation(result, facts, "passed", str(result.passed).lower(), result.passed, question, answer, [group])


def explain_rule(compiled: compiler.CompiledPack, facts: evidence.FactSet, result: results.PackResult,
                 rule_id: str) -> Explanation:
    """One finding with its whole condition tree evaluated, leaf by leaf."""
    finding = result.finding(rule_id)
    if finding is None:
        ids = [f.rule for f in result.findings]
        from cc_rules.base import errors  # local: only for the suggestion text

        hint = errors.did_you_mean(rule_id, ids)
        raise NoSuchTarget(f"pack {result.pack_id!r} has no rule {rule_id!r} in force"
                           + (f"; did you mean {hint!r}?" if hint else ""))
    known = _known(facts, result)
    why = _rule_why(compiled, facts, known, finding, full=True)
    state = _T["en"]["met"] if finding.met is True else _T["en"]["unmet"] if finding.met is False else "unknown"
    group = Group(finding.item, why.item_title or model.Text(finding.item, finding.item), finding.met,
                  state, (why,))
    question = model.Text(f"规则 {rule_id} 为何{_state_zh(finding.met)}?", f"Why is rule {rule_id} {state}?")
    answer = model.Text(f"{_state_zh(finding.met)}({finding.kind})", f"{state} ({finding.kind})")
    return _explanation(result, facts, "rule", rule_id, finding.met, question, answer, [group])


def _state_zh(met: bool | None) -> str:
    return "满足" if met is True else "未满足" if met is False else "未知(未提供证据)"


def _explanation(result: results.PackResult, facts: evidence.FactSet, subject: str, target: str,
                 awarded: bool | None, question: model.Text, answer: model.Text,
                 groups: list[Group]) -> Explanation:
    return Explanation(subject, target, awarded, question, answer, facts.evidence.file, result.pack_id,
                       result.edition, result.as_of, tuple(groups))


def _known(facts: evidence.FactSet, result: results.PackResult) -> dict[str, object]:
    return {**facts.values(), **{d.fact: d.value for d in result.derived}}


def _fact(name: str, facts: evidence.FactSet, known: Mapping[str, object]) -> Fact:
    bound = facts.get(name)
    if bound is not None:
        return Fact(name, _jsonable(bound.value), bound.source, bound.file, bound.line)
    if name in known:
        return Fact(name, known[name], "derived")
    return Fact(name, None)


def _jsonable(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _rule_why(compiled: compiler.CompiledPack, facts: evidence.FactSet, known: Mapping[str, object],
              finding: results.Finding, full: bool = False) -> RuleWhy:
    crule = compiled.rule(finding.rule)
    assert crule is not None
    item = compiled.pack.item(finding.item)
    tree = node(crule.when, known, facts)
    closest = () if finding.met is True else closest_failures(tree)
    return RuleWhy(
        rule=finding.rule, item=finding.item, item_title=item.title if item else None, kind=finding.kind,
        clause=finding.clause, provenance=finding.provenance, met=finding.met, level=finding.level,
        points=finding.points, explanation=finding.explanation, file=finding.file, line=finding.line,
        facts=tuple(_fact(n, facts, known) for n in crule.facts), closest=closest,
        condition=tree if full else None)


# Walking conditions --------------------------------------------------------------------------------------------------


def node(cond: model.Condition, known: Mapping[str, object], facts: evidence.FactSet,
         negated: bool = False) -> Node:
    """The condition tree evaluated; negations are pushed to the leaves (De Morgan) so each leaf reads plainly."""
    if isinstance(cond, model.Not):
        return node(cond.item, known, facts, not negated)
    if isinstance(cond, (model.All, model.AnyOf)):
        kind = "all" if isinstance(cond, model.All) != negated else "any"
        children = tuple(node(c, known, facts, negated) for c in cond.items)
        outcome = _combine(kind, [c.outcome for c in children])
        return Node(kind, outcome, None, children)
    check = _check(cond, known, facts, negated)
    return Node("leaf", check.outcome, check)


def _combine(kind: str, outcomes: list[bool | None]) -> bool | None:
    if kind == "all":
        return False if False in outcomes else None if None in outcomes else True
    return True if True in outcomes else None if None in outcomes else False


def _check(cond: model.Leaf, known: Mapping[str, object], facts: evidence.FactSet, negated: bool) -> Check:
    outcome = plain.condition(cond, known)  # type: ignore[arg-type]
    if negated and outcome is not None:
        outcome = not outcome
    value = known.get(cond.fact)
    used = [cond.fact]
    relation: str
    needed: object = None
    expression = substituted = None
    if isinstance(cond, model.Compare):
        relation = cond.op
        needed = values.operand(cond.operand, known)
        if not isinstance(cond.operand, model.Const):
            expression = _expr(cond.operand, None)
            substituted = _expr(cond.operand, known)
            used += list(compiler.facts_of(model.Compare(cond.fact, "eq", cond.operand)))
    elif isinstance(cond, model.In):
        relation, needed = "in", list(cond.values)
    elif isinstance(cond, model.Contains):
        relation, needed = "contains", cond.value
    else:
        relation = "exists" if cond.present else "absent"
    if negated:
        relation = _NEGATE[relation]
    names = sorted(set(used), key=lambda n: (n != cond.fact, n))
    return Check(cond.fact, _jsonable(value), relation, _jsonable(needed), expression, substituted, outcome,
                 tuple(_fact(n, facts, known) for n in names))


def _expr(op: model.Operand, known: Mapping[str, object] | None, top: bool = True) -> str:
    """The operand as a formula; with `known`, facts replaced by their values ("?" when not evidenced)."""
    if isinstance(op, model.Const):
        return format_value(op.value)
    if isinstance(op, model.FactRef):
        if known is None:
            return op.name
        return format_value(known[op.name]) if op.name in known else "?"
    if isinstance(op, model.Arith):
        text = f"{_expr(op.left, known, False)} {_ARITH[op.op]} {_expr(op.right, known, False)}"
        return text if top else f"({text})"
    return f"{{param: {op.name}}}"


def closest_failures(tree: Node) -> tuple[Check, ...]:
    """The leaves to change for the condition to hold: all failing conjuncts, the nearest branch of a disjunction."""
    if tree.outcome is True:
        return ()
    if tree.kind == "leaf":
        return (tree.check,) if tree.check is not None else ()
    if tree.kind == "all":
        return tuple(c for child in tree.children if child.outcome is not True for c in closest_failures(child))
    options = [closest_failures(child) for child in tree.children]
    options = [o for o in options if o]
    if not options:
        return ()
    return min(options, key=lambda o: (len(o), sum(_gap(c) for c in o)))


def _gap(check: Check) -> float:
    """How far a failing check is from holding, relative to what it needs: 0 close … 1 far; unknown counts as far."""
    value, needed = check.value, check.needed
    numeric = (isinstance(value, (int, float)) and not isinstance(value, bool)
               and isinstance(needed, (int, float)) and not isinstance(needed, bool))
    # A fact the evidence does not state itself (pack data, derived) is not something the centre changes directly.
    fixed = 0.0 if check.facts and check.facts[0].line is not None else 0.5
    if check.outcome is None or value is None:
        return 1.0 + fixed
    if numeric:
        scale = max(abs(float(value)), abs(float(needed)), 1e-9)  # type: ignore[arg-type]
        return min(abs(float(value) - float(needed)) / scale, 1.0) + fixed  # type: ignore[arg-type]
    return 1.0 + fixed


# Rendering (pure: strings only) --------------------------------------------------------------------------------------


def describe(check: Check, lang: str = "en") -> str:
    """'staffing.quality_inspectors = 2, needs ≥ 4 (organization.seats / 50 = 200 / 50)'."""
    t = _T[lang]
    found = f"{check.fact} = {format_value(check.value)}" if check.value is not None \
        else f"{check.fact}: {t['not_evidenced']}"
    rel = check.relation
    if rel in _SYMBOL:
        need = f"{_SYMBOL[rel]} {format_value(check.needed) if check.needed is not None else '?'}"
    elif rel in ("in", "not_in"):
        need = f"{t['one_of' if rel == 'in' else 'none_of']} {format_value(check.needed)}"
    elif rel in ("contains", "not_contains"):
        need = f"{t['include' if rel == 'contains' else 'exclude']} {format_value(check.needed)}"
    else:
        need = t["given" if rel == "exists" else "absent"]
        found = f"{check.fact}: {t['is_given'] if check.value is not None else t['not_evidenced']}"
    text = f"{found}, {t['needs']} {need}" if lang == "en" else f"{found},{t['needs']} {need}"
    if check.expression:
        text += f" ({check.expression} = {check.substituted})"
    return text


def _mark(state: bool | None) -> str:
    return "✓" if state is True else "✗" if state is False else "?"


def _where(fact: Fact) -> str:
    parts = []
    if fact.source:
        parts.append(fact.source)
    if fact.file:
        parts.append(f"{fact.file}:{fact.line}" if fact.line else fact.file)
    return f"  [{'; '.join(parts)}]" if parts else ""


def render_text(expl: Explanation, lang: str = "en") -> str:
    """An indented tree: question and answer, groups, rules (clause, provenance), the failing checks, the evidence."""
    t = _T[lang]
    lines = [f"{expl.evidence_file} — {expl.pack_id} ({expl.edition}, {expl.as_of})",
             f"{_mark(expl.awarded)} {expl.question.get(lang)}", f"  {expl.answer.get(lang)}"]
    for group in expl.groups:
        lines.append(f"  {_mark(group.status)} {group.key} {group.title.get(lang) if group.title.en != group.key else ''}"
                     .rstrip() + f"  {group.summary}")
        for why in group.rules:
            pts = f" {why.points:+g}" if why.points else ""
            lines.append(f"    {_mark(why.met)} {why.rule}{pts} ({why.clause}, {why.provenance})"
                         + (f" {why.item_title.get(lang)}" if why.item_title else ""))
            if why.explanation is not None and why.met is not True:
                lines.append(f"        {why.explanation.get(lang)}")
            for check in why.closest:
                lines.append(f"        → {describe(check, lang)}")
                for fact in check.facts:
                    if fact.value is not None and (fact.source or fact.file):
                        lines.append(f"            {fact.fact}{_where(fact)}")
            if why.condition is not None:
                lines.append(f"      {t['condition']}:")
                lines.extend(_tree_lines(why.condition, lang, 8))
            if why.met is True or why.condition is not None:
                for fact in why.facts:
                    value = format_value(fact.value) if fact.value is not None else t["not_evidenced"]
                    lines.append(f"        · {fact.fact} = {value}{_where(fact)}")
    return "\n".join(_fit(line) for line in lines) + "\n"


def _fit(line: str) -> str:
    """Wrap to 100 terminal columns, continuation lines indented under the text they continue."""
    return textwidth.fit(line, 100)


def _tree_lines(tree: Node, lang: str, indent: int) -> list[str]:
    pad = " " * indent
    if tree.kind == "leaf" and tree.check is not None:
        return [f"{pad}{_mark(tree.outcome)} {describe(tree.check, lang)}"]
    out = [f"{pad}{_mark(tree.outcome)} {tree.kind}"]
    for child in tree.children:
        out.extend(_tree_lines(child, lang, indent + 2))
    return out
