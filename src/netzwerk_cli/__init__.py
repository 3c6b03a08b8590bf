"""netz – the registry of Hagen's Sozialraum networks for work with children and young people."""

__version__ = "0.1.0"
