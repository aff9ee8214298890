"""cc-rules: rules-as-code for contact-centre standards (GB/T 43045.1-2023, CCSO).

Public API: load a pack, load evidence, assess, and the results model. The names are imported when first used
(PEP 562), so `cc-rules --version` and commands that need little do not pay for the whole package.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cc_rules.assess.pipeline import assess, run
    from cc_rules.base.errors import CcRulesError
    from cc_rules.compile.compiler import compile_pack
    from cc_rules.model.evidence import load as load_evidence
    from cc_rules.model.packs import load as load_pack
    from cc_rules.results import Report

__all__ = ["CcRulesError", "Report", "assess", "compile_pack", "load_evidence", "load_pack", "run"]
__version__ = "0.1.0"

_LAZY = {  # public name → (module, attribute)
    "assess": ("cc_rules.assess.pipeline", "assess"),
    "run": ("cc_rules.assess.pipeline", "run"),
    "CcRulesError": ("cc_rules.base.errors", "CcRulesError"),
    "compile_pack": ("cc_rules.compile.compiler", "compile_pack"),
    "load_evidence": ("cc_rules.model.evidence", "load"),
    "load_pack": ("cc_rules.model.packs", "load"),
    "Report": ("cc_rules.results", "Report"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cc_rules' has no attribute {name!r}")


class _Package(types.ModuleType):
    """`cc_rules.assess` is the function, as it always was, although `cc_rules.assess` is also a subpackage: the
    import system sets the subpackage as an attribute of this module when it is first imported, which this
    property ignores (`from cc_rules.assess import …` finds the subpackage in `sys.modules`)."""

    @property
    def assess(self) -> Any:
        return importlib.import_module("cc_rules.assess.pipeline").assess

    @assess.setter
    def assess(self, value: Any) -> None:
        pass


sys.modules[__name__].__class__ = _Package
