"""Why and why-not trees: from a conclusion (level, score, finding) down to the rules and the evidence.

Pure: it walks the compiled condition trees with the plain evaluator over the bound fact values, so the explanation
is the same Kleene logic that produced the result. For a rule not met it finds the *closest* failing conditions: every
failing conjunct of an `all`, the cheapest branch of an `any`, negations pushed down to the leaves. Each leaf says
the value found and the value needed, with the arithmetic spelt out ("x = 2, needs ≥ 4 (seats / 50 = 200 / 50)").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from cc_rules import awards, model, results
from cc_rules.assess import whynot
from cc_rules.awards import kinds
from cc_rules.base import errors, i18n, jsontext
from cc_rules.compile import compiler
from cc_rules.explain.conditions import Check, Fact, Node, _fact, fact_labels, node, options, param_paths
from cc_rules.model import evidence

FORMAT = "cc-rules/explanation@1"

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
    alternatives: tuple[tuple[Check, ...], ...] = ()  # the other ways to make it hold (an `any`), next closest first
    derived: tuple[Derivation, ...] = ()  # for each derived fact among `closest`: what it is derived from
    reference: str | None = None  # where the rule's source states it (`reference:`)
    parameters: tuple[results.Parameter, ...] = ()  # the parameters it reads: value in force, provenance, reference


@dataclasses.dataclass(frozen=True)
class Derivation:
    """A derived fact a failing check reads, expanded: its derive rule and the checks to change in it."""

    fact: str
    rule: str
    closest: tuple[Check, ...]


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
    parameters: tuple[tuple[str, object, str], ...] = ()  # name, value in force, reference: what thresholds read

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, **_plain(dataclasses.asdict(self))}

    def to_json(self) -> str:
        return jsontext.dumps(self.to_dict()) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# Building ------------------------------------------------------------------------------------------------------------


class NoSuchTarget(ValueError):
    """The level or rule asked about does not exist in the pack (the command turns it into exit 2).

    `key` and `params` name its message in the catalogue (`messages/explain.yaml`)."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(i18n.message(key, "en", **params))


def _text(key: str, **params: object) -> model.Text:
    return model.Text(i18n.message(key, "zh", **params), i18n.message(key, "en", **params))


def explain(compiled: compiler.CompiledPack, facts: evidence.FactSet, result: results.PackResult, *,
            level: int | None = None, rule: str | None = None, score: bool = False) -> Explanation:
    """The explanation asked for; by default the one the pack's award model gives (level, score or verdict)."""
    if rule is not None:
        return _with_parameters(compiled, explain_rule(compiled, facts, result, rule))
    subject = "score" if score else "level" if level is not None else awards.get(result.model).explain_subject
    if subject == "level":
        return _with_parameters(compiled, explain_level(compiled, facts, result, level))
    return _with_parameters(compiled, _SUBJECTS[subject](compiled, facts, result))


def _with_parameters(compiled: compiler.CompiledPack, expl: Explanation) -> Explanation:
    """The explanation with the pack parameters its checks' thresholds come from: name, value in force, reference
    (OpenFisca's trace names them the same way), and every bound on a whole-number fact (a head count) as the whole
    number that meets it ("≥ 2.5" is "≥ 3"), as the reports show it."""
    expl = _whole(compiled, expl)
    names: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, Check):
            names.update(value.params)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(expl.groups)
    found = ((name, compiled.param(name)) for name in sorted(names))
    return dataclasses.replace(expl, parameters=tuple((n, p.value, p.reference) for n, p in found if p is not None))


