"""``python -m workstation``: the command line."""

from workstation.cli.main import main

# Guarded: ``county serve --workers N`` starts its workers with multiprocessing's "spawn",
# which imports this module again in each worker (as ``__mp_main__``).
if __name__ == "__main__":
    raise SystemExit(main())
