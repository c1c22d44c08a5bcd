"""Monitoring dashboard for the Ban Phi Mueang Nong change-leaders programme.

The pipeline reads left to right: sources -> normalize -> metrics -> views.
"""

__version__ = "0.1.0"
