"""Repository entry point: hands over to the package's click app."""
from cc_rules.cli import main

main()