def _whole(compiled: compiler.CompiledPack, value: Any) -> Any:
    if isinstance(value, Check):
        spec = compiled.fact(value.fact)
        if spec is not None and spec.type == "int" and value.needed is not None:
            relation, needed = whynot.whole(value.relation, value.needed)
            if (relation, needed) != (value.relation, value.needed):
                return dataclasses.replace(value, relation=relation, needed=needed)
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _whole(compiled, getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        changed = {k: v for k, v in changes.items() if v is not getattr(value, k)}
        return dataclasses.replace(value, **changed) if changed else value
    if isinstance(value, tuple):
        items = tuple(_whole(compiled, v) for v in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value


def _requirements(result: results.PackResult) -> list[results.Finding]:
    return [f for f in result.findings if f.kind == kinds.REQUIREMENT.name]


def explain_level(compiled: compiler.CompiledPack, facts: evidence.FactSet, result: results.PackResult,
                  level: int | None = None) -> Explanation:
    """Why level N is awarded (every requirement up to N met) or why not (the unmet and unknown ones)."""
    if not compiled.pack.levels:
        raise NoSuchTarget("explain.no-levels", pack=result.pack_id)
    levels = {lv.level: lv for lv in compiled.pack.levels}
    achieved = result.level or 0
    target = achieved if level is None else level
    if level is None and target == 0:
        target = 1
    if target not in levels:
        raise NoSuchTarget("explain.no-such-level", pack=result.pack_id, level=target, levels=sorted(levels))
    known = _known(facts, result)
    awarded = target <= achieved
    groups = []
    for lv in compiled.pack.levels:
        if lv.level > target:
            break
        own = [f for f in _requirements(result) if f.level == lv.level]
        met = sum(1 for f in own if f.met is True)
        shown = own if awarded else [f for f in own if f.met is not True]
        if not awarded and not shown:
            continue
        status = True if met == len(own) else False if any(f.met is False for f in own) else None
        groups.append(Group(f"level-{lv.level}", lv.name, status, f"{met}/{len(own)}",
                            tuple(_rule_why(compiled, facts, known, f) for f in shown)))
    name = levels[target].name
    question = model.Text(i18n.message("explain.why-level" if awarded else "explain.why-not-level", "zh",
                                       level=target, name=name.zh),
                          i18n.message("explain.why-level" if awarded else "explain.why-not-level", "en",
                                       level=target, name=name.en))
    got = result.level_name or _text("explain.no-level")
    answer = model.Text(i18n.message("explain.level-awarded", "zh", level=achieved, name=got.zh),
                        i18n.message("explain.level-awarded", "en", level=achieved, name=got.en))
    return _explanation(result, facts, "level", str(target), awarded, question, answer, groups)


def explain_score(compiled: compiler.CompiledPack, facts: evidence.FactSet,
                  result: results.PackResult) -> Explanation:
    """The total score: per dimension, the points lost and won and the rules behind them."""
    if result.score is None:
        raise NoSuchTarget("explain.no-score", pack=result.pack_id)
    known = _known(facts, result)
    score = result.score
    groups = []
    for dim, value in score.dimensions:
        moved = [f for f in result.findings if f.dimension == dim and f.points]
        unknown = [f for f in result.findings if f.dimension == dim and f.met is None and not f.points]
        shown = sorted(moved, key=lambda f: (f.points or 0, f.rule)) + unknown
        lost = sum(f.points or 0 for f in moved if (f.points or 0) < 0)
        won = sum(f.points or 0 for f in moved if (f.points or 0) > 0)
        groups.append(Group(dim, score.title(dim), not any((f.points or 0) < 0 for f in moved),
                            f"{value:g} ({lost:+g} / {won:+g})",
                            tuple(_rule_why(compiled, facts, known, f) for f in shown)))
    warned = result.warnings()
    if warned:
        groups.append(Group("warnings", _text("explain.warnings"), False, str(len(warned)),
                            tuple(_rule_why(compiled, facts, known, f) for f in warned)))
    total, line = f"{score.total:g}", f"{score.pass_threshold:g}"
    question = _text("explain.why-score", total=total)

    def answer_in(lang: str) -> str:
        verdict = i18n.message("explain.passed" if result.passed else "explain.not-passed", lang)
        text = i18n.message(f"explain.score-answer-{score.pass_rule}", lang, total=total, line=line,
                            verdict=verdict)
        return text + (i18n.message("explain.grade", lang, grade=result.grade) if result.grade else "")

    answer = model.Text(answer_in("zh"), answer_in("en"))
    return _explanation(result, facts, "score", total, result.passed, question, answer, groups)


def explain_passed(compiled: compiler.CompiledPack, facts: evidence.FactSet,
                   result: results.PackResult) -> Explanation:
    """A conformity verdict: every requirement, the unmet ones first."""
    known = _known(facts, result)
    reqs = _requirements(result)
    shown = [f for f in reqs if f.met is not True] if not result.passed else reqs
    met = sum(1 for f in reqs if f.met is True)
    group = Group("requirements", _text("explain.requirements"), result.passed, f"{met}/{len(reqs)}",
                  tuple(_rule_why(compiled, facts, known, f) for f in shown))
    question = _text("explain.why-passed" if result.passed else "explain.why-not-passed")
    answer = _text("explain.requirements-met", met=met, total=len(reqs))
    return _explanation(result, facts, "passed", str(result.passed).lower(), result.passed, question, answer, [group])


_SUBJECTS = {"score": explain_score, "passed": explain_passed}


def explain_rule(compiled: compiler.CompiledPack, facts: evidence.FactSet, result: results.PackResult,
                 rule_id: str) -> Explanation:
    """One finding with its whole condition tree evaluated, leaf by leaf."""
    finding = result.finding(rule_id)
    derive = compiled.rule(rule_id)
    if finding is None and derive is not None and derive.rule.then.derive:
        return _explain_derive(compiled, facts, result, derive)
    if finding is None:
        hint = errors.did_you_mean(rule_id, [f.rule for f in result.findings])
        raise NoSuchTarget("explain.no-such-rule" if hint is None else "explain.no-such-rule-hint",
                           pack=result.pack_id, rule=rule_id, hint=hint)
    assert finding is not None
    known = _known(facts, result)
    why = _rule_why(compiled, facts, known, finding, full=True)
    state = "met" if finding.met is True else "unmet" if finding.met is False else "unknown"
    group = Group(finding.item, why.item_title or model.Text(finding.item, finding.item), finding.met, "", (why,))
    kind = _text(f"explain.kind-{finding.kind}")
    states = _text(f"explain.state-{state}")
    question = model.Text(i18n.message("explain.why-rule", "zh", rule=rule_id, state=states.zh),
                          i18n.message("explain.why-rule", "en", rule=rule_id, state=states.en))
    answer = model.Text(f"{states.zh}（{kind.zh}）", f"{states.en} ({kind.en})")
    return _explanation(result, facts, "rule", rule_id, finding.met, question, answer, [group])


def _explain_derive(compiled: compiler.CompiledPack, facts: evidence.FactSet, result: results.PackResult,
                    crule: compiler.CompiledRule) -> Explanation:
    """A derive rule: the fact it derives, its value, and its condition tree down to the facts it comes from."""
    known = _known(facts, result)
    labels = fact_labels(compiled.pack)
    target = crule.rule.then.derive or ""
    value = known.get(target)
    met = value if isinstance(value, bool) else None
    tree = node(crule.when, known, facts, labels=labels, params=param_paths(crule.rule.when))
    ways = options(tree) if met is not True else ()
    loc = crule.rule.loc
    why = RuleWhy(rule=crule.rule.id, item=target, item_title=None, kind="derive", clause="",
                  provenance=crule.rule.provenance, met=met, level=None, points=None, explanation=None,
                  file=loc.file if loc else None, line=loc.line if loc else None,
                  facts=tuple(_fact(n, facts, known, labels) for n in crule.facts),
                  closest=ways[0] if ways else (), condition=tree, alternatives=tuple(ways[1:]),
                  derived=_derivations(compiled, facts, known, ways[0] if ways else ()),
                  reference=crule.rule.reference, parameters=_parameters(compiled, crule))
    state = "met" if met is True else "unmet" if met is False else "unknown"
    states = _text(f"explain.state-{state}")
    kind = _text("explain.kind-derive")
    question = model.Text(i18n.message("explain.why-rule", "zh", rule=crule.rule.id, state=states.zh),
                          i18n.message("explain.why-rule", "en", rule=crule.rule.id, state=states.en))
    shown = model.Text(results.format_value(value, "zh"), results.format_value(value, "en")) if met is not None \
        else _text("explain.tree-not_evidenced")
    answer = model.Text(f"{target} = {shown.zh}（{kind.zh}）", f"{target} = {shown.en} ({kind.en})")
    group = Group(target, model.Text(target, target), met, "", (why,))
    return _explanation(result, facts, "rule", crule.rule.id, met, question, answer, [group])


def _derivations(compiled: compiler.CompiledPack, facts: evidence.FactSet, known: Mapping[str, object],
                 checks: tuple[Check, ...], depth: int = 0) -> tuple[Derivation, ...]:
    """Each derived fact among `checks`, expanded to the closest checks of the rule deriving it (and so on, a few
    levels deep): the five survey counts behind `survey_complete`."""
    out: list[Derivation] = []
    labels = fact_labels(compiled.pack)
    for check in checks:
        spec = compiled.fact(check.fact)
        if spec is None or not spec.derived or depth > 2:
            continue
        want = check.needed if check.relation == "eq" else not check.needed if check.relation == "ne" else None
        if not isinstance(want, bool):
            continue
        for crule in compiled.rules:
            if crule.rule.then.derive != check.fact:
                continue
            ways = options(node(crule.when, known, facts, negated=not want, labels=labels,
                                params=param_paths(crule.rule.when)))
            if ways:
                out.append(Derivation(check.fact, crule.rule.id, ways[0]))
                out.extend(_derivations(compiled, facts, known, ways[0], depth + 1))
            break
    return tuple(out)


def _explanation(result: results.PackResult, facts: evidence.FactSet, subject: str, target: str,
                 awarded: bool | None, question: model.Text, answer: model.Text,
                 groups: list[Group]) -> Explanation:
    return Explanation(subject, target, awarded, question, answer, facts.evidence.file, result.pack_id,
                       result.edition, result.as_of, tuple(groups))


def _known(facts: evidence.FactSet, result: results.PackResult) -> dict[str, object]:
    return {**facts.values(), **{d.fact: d.value for d in result.derived}}


def _rule_why(compiled: compiler.CompiledPack, facts: evidence.FactSet, known: Mapping[str, object],
              finding: results.Finding, full: bool = False) -> RuleWhy:
    crule = compiled.rule(finding.rule)
    assert crule is not None
    item = compiled.pack.item(finding.item)
    labels = fact_labels(compiled.pack)
    tree = node(crule.when, known, facts, labels=labels, params=param_paths(crule.rule.when))
    ways = () if finding.met is True else options(tree)
    closest = ways[0] if ways else ()
    return RuleWhy(
        rule=finding.rule, item=finding.item, item_title=item.title if item else None, kind=finding.kind,
        clause=finding.clause, provenance=finding.provenance, met=finding.met, level=finding.level,
        points=finding.points, explanation=finding.explanation, file=finding.file, line=finding.line,
        facts=tuple(_fact(n, facts, known, labels) for n in crule.facts), closest=closest,
        condition=tree if full else None, alternatives=tuple(ways[1:]),
        derived=_derivations(compiled, facts, known, closest), reference=crule.rule.reference,
        parameters=_parameters(compiled, crule))


def _parameters(compiled: compiler.CompiledPack, crule: compiler.CompiledRule) -> tuple[results.Parameter, ...]:
    """The parameters a rule reads, each with the value in force on the assessment date, its provenance and where
    that value is stated: what a committee checks before trusting a threshold."""
    names = sorted({name for names in param_paths(crule.rule.when).values() for name in names})
    out = []
    for name in names:
        value = compiled.param(name)
        if value is not None:
            out.append(results.Parameter(name, value.value, value.reference, value.provenance))
    return tuple(out)
