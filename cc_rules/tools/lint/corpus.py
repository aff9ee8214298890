"""Corpus coverage (CCR020): which rules the evidence of a corpus of centres decides and fires."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cc_rules import engine, model
from cc_rules.base import errors, i18n
from cc_rules.compile import compiler
from cc_rules.io import resources
from cc_rules.model import evidence
from cc_rules.results.lint import LintFinding, _display
from cc_rules.tools.lint.common import keyed, shown


def corpus_files(path: str) -> list[Path]:
    root = Path(path)
    if root.is_file():
        return [root]
    return sorted(p for p in root.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))



def default_corpus() -> str | None:
    root = resources.data_root() / "examples" / "corpus"
    return str(root) if root.is_dir() else None



def _corpus(pack: model.Pack, compiled: list[compiler.CompiledPack], corpus: str) -> Iterator[LintFinding]:
    files = corpus_files(corpus)
    if not files:
        return
    evaluator = engine.get("plain")
    fired: set[str] = set()
    decided: set[str] = set()
    used = 0
    for file in files:
        try:
            ev = evidence.load(file)
            if ev.packs is not None and pack.id not in ev.packs:
                continue
            cp = compiler.compile_pack(pack, ev.date)
            from cc_rules.assess import pipeline as assessment

            result = assessment.assess(ev, cp, evaluator)
        except errors.CcRulesError:
            continue
        used += 1
        for f in result.findings:
            if f.met is not None:
                decided.add(f.rule)
            if f.points or (f.kind in ("requirement", "warning") and f.met is False):
                fired.add(f.rule)
    if not used:
        return
    ids = [r.id for r in pack.rules]
    never = [i for i in ids if i not in fired]
    undecided = [i for i in ids if i not in decided]
    listed = shown(never)
    counts = {"used": used, "corpus": _display(corpus), "decided": len(ids) - len(undecided), "total": len(ids),
              "fire": len(ids) - len(never)}
    yield keyed("CCR020", pack.id, lambda lang: i18n.message("lint.corpus", lang, **counts) + (
        i18n.message("lint.never-fire", lang, shown=listed(lang)) if never else ""),
                file=f"{pack.root}/rules", data=never)

