"""The web layer: the Flask app factory, the service it serves, and one blueprint per concern
(API, SPARQL endpoint, graph store, linked data, dataset description, pages). The shared layout,
negotiation and errors sit beneath the blueprints; no blueprint imports another."""
