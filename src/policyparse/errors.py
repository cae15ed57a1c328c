"""Typed errors. Every error names the file (when there is one) and the reason in plain words."""

from __future__ import annotations


class PolicyParseError(ValueError):
    """Base of every error policyparse raises on purpose."""

    reason = "could not be parsed"

    def __init__(self, message: str | None = None, *, path: str | None = None) -> None:
        self.path = path
        self.message = message or self.reason
        super().__init__(f"{path}: {self.message}" if path else self.message)


class RuleError(PolicyParseError):
    """A rules/*.yaml file is invalid (names the file and the entry)."""

    reason = "invalid rule file"


class InputError(PolicyParseError):
    """The input cannot be turned into text."""

    reason = "invalid input"


class NotASource(InputError, TypeError):
    """``parse(None)``, ``parse(42)``: not a path, text, bytes or ``Loaded`` (a ``TypeError`` too)."""

    reason = "not a source parse() accepts (a path, a str of text, bytes)"


class UnsupportedFormat(InputError):
    reason = "unsupported file format"


class CorruptFile(InputError):
    reason = "the file is damaged or not of the format its name says"


class EncryptedDocument(InputError):
    reason = "the document is encrypted (password protected)"


class NoTextLayer(InputError):
    reason = "the PDF has no text layer (a scan): OCR is needed before parsing"


class TooLarge(InputError):
    reason = "the input is larger than the configured limit"


class Timeout(PolicyParseError):
    reason = "parsing took longer than the time limit"


class EmptyDocument(InputError):
    reason = "the document contains no text"


class UnreadableFile(InputError):
    reason = "the file cannot be read (missing, a folder, no permission, or a symlink loop)"


class UnsafeDocument(InputError):
    reason = "the file is built to exhaust the parser (a zip bomb or XML entity declarations) and was refused"


class ExtractorError(PolicyParseError):
    """A structure or extraction stage failed on this input: a bug, reported per file (the cause
    is chained) so that a batch goes on and the file can be sent with the report."""

    reason = "a parsing stage failed on this input (a bug: please report it with the file)"


class MissingExtra(PolicyParseError):
    """An optional dependency is not installed; the message names the pip command."""

    reason = "an optional dependency is not installed"


class OutputExists(PolicyParseError):
    """A batch output folder already holds files (pass --overwrite or --resume)."""

    reason = "the output folder is not empty"


class OutputLocked(OutputExists):
    """Another batch is writing into the same output folder (its pid is named)."""

    reason = "another batch is writing into this output folder"


class OutputWriteError(PolicyParseError):
    """Writing a batch output failed (a full disk, a read-only folder): the chunk is not recorded
    as done, so ``--resume`` parses its documents again."""

    reason = "the batch output could not be written"
