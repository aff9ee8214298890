"""cc-rules: rules-as-code for contact-centre standards (GB/T 43045.1-2023, CCSO).

Public API: load a pack, load evidence, assess, and the results model.
"""

from cc_rules.assess.pipeline import assess, run
from cc_rules.base.errors import CcRulesError
from cc_rules.compile.compiler import compile_pack
from cc_rules.model.evidence import load as load_evidence
from cc_rules.model.packs import load as load_pack
from cc_rules.results import Report

__all__ = ["CcRulesError", "Report", "assess", "compile_pack", "load_evidence", "load_pack", "run"]
__version__ = "0.1.0"
