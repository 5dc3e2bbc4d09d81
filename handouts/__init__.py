"""handouts: YAML content blocks to branded, print- and email-ready patient-education PDFs."""

__version__ = "0.1.0"
