"""Rules not exercised by any feature scenario (CCR015)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cc_rules import model
from cc_rules.base import errors, i18n
from cc_rules.results.lint import LintFinding, _display
from cc_rules.tools.lint.common import keyed, say


def _exercised(pack: model.Pack) -> Iterator[LintFinding]:
    from cc_rules.tools import verify

    dirs = verify.feature_dirs(pack.root)
    rules_file = f"{pack.root}/rules"
    if not dirs:
        yield keyed("CCR015", pack.id, say("no-features", pack=pack.id), file=rules_file)
        return
    feature_dir = dirs[0]
    files, _ = verify.pack_features(pack.root)
    text = "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)
    exercised = {r.id for r in pack.rules if re.search(rf'"{re.escape(r.id)}"', text)}
    for file in files:
        try:
            result = verify.run_feature(file, {pack.id: pack.root}, "plain")
        except errors.CcRulesError as exc:
            yield keyed("CCR015", pack.id, lambda lang, exc=exc: i18n.message(  # type: ignore[misc]
                "lint.features-failed", lang, error=exc.render(lang)), file=str(file), severity="warning")
            continue
        for scenario in result.scenarios:
            for res in scenario.results:
                if res.pack_id == pack.id:
                    exercised.update(f.rule for f in res.findings if f.met is not None)
                    exercised.update(d.rule for d in res.derived)
    for rule in pack.rules:
        if rule.id not in exercised:
            yield keyed("CCR015", pack.id, say("unexercised", rule=rule.id, features=_display(str(feature_dir))),
                        rule.loc)

