"""The Gherkin step library, shared by the pytest-bdd suite and `cc-rules verify`.

Raw layer: `Step` patterns in English and Chinese, matched against step text. Domain layer: handlers acting on a
`World` (one scenario's evidence and result). Handlers raise `StepFailed` with the actual value so both runners can
report "expected X, got Y" in the feature's language.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import functools
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from cc_rules import engine, model, results
from cc_rules.assess import pipeline as assessment
from cc_rules.base import dates, errors, i18n
from cc_rules.base import text as basetext
from cc_rules.io import loading
from cc_rules.model import evidence, packs


class StepFailed(AssertionError):
    """A Then step did not hold; the message (a catalogue key and its values) carries the actual value.

    `str()` is the English text (pytest-bdd shows it); `text(lang)` is the message in the feature's language. A value
    that is a `CcRulesError` is rendered in that language too.
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        values = {k: v.render(lang) if isinstance(v, errors.CcRulesError)
                  else i18n.message(f"steps.met-{str(v).lower()}", lang) if k == "met"
                  else i18n.message("steps.no-value", lang) if v is None else v
                  for k, v in self.params.items()}
        return i18n.message(self.key, lang, **values)


class UnknownStep(LookupError):
    def __init__(self, text: str, closest: Sequence[str]) -> None:
        self.text = text
        self.closest = tuple(closest)
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in `lang`, with the closest known phrases."""
        if not self.closest:
            return i18n.message("steps.unknown-step", lang, text=self.text)
        return i18n.message("steps.unknown-step-closest", lang, text=self.text, phrases=" | ".join(self.closest))


@dataclasses.dataclass
class World:
    """One scenario's state: the evidence being built, then the result or the rejection."""

    base_dirs: tuple[Path, ...] = (Path.cwd(),)  # where `the evidence file "PATH"` looks, in order
    roots: tuple[Path, ...] = ()  # the only places an evidence file is read from (symlinks resolved); () = base_dirs
    document: dict[str, Any] = dataclasses.field(default_factory=dict)
    source_file: str = "<scenario>"
    engine_name: str = "durable"
    result: results.PackResult | None = None
    error: errors.CcRulesError | None = None
    pack_rules: frozenset[str] = frozenset()  # every rule id of the pack, in force or not
    pack_dirs: dict[str, str] = dataclasses.field(default_factory=dict)  # pack id → directory (`cc-rules verify`)
    seen: list[results.PackResult] = dataclasses.field(default_factory=list)  # every result of the scenario
    lang: str = "en"  # the feature's language (zh or en), for the messages of rejected assessments

    def doc(self) -> dict[str, Any]:
        """The evidence being built; without a date of its own it is assessed as of the pack's current edition
        (`_assess`), never the clock, so a feature gives the same result every day."""
        if not self.document:
            self.document = {"format": "cc-rules/evidence@1", "organization": {"name": "scenario"},
                             "assessment": {"mode": "self"}, "facts": {}}
        return self.document

    def need_result(self) -> results.PackResult:
        if self.error is not None:
            raise StepFailed("steps.rejected", error=self.error)
        if self.result is None:
            raise StepFailed("steps.no-assessment")
        return self.result


Handler = Callable[..., None]


@dataclasses.dataclass(frozen=True)
class Step:
    kind: str  # given | when | then
    en: str  # regex, named groups
    zh: str  # regex as written; matched with every space optional (`loose`)
    handler: Handler
    table: bool = False
    example_en: str = ""
    example_zh: str = ""

    def pattern(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def loose(self, lang: str) -> re.Pattern[str]:
        """The pattern as matched: in Chinese a space between words and numbers is optional (`总分为96`)."""
        return _compiled(self.pattern(lang).replace(" ", r"\s*") if lang == "zh" else self.pattern(lang))

    def phrase(self, lang: str) -> str:
        """A readable form of the pattern (`总分为 SCORE`), for the catalogue and 'closest phrases' hints."""
        text = re.sub(r"\(\?P<\w+>((?:[^\W\d]+\|)+[^\W\d]+)\)", r"\1", self.pattern(lang))  # (扣|加) → 扣|加
        text = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: m.group(1).upper(), text)
        text = text.replace("[,，]\\s*", "，").replace("[:：]?", "：").replace("points?", "points")
        return text.replace("\\", "")

    def example(self, lang: str) -> str:
        return self.example_zh if lang == "zh" else self.example_en


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


