"""consortium: build Horizon Europe consortia from call texts and partner profiles.

Importing the package is cheap on purpose: torch and sentence-transformers load only
when something is embedded, so ``consortium --help`` answers at once.
"""

__version__ = "0.1.0"
