"""``python -m voices``: the same as the ``voices`` command."""

from voices.cli import main

if __name__ == "__main__":
    main()
