"""styrgraf: a municipality's governance model (styrmodell) as a checked knowledge graph."""

__version__ = "0.1.0"
