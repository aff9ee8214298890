"""`cc-rules explain`: why a level, score or finding was or was not awarded, as a tree down to the evidence."""

from __future__ import annotations

import datetime as dt

import click

from cc_rules import explain as explaining
from cc_rules.assess import pipeline as assessment
from cc_rules.base import errors
from cc_rules.cli.common import _emit, handles_input_errors
from cc_rules.cli.options import as_of_option, format_option, lang_option, output_option
from cc_rules.reports import explain_text


@click.command(name="explain")
@click.argument("evidence", type=click.Path(dir_okay=False))
@click.option("--pack", "pack_ref", required=True, help="Built-in pack id or pack directory.")
@click.option("--level", type=int, help="Explain why this level is (not) awarded (maturity packs).")
@click.option("--rule", "rule_id", help="Explain one rule's finding, condition by condition.")
@click.option("--score", is_flag=True, help="Explain the score: points lost and won per dimension (points packs).")
@as_of_option()
@format_option(["text", "json"])
@lang_option
@output_option(help="Write the explanation here instead of stdout.")
@handles_input_errors
def explain_command(evidence: str, pack_ref: str, level: int | None, rule_id: str | None, score: bool,
                    as_of: dt.date | None, fmt: str, lang: str, output: str | None) -> None:
    """Why EVIDENCE gets its level/score/finding from a pack, or why not: a tree from the conclusion to the facts."""
    if sum(x is not None and x is not False for x in (level, rule_id, score)) > 1:
        raise errors.InputError([errors.Problem.of("cli.one-target", code="usage")])
    prepared = assessment.prepare(evidence, pack_ref, as_of, today=dt.date.today())
    try:
        tree = explaining.explain(prepared.compiled, prepared.facts, prepared.result, level=level, rule=rule_id,
                                  score=score)
    except explaining.NoSuchTarget as exc:
        raise errors.InputError([errors.Problem.of(exc.key, file=pack_ref, code="explain-target",
                                                   values=exc.params)]) from None
    _emit(tree.to_json() if fmt == "json" else explain_text.render_text(tree, lang), output)


COMMANDS = [explain_command]
