"""Start the workstation desk application: ``python main.py [--demo] [--db PATH]``."""

from workstation.app import main

if __name__ == "__main__":
    raise SystemExit(main())
