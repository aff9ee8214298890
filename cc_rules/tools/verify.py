"""Run Gherkin features through the shared step library, without pytest (`cc-rules verify`).

Features are parsed with the official `gherkin` parser; its pickles (scenarios with backgrounds and outline rows
expanded) give each step's text, data table and the feature's language. Every step goes through
`cc_rules.tools.steps.run`, the same code the pytest-bdd suite binds, so a scenario passes here exactly when it passes
there.

A step phrase the library does not know is *bad input* (exit 2), reported with the closest known phrases; a Then step
that does not hold is a *failure* (exit 1), reported with the actual value the step found. Step messages are in the
feature's language. The results are in cc_rules/results/verify.py; cc_rules/reports/verify_text.py renders them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from cc_rules.base import errors
from cc_rules.io import loading, resources
from cc_rules.model import packs
from cc_rules.results.verify import ExampleRow, FeatureResult, Note, PackCoverage, Run, ScenarioResult, StepOutcome
from cc_rules.tools import steps

__all__ = ["ExampleRow", "FeatureResult", "Note", "PackCoverage", "Run", "ScenarioResult", "StepOutcome", "classify",
           "coverage", "default_features", "feature_dirs", "pack_features", "parse", "run", "run_feature"]

# Inputs ---------------------------------------------------------------------------------------------------------------


def repo_features_dir() -> Path:
    """The bundled `features/`: next to `rules/` in a checkout, `cc_rules/_data/features` in an installed wheel."""
    return resources.features_dir()


def default_features(pack_ref: str) -> Path | None:
    """The first directory of `feature_dirs`, or None (kept for callers that want one place)."""
    found = feature_dirs(pack_ref)
    return found[0] if found else None


def feature_dirs(pack_ref: str) -> list[Path]:
    """The directories of features of a pack: its own `<pack>/features/` (if any), then the first of `features/<id>/`
    beside the pack's `rules/` directory and (a built-in id, or a copy of a built-in pack) the repository's
    `features/<id>/`."""
    root = packs.resolve(pack_ref)
    pack_id = packs.load(root).id

    def has_features(c: Path) -> bool:
        return c.is_dir() and any(c.glob("*.feature"))

    own = [root / "features"] if has_features(root / "features") else []
    found = next((c for c in (root.parent / "features" / pack_id, root.parent.parent / "features" / pack_id,
                              repo_features_dir() / pack_id) if has_features(c)), None)
    if found is not None and all(found.resolve() != o.resolve() for o in own):
        return [*own, found]
    return own


def pack_features(pack_ref: str) -> tuple[list[Path], list[Note]]:
    """The features of a pack: those of every `feature_dirs` directory, a file of the pack's own directory taking
    the place of the same-named file elsewhere; a note says what was added or replaced, never silently."""
    dirs = feature_dirs(pack_ref)
    chosen: dict[str, Path] = {}
    notes: list[Note] = []
    for folder in dirs:
        for file in sorted(folder.glob("*.feature")):
            chosen.setdefault(file.name, file)
    if len(dirs) > 1:
        own, others = dirs[0], dirs[1:]
        replaced = sorted(f.name for f in own.glob("*.feature") if any((o / f.name).is_file() for o in others))
        notes.append(Note("verify.note-features-added", (("own", str(own)), ("others", ", ".join(map(str, others))),
                                                          ("n", str(len(chosen))))))
        if replaced:
            notes.append(Note("verify.note-features-replaced", (("own", str(own)), ("files", ", ".join(replaced)))))
    return sorted(chosen.values(), key=lambda f: (f.name, str(f))), notes


def classify(args: Sequence[str]) -> tuple[dict[str, str], list[Path], list[Note]]:
    """Split the command line into packs (id → directory) and feature files; features default to the packs' own."""
    pack_dirs: dict[str, str] = {}
    pack_refs: list[str] = []
    features: list[Path] = []
    notes: list[Note] = []
    for arg in args:
        path = Path(arg)
        if path.is_file() and path.suffix == ".feature":
            features.append(path)
        elif path.is_dir() and (path / "pack.yaml").is_file():
            pack_refs.append(arg)
        elif path.is_dir():
            found = sorted(path.rglob("*.feature"))
            if not found:
                raise errors.InputError([errors.Problem.of("verify.dir-without-features", file=arg,
                                                           code="verify-input")])
            features += found
        elif arg in packs.builtin_ids():
            pack_refs.append(arg)
        else:
            raise errors.InputError([errors.Problem.of(
                "verify.not-a-target", file=arg, suggestion=errors.did_you_mean(arg, packs.builtin_ids()),
                code="verify-input")])
    if not pack_refs and not features:
        pack_refs = list(packs.builtin_ids())
    for ref in pack_refs:
        pack = packs.load(ref)
        pack_dirs[pack.id] = str(packs.resolve(ref))
    if not features:
        for ref in pack_refs:
            found_files, found_notes = pack_features(ref)
            if not found_files:
                raise errors.InputError([errors.Problem.of("verify.no-features-for-pack", file=ref,
                                                           code="verify-input")])
            features += found_files
            notes += found_notes
    return pack_dirs, features, notes


