"""Normalization: raw text tables -> typed tables with DOPA codes and a reason for every row set aside."""
