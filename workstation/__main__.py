"""``python -m workstation``: the command line."""

from workstation.cli.main import main

raise SystemExit(main())
