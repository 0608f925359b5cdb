"""The exceptions acukg raises: one hierarchy, each message naming the bad value and where it came from."""


class AcukgError(Exception):
    """Base of every error acukg raises on purpose; the CLI prints these without a traceback."""


class SettingsError(AcukgError):
    """A setting from the environment or the command line is malformed."""


class SeedError(AcukgError):
    """A seed list has malformed identifiers (the message lists every bad line)."""


class OpenAlexError(AcukgError):
    """OpenAlex (or the stand-in) answered with an error that retrying will not fix."""


class BudgetExhausted(OpenAlexError):
    """The daily request budget is spent; the job stopped cleanly and can be resumed."""


class PubmedError(AcukgError):
    """PubMed E-utilities (or the stand-in) answered with an error that retrying will not fix."""


class StoreError(AcukgError):
    """The record store or a graph file is missing, corrupt or of another version."""


class StoreInUse(StoreError):
    """Another job holds the record store."""


class UnknownConceptError(AcukgError, KeyError):
    """A concept name that the vocabulary does not know; the message suggests close ones."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class UnknownWorkError(AcukgError, KeyError):
    """A work id that is not in the graph."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class BackendError(AcukgError):
    """A graph database could not be reached, refused the credentials, or failed mid-write."""