STEPS: list[Step] = []


def step(kind: str, en: str, zh: str, table: bool = False, example: tuple[str, str] = ("", "")
         ) -> Callable[[Handler], Handler]:
    """Register a handler under an English and a Chinese pattern, with one example of each (the catalogue's)."""
    def register(func: Handler) -> Handler:
        STEPS.append(Step(kind, en, zh, func, table, example[0], example[1]))
        return func

    return register


_OPEN, _CLOSE = "\"“「『", "\"”」』"


def normalise(text: str) -> str:
    """The step text as matched: Chinese quotes become ASCII ones, and outside quotes full-width forms become their
    ASCII ones (NFKC: `２` → `2`, `，` → `,`, U+3000 → space); a quoted value is kept as written."""
    out: list[str] = []
    closing: str | None = None
    for ch in text:
        if closing is None and ch in _OPEN:
            closing = _CLOSE[_OPEN.index(ch)] if ch != '"' else '"'
            out.append('"')
        elif closing is not None and (ch == closing or (ch in _CLOSE and closing != '"')):
            closing = None
            out.append('"')
        elif closing is not None:
            out.append(ch)
        else:
            out.append(unicodedata.normalize("NFKC", ch))
    return "".join(out).strip()


def match(text: str, lang: str = "en") -> tuple[Step, dict[str, str]]:
    """The step whose pattern matches `text` (either language, after `normalise`), or `UnknownStep` with the closest
    phrases of the feature's language."""
    text = normalise(text)
    for candidate in STEPS:
        for pattern_lang in (lang, "en" if lang == "zh" else "zh"):
            found = candidate.loose(pattern_lang).fullmatch(text)
            if found:
                return candidate, found.groupdict()
    raise UnknownStep(text, closest(text, lang))


def _skeleton(text: str) -> str:
    """`text` with quoted values and numbers replaced by one mark each, so that distances compare the wording."""
    text = re.sub(r'"[^"]*"', '"…"', text)
    return re.sub(r"\s*-?\d+(?:\.\d+)?(?:-\d+-\d+)?\s*", "#", text)


def closest(text: str, lang: str, n: int = 3) -> list[str]:
    """The phrases of `lang` nearest to `text` by edit distance over the wording (values masked), best first: those
    within 60 % of the longer text, else the single nearest."""
    mine = _skeleton(normalise(text))
    ranked = []
    for candidate in STEPS:
        theirs = _skeleton(candidate.example(lang)) if candidate.example(lang) else candidate.phrase(lang)
        distance = _levenshtein(mine, theirs)
        ranked.append((distance / max(len(mine), len(theirs), 1), distance, candidate.phrase(lang)))
    ranked.sort()
    near = [phrase for ratio, _, phrase in ranked if ratio <= 0.6]
    return list(dict.fromkeys(near or [ranked[0][2]]))[:n] if ranked else []


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def run(world: World, text: str, table: list[list[str]] | None = None, lang: str = "en") -> None:
    found, args = match(text, lang)
    world.lang = lang
    kwargs: dict[str, Any] = dict(args)
    if found.table:
        kwargs["table"] = table or []
    found.handler(world, **kwargs)


# Given ----------------------------------------------------------------------------------------------------------------

Q = r'"(?P<{}>[^"]*)"'


def _value(raw: str) -> Any:
    """A step's value read as evidence is (`loading.parse_document`: no YAML tags, finite numbers below 10^15, dates
    that exist, the size and depth limits); a value that cannot be read fails the scenario, naming it."""
    text = raw.strip()
    if not text:
        return None
    try:
        return loading.parse_document(text.encode("utf-8"), "").data
    except errors.LoadError as exc:
        raise StepFailed("steps.bad-value", value=_shown(text), error=exc) from None


