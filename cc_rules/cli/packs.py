"""`cc-rules packs` and `cc-rules facts`: the built-in packs, and a pack's fact vocabulary."""

from __future__ import annotations

import click

from cc_rules.base import i18n
from cc_rules.cli.common import handles_input_errors
from cc_rules.cli.options import lang_option
from cc_rules.model import packs
from cc_rules.reports.base import provenance_lines


@click.command(name="packs")
@lang_option
@handles_input_errors
def list_packs(lang: str) -> None:
    """List the built-in packs: id, model, editions, coverage, and how many rules and parameters are source,
    secondary or interpretation."""
    for pack_id in packs.builtin_ids():
        pack = packs.load(pack_id)
        editions = i18n.message("reports.list_sep", lang).join(
            i18n.message("cli.edition-from", lang, edition=e.id, start=e.effective_from.isoformat())
            for e in pack.editions)
        line = f"{pack.id:10} {pack.model:10} {editions}"
        if pack.coverage_tiers:  # items encoded per tier of the standard's tree, beside the tree's own counts
            line += "  " + i18n.message("cli.coverage", lang, encoded="/".join(map(str, pack.items_per_tier())),
                                        official="/".join(map(str, pack.coverage_tiers)))
        click.echo(f"{line}  {pack.title.get(lang)}")
        for provenance in provenance_lines(pack.provenance, lang):
            click.echo(f"{'':11}{provenance}")


@click.command(name="facts")
@click.argument("pack_ref")
@lang_option
@handles_input_errors
def facts(pack_ref: str, lang: str) -> None:
    """List the fact vocabulary of PACK (id or directory)."""
    from cc_rules.compile import compiler
    pack = packs.load(pack_ref)
    for spec in pack.facts + compiler.implicit_facts(pack):
        detail: str = spec.type
        if spec.values:
            detail += " " + "|".join(map(str, spec.values))
        if spec.min is not None or spec.max is not None:
            detail += f" [{'' if spec.min is None else f'{spec.min:g}'}..{'' if spec.max is None else f'{spec.max:g}'}]"
        if spec.unit:
            detail += f" ({spec.unit})"
        if spec.derived:
            detail += " " + i18n.message("cli.derived", lang)
        click.echo(f"{spec.name:45} {detail:30} {spec.description.get(lang)}")


COMMANDS = [list_packs, facts]
