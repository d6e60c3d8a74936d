"""The store layer: one interface (:class:`styrgraf.store.base.Store`) over the embedded
Oxigraph store and a remote SPARQL 1.1 server."""
