"""The message catalogue files are read as strictly as a pack: a key given twice (an integration merge once doubled
the step catalogue's block in steps.yaml) is an error, not a silent overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest

from cc_rules.io import loading

MESSAGES = sorted((Path(__file__).resolve().parents[2] / "cc_rules" / "base" / "messages").glob("*.yaml"))


@pytest.mark.parametrize("file", MESSAGES, ids=lambda f: f.name)
def test_no_catalogue_key_is_given_twice(file: Path) -> None:
    assert isinstance(loading.read_document(file).data, dict)  # raises LoadError on a duplicate key