# Parsing --------------------------------------------------------------------------------------------------------------


def parse(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The Gherkin document and its pickles, or `InputError` naming file and line."""
    from gherkin.parser import Parser
    from gherkin.pickles.compiler import Compiler

    try:  # a regular file within the size limit (a FIFO named *.feature would block, /dev/zero never ends)
        text = loading.read_bytes_safely(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise errors.InputError([errors.Problem.of("verify.cannot-read-feature", file=str(path), code="feature",
                                                   reason=str(exc))]) from None
    try:
        doc: dict[str, Any] = dict(Parser().parse(text))
    except Exception as exc:
        inner = getattr(exc, "errors", None) or [exc]
        first = inner[0]
        location = getattr(first, "location", None) or {}
        message = str(first).splitlines()[0] if str(first) else type(first).__name__
        if len(message) > 120:  # the parser quotes the offending line: a short excerpt of it, never a whole file
            message = message[:119] + "…"
        raise errors.InputError([errors.Problem.of("verify.malformed-gherkin", file=str(path),
                                                   line=location.get("line"), code="feature",
                                                   problem=message)]) from None
    doc["uri"] = str(path)
    if not doc.get("feature"):
        return doc, []
    return doc, [dict(p) for p in Compiler().compile(doc)]  # type: ignore[arg-type]


def _example_rows(doc: dict[str, Any]) -> dict[str, ExampleRow]:
    """AST id of each Scenario Outline example row → its number (1-based, across the outline's Examples) and values."""
    out: dict[str, ExampleRow] = {}

    def walk(children: Iterable[dict[str, Any]]) -> None:
        for child in children:
            node = child.get("scenario")
            if node:
                index = 0
                for block in node.get("examples", []):
                    for row in block.get("tableBody", []):
                        index += 1
                        out[row["id"]] = ExampleRow(index, row["location"]["line"],
                                                    tuple(c["value"] for c in row["cells"]))
            if child.get("rule"):
                walk(child["rule"].get("children", []))

    walk(doc.get("feature", {}).get("children", []))
    return out


def _ast_steps(doc: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """AST step id → (keyword as written, line)."""
    out: dict[str, tuple[str, int]] = {}

    def walk(children: Iterable[dict[str, Any]]) -> None:
        for child in children:
            for key in ("background", "scenario"):
                node = child.get(key)
                if node:
                    for s in node.get("steps", []):
                        out[s["id"]] = (s["keyword"].strip(), s["location"]["line"])
            if child.get("rule"):
                walk(child["rule"].get("children", []))

    walk(doc.get("feature", {}).get("children", []))
    return out


# Running --------------------------------------------------------------------------------------------------------------


def base_dirs(feature: Path) -> tuple[Path, ...]:
    """Where `the evidence file "PATH"` looks: the feature's directory and its ancestors, the cwd, the repo root."""
    here = feature.resolve().parent
    out = [here, *here.parents, Path.cwd(), resources.data_root()]
    return tuple(dict.fromkeys(out))


def roots(pack_dirs: dict[str, str] | None = None) -> tuple[Path, ...]:
    """Where an evidence file named by a step may be read: the project (the cwd), the bundled data, and each pack
    given (with the repository holding it, when it sits in a `rules/` directory)."""
    out = [Path.cwd(), resources.data_root()]
    for root in (Path(d).resolve() for d in (pack_dirs or {}).values()):
        out += [root, root.parent.parent] if root.parent.name == "rules" else [root]
    return tuple(dict.fromkeys(out))


def run_feature(path: Path, pack_dirs: dict[str, str] | None = None, engine_name: str = "durable") -> FeatureResult:
    doc, pickles = parse(path)
    ast = _ast_steps(doc)
    rows = _example_rows(doc)
    language = doc.get("feature", {}).get("language", "en") if doc.get("feature") else "en"
    lang = "zh" if language.lower().startswith("zh") else "en"
    scenarios = []
    for pickle in pickles:
        world = steps.World(base_dirs=base_dirs(path), roots=roots(pack_dirs), engine_name=engine_name,
                            pack_dirs=dict(pack_dirs or {}))
        outcomes: list[StepOutcome] = []
        status = "passed"
        for raw in pickle["steps"]:
            keyword, line = ast.get(raw["astNodeIds"][0], ("", None))
            table = None
            data_table = raw.get("argument", {}).get("dataTable")
            if data_table:
                table = [[cell["value"] for cell in row["cells"]] for row in data_table["rows"]]
            if status != "passed":
                outcomes.append(StepOutcome(keyword, raw["text"], line, "skipped"))
                continue
            try:
                steps.run(world, raw["text"], table, lang)
            except steps.UnknownStep as exc:
                outcomes.append(StepOutcome(keyword, raw["text"], line, "undefined", exc.message(lang), exc.closest))
                status = "error"
            except steps.StepFailed as exc:  # in the feature's language
                outcomes.append(StepOutcome(keyword, raw["text"], line, "failed", exc.text(lang)))
                status = "failed"
            except AssertionError as exc:  # a handler's own assertion
                outcomes.append(StepOutcome(keyword, raw["text"], line, "failed", str(exc)))
                status = "failed"
            except errors.CcRulesError as exc:  # e.g. an evidence file a Given step cannot read
                outcomes.append(StepOutcome(keyword, raw["text"], line, "failed", exc.render(lang)))
                status = "failed"
            else:
                outcomes.append(StepOutcome(keyword, raw["text"], line, "passed"))
        scenario_line = None
        for child in doc["feature"].get("children", []):
            node = child.get("scenario")
            if node and node["id"] in pickle["astNodeIds"]:
                scenario_line = node["location"]["line"]
        example = next((rows[i] for i in pickle["astNodeIds"] if i in rows), None)
        scenarios.append(ScenarioResult(pickle["name"], scenario_line, status, tuple(outcomes), tuple(world.seen),
                                        example))
    name = doc["feature"]["name"] if doc.get("feature") else path.name
    return FeatureResult(str(path), name, language, tuple(scenarios))


def coverage(pack_dirs: dict[str, str], features: Sequence[Path], ran: Sequence[FeatureResult]
             ) -> tuple[PackCoverage, ...]:
    """Per pack, the rules no scenario exercises (as `opa test --coverage` does): a rule is exercised when a feature
    names its id or a scenario's assessment decides it (met true or false; a derive rule: its fact was derived)."""
    text = "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in features)
    out = []
    for pack_id, root in sorted(pack_dirs.items()):
        pack = packs.load(root)
        exercised = {r.id for r in pack.rules if f'"{r.id}"' in text}
        for feature in ran:
            for scenario in feature.scenarios:
                for res in scenario.results:
                    if res.pack_id == pack_id:
                        exercised.update(f.rule for f in res.findings if f.met is not None)
                        exercised.update(d.rule for d in res.derived)
        out.append(PackCoverage(pack_id, len(pack.rules), tuple(r.id for r in pack.rules if r.id not in exercised)))
    return tuple(out)


def run(args: Sequence[str], engine_name: str = "durable") -> Run:
    pack_dirs, features, notes = classify(args)
    ran = tuple(run_feature(f, pack_dirs, engine_name) for f in features)
    if not any(f.scenarios for f in ran):
        raise errors.InputError([errors.Problem.of("verify.no-scenario", file=str(features[0]),
                                                   code="verify-input")])
    return Run(ran, tuple(notes), coverage(pack_dirs, features, ran))
