"""The audit of the four source documents.

Modules:
    transcript: the transcribed sources (``proofs/sources/*.md``): blocks,
        claims and their classifications.
    classify: checks every claim and correction with the handcheck and the
        kernel, and writes ``audit.json`` and the errata.

May import: the kernel, the handcheck, the latex tables' data types.
"""
from .classify import AuditReport, audit_document, errata, main_audit, report_json

__all__ = ["AuditReport", "audit_document", "errata", "main_audit", "report_json"]
