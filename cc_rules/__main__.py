from cc_rules.cli import main

main()
