"""What every parse must satisfy (shared by the fuzz targets): see ``policyparse.invariants``."""

from policyparse.invariants import RECORD_KINDS, check_document

__all__ = ["RECORD_KINDS", "check_document"]