def _shown(text: str) -> str:
    """A value as a message quotes it: short, its control characters visible."""
    return basetext.escape_controls(text if len(text) <= 60 else text[:59] + "…")


def _set_fact(world: World, name: str, value: Any) -> None:
    doc = world.doc()
    head, _, rest = name.partition(".")
    if head in ("organization", "assessment") and rest:
        if value is None:
            doc[head].pop(rest, None)
        else:
            doc[head][rest] = value
        return
    if name == "benchmarks":  # the evidence's own channel benchmarks, per industry
        if value is None:
            doc.pop("benchmarks", None)
        else:
            doc["benchmarks"] = value
        return
    if head == "review" and rest:
        reviews = doc.setdefault("reviews", {})
        if value is None:
            reviews.pop(rest, None)
        else:
            reviews[rest] = {"met": value, "reviewer": "scenario", "reason": "set by scenario"}
        return
    flat = _flatten(doc.get("facts", {}))
    if value is None:
        flat.pop(name, None)
    else:
        flat[name] = value
    doc["facts"] = flat


def _flatten(node: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and "value" not in value:
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


@step("given",
      r'an organization {} in industry {} with (?P<seats>\d+) seats'.format(Q.format("name"), Q.format("industry")),
      r'机构 {} 属于 {} 行业[,，]\s*坐席数为 (?P<seats>\d+)'.format(Q.format("name"), Q.format("industry")),
      example=('an organization "Bank A" in industry "banking" with 200 seats',
               '机构 "某银行客服中心" 属于 "banking" 行业，坐席数为 200'))
def given_organization(world: World, name: str, industry: str, seats: str) -> None:
    world.doc()["organization"] = {"name": name, "industry": industry, "seats": _value(seats)}


@step("given", r'evidence {} is (?P<value>.+)'.format(Q.format("fact")),
      r'证据 {} 为 (?P<value>.+)'.format(Q.format("fact")),
      example=('evidence "staffing.team_leaders" is 20', '证据 "staffing.team_leaders" 为 20'))
def given_fact(world: World, fact: str, value: str) -> None:
    _set_fact(world, fact, _value(value))


@step("given", r"the evidence:", r"证据如下[:：]?", table=True,
      example=('the evidence:', '证据如下：'))
def given_table(world: World, table: list[list[str]]) -> None:
    header = [c.strip().lower() for c in table[0]] if table else None
    rows = table[1:] if header in (["fact", "value"], ["事实", "值"]) else table
    for row in rows:
        if len(row) < 2:
            raise StepFailed("steps.table-columns", row=_shown(" | ".join(row)), n=len(row))
        _set_fact(world, row[0].strip(), _value(row[1].strip()))


@step("given", r'the evidence file {}'.format(Q.format("path")), r'证据文件 {}'.format(Q.format("path")),
      example=('the evidence file "examples/ccso-pass-bank.yaml"', '证据文件 "examples/ccso-pass-bank.yaml"'))
def given_file(world: World, path: str) -> None:
    """Read an evidence file named relative to the feature (its directory, then its ancestors): only within the
    world's roots (the project, the packs given to `verify`), so a feature from a pull request cannot read, and so
    print, a file elsewhere (`../../etc/passwd`, an absolute path, a symlink leading out)."""
    if not path.strip() or Path(path).is_absolute() or path.startswith("~") or re.match(r"[A-Za-z]:", path):
        raise StepFailed("steps.evidence-file-absolute", path=_shown(path))
    roots = [os.path.realpath(r) for r in (world.roots or world.base_dirs)]
    for base in world.base_dirs:
        candidate = base / path
        if not os.path.lexists(candidate):
            continue
        real = os.path.realpath(candidate)
        if not any(os.path.commonpath([real, root]) == root for root in roots):
            raise StepFailed("steps.evidence-file-outside", path=_shown(path),
                             roots=", ".join(map(basetext.escape_controls, roots)))
        doc = loading.read_document(real, name=path)
        if not isinstance(doc.data, dict):
            raise StepFailed("steps.evidence-file-not-mapping", path=_shown(path))
        world.document = copy.deepcopy(doc.data)
        world.source_file = path
        return
    raise StepFailed("steps.evidence-file-not-found", path=_shown(path),
                     dirs=", ".join(basetext.escape_controls(str(d)) for d in world.base_dirs))


# When -----------------------------------------------------------------------------------------------------------------


def _assess(world: World, pack: str, as_of: dt.date | None) -> None:
    world.result, world.error = None, None
    pack = world.pack_dirs.get(pack, pack)
    try:
        raw = yaml.safe_dump(world.doc(), allow_unicode=True, sort_keys=False).encode("utf-8")
        doc = loading.parse_document(raw, world.source_file)
        loaded = packs.load(pack)
        ev = evidence.from_document(doc, "scenario", _edition_start(loaded))
        outcome = assessment.assess_evidence(ev, [pack], as_of, engine.get(world.engine_name))
        world.result = outcome.results[0]
        world.seen.append(world.result)
        world.pack_rules = frozenset(r.id for r in loaded.rules)
    except errors.CcRulesError as exc:
        world.error = exc


def _edition_start(pack: model.Pack) -> dt.date | None:
    """The date of evidence that gives none: the day the pack's current (latest) edition takes effect, so that a
    scenario does not pass today and fail next year."""
    return pack.editions[-1].effective_from if pack.editions else None


@step("when", r'it is assessed against {}'.format(Q.format("pack")), r'按 {} 评估'.format(Q.format("pack")),
      example=('it is assessed against "ccso"', '按 "ccso" 评估'))
def when_assessed(world: World, pack: str) -> None:
    _assess(world, pack, None)


@step("when", r'it is assessed against {} as of (?P<day>\d{{4}}-\d{{2}}-\d{{2}})'.format(Q.format("pack")),
      r'按 {} 于 (?P<day>\d{{4}}-\d{{2}}-\d{{2}}) 评估'.format(Q.format("pack")),
      example=('it is assessed against "ccso" as of 2020-06-30', '按 "ccso" 于 2020-06-30 评估'))
def when_assessed_as_of(world: World, pack: str, day: str) -> None:
    as_of = dates.parse(day)
    if as_of is None:  # 2026-02-30: the scenario fails with the reason, the run goes on
        raise StepFailed(dates.MESSAGE, value=dates.shown(day))
    _assess(world, pack, as_of)


# Then -----------------------------------------------------------------------------------------------------------------


def _number(raw: str) -> float:
    """An expected number of a Then step, read as a step value is (`_value`): never thousands of digits."""
    value = _value(raw)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise StepFailed("steps.bad-value", value=_shown(raw), error=errors.LoadError(
            [errors.Problem.of("steps.not-a-number", file="", line=1)]))
    return float(value)


def _finding(result: results.PackResult, rule: str) -> results.Finding:
    for f in result.findings:
        if f.rule == rule:
            return f
    raise StepFailed("steps.rule-not-in-results", rule=rule,
                     closest=difflib.get_close_matches(rule, [f.rule for f in result.findings], n=3))


@step("then", r"the level is (?P<level>\d+)", r"等级为 (?P<level>\d+)",
      example=('the level is 3', '等级为 3'))
def then_level(world: World, level: str) -> None:
    result = world.need_result()
    if result.level != _number(level):
        missing = [m.id for m in result.next_level.missing][:5] if result.next_level else []
        raise StepFailed("steps.level", level=result.level, expected=level, missing=missing)


@step("then", r"the total score is (?P<score>-?[\d.]+)", r"总分为 (?P<score>-?[\d.]+)",
      example=('the total score is 96', '总分为 96'))
def then_total(world: World, score: str) -> None:
    result = world.need_result()
    if result.score is None or abs(result.score.total - _number(score)) > 1e-6:
        raise StepFailed("steps.total", total=_total(result), expected=score)


@step("then", r'the {} score is (?P<score>-?[\d.]+)'.format(Q.format("dimension")),
      r'{} 维度得分为 (?P<score>-?[\d.]+)'.format(Q.format("dimension")),
      example=('the "strategic_value" score is 10', '"strategic_value" 维度得分为 10'))
def then_dimension(world: World, dimension: str, score: str) -> None:
    result = world.need_result()
    titles = result.score.titles if result.score else ()
    key = next((d for d, title in titles if dimension in (title.zh, title.en)), dimension)  # a title or an id
    dims = dict(result.score.dimensions) if result.score else {}
    if key not in dims:
        raise StepFailed("steps.no-dimension", dimension=dimension, dimensions=sorted(dims))
    if abs(dims[key] - _number(score)) > 1e-6:
        raise StepFailed("steps.dimension-score", dimension=dimension, score=f"{dims[key]:g}", expected=score)


@step("then", r"it passes", r"评定通过",
      example=('it passes', '评定通过'))
def then_passes(world: World) -> None:
    result = world.need_result()
    if not result.passed:
        raise StepFailed("steps.does-not-pass", total=_total(result), level=result.level)


@step("then", r"it does not pass", r"评定不通过",
      example=('it does not pass', '评定不通过'))
def then_fails(world: World) -> None:
    result = world.need_result()
    if result.passed:
        raise StepFailed("steps.passes", total=_total(result), level=result.level)


@step("then", r'the grade is {}'.format(Q.format("grade")), r'评级为 {}'.format(Q.format("grade")),
      example=('the grade is "五星"', '评级为 "五星"'))
def then_grade(world: World, grade: str) -> None:
    result = world.need_result()
    if result.grade != grade:
        raise StepFailed("steps.grade", grade=result.grade, expected=grade)


@step("then", r'rule {} (?P<verb>deducts|adds) (?P<points>[\d.]+) points?'.format(Q.format("rule")),
      r'规则 {} (?P<verb>扣|加) (?P<points>[\d.]+) 分'.format(Q.format("rule")),
      example=('rule "ccso.staffing.team_leaders" deducts 3 points', '规则 "ccso.staffing.team_leaders" 扣 3 分'))
def then_points(world: World, rule: str, verb: str, points: str) -> None:
    finding = _finding(world.need_result(), rule)
    expected = (-_number(points) if verb in ("deducts", "扣") else _number(points)) + 0.0  # never "-0"
    if abs((finding.points or 0) - expected) > 1e-6:
        raise StepFailed("steps.points", rule=rule, moved=f"{finding.points or 0:+g}", met=finding.met,
                         expected=f"{expected:+g}")


@step("then", r'rule {} does not fire'.format(Q.format("rule")), r'规则 {} 未触发'.format(Q.format("rule")),
      example=('rule "ccso.staffing.team_leaders" does not fire', '规则 "ccso.staffing.team_leaders" 未触发'))
def then_not_fire(world: World, rule: str) -> None:
    result = world.need_result()
    if rule in world.pack_rules and rule not in {f.rule for f in result.findings}:
        return  # not in force on the assessment date: it cannot fire
    finding = _finding(result, rule)
    fired = finding.fired
    if fired:
        raise StepFailed("steps.fired", rule=rule, points=f"{finding.points or 0:+g}", met=finding.met)


@step("then", r'level (?P<level>\d+) is not awarded because {} is not met'.format(Q.format("req")),
      r'未达到 (?P<level>\d+) 级[,，]\s*因为 {} 未满足'.format(Q.format("req")),
      example=('level 2 is not awarded because "gbt.8.8.l2.leaders_and_training" is not met',
               '未达到 2 级，因为 "gbt.8.8.l2.leaders_and_training" 未满足'))
def then_not_awarded(world: World, level: str, req: str) -> None:
    result = world.need_result()
    if result.level is not None and result.level >= _number(level):
        raise StepFailed("steps.awarded", level=result.level, expected=level)
    finding = _finding(result, req)
    if finding.met is True:
        raise StepFailed("steps.requirement-met", req=req)


@step("then", r'the improvement actions include {}'.format(Q.format("action")),
      r'改进建议包含 {}'.format(Q.format("action")),
      example=('the improvement actions include "act.hire_team_leaders"', '改进建议包含 "act.hire_team_leaders"'))
def then_action(world: World, action: str) -> None:
    result = world.need_result()
    ids = [a.id for a in result.actions]
    if action not in ids and action not in [a.title.zh for a in result.actions] + [a.title.en for a in result.actions]:
        raise StepFailed("steps.actions", ids=ids)


@step("then", r'the improvement action {} comes before {}'.format(Q.format("first"), Q.format("later")),
      r'改进建议 {} 排在 {} 之前'.format(Q.format("first"), Q.format("later")),
      example=('the improvement action "act.data_interchange" comes before "act.bot_kpis"',
               '改进建议 "act.data_interchange" 排在 "act.bot_kpis" 之前'))
def then_action_before(world: World, first: str, later: str) -> None:
    result = world.need_result()
    ids = [a.id for a in result.actions]
    if first not in ids or later not in ids or ids.index(first) > ids.index(later):
        raise StepFailed("steps.action-order", first=first, later=later, ids=ids)


@step("then", r'{} is reported as not evidenced'.format(Q.format("fact")),
      r'{} 报告为未提供证据'.format(Q.format("fact")),
      example=('"staffing.team_leaders" is reported as not evidenced', '"staffing.team_leaders" 报告为未提供证据'))
def then_unknown(world: World, fact: str) -> None:
    result = world.need_result()
    if fact not in result.unknown:
        raise StepFailed("steps.not-unknown", fact=fact, unknown=list(result.unknown))


@step("then", r'the assessment is rejected with a message containing {}'.format(Q.format("text")),
      r'评估被拒绝[,，]\s*信息包含 {}'.format(Q.format("text")),
      example=('the assessment is rejected with a message containing "2026-02-30"',
               '评估被拒绝，信息包含 "2026-02-30"'))
def then_rejected(world: World, text: str) -> None:
    if world.error is None:
        raise StepFailed("steps.not-rejected")
    # the feature's language first; a phrase quoted from the English message holds too (pytest-bdd runs in en)
    if text not in world.error.render(world.lang) and text not in world.error.render("en"):
        raise StepFailed("steps.message-lacks", text=text, message=world.error)


@step("then", r'the explanation of rule {} contains {}'.format(Q.format("rule"), Q.format("text")),
      r'规则 {} 的说明包含 {}'.format(Q.format("rule"), Q.format("text")),
      example=('the explanation of rule "ccso.staffing.team_leaders" contains "rounded up"',
               '规则 "ccso.staffing.team_leaders" 的说明包含 "向上取整"'))
def then_explanation(world: World, rule: str, text: str) -> None:
    finding = _finding(world.need_result(), rule)
    shown = finding.explanation
    said = f"{shown.zh}\n{shown.en}" if shown is not None else ""
    if text not in said:
        raise StepFailed("steps.explanation-lacks", rule=rule, text=text, said=said)


@step("then", r'rule {} is undecided'.format(Q.format("rule")), r'规则 {} 无法判定'.format(Q.format("rule")),
      example=('rule "ccso.strategy.positioning" is undecided', '规则 "ccso.strategy.positioning" 无法判定'))
def then_undecided(world: World, rule: str) -> None:
    finding = _finding(world.need_result(), rule)
    if finding.met is not None:
        raise StepFailed("steps.decided", rule=rule, met=finding.met)


def _total(result: results.PackResult) -> str:
    """The total as a person writes it: 96, not 96.0."""
    return results.format_value(result.score.total) if result.score is not None else "-"
