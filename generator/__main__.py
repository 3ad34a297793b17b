from generator.cli import main

# Guarded: worker processes import the main module again (as ``__mp_main__``).
if __name__ == "__main__":
    raise SystemExit(main())
