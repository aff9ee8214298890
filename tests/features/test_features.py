"""Every feature under features/ runs as pytest scenarios through the shared step library."""

from pytest_bdd import scenarios

scenarios("../../features")
