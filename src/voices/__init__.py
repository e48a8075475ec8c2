"""voices: what practitioners are saying.

Stance toward a named proposition and themes, in comment threads and
consultation responses, offline. The command line (``voices --help``) is a thin
layer over the use-case modules listed there; import those to use voices as a
library.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
