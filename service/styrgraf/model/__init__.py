"""The model layer: the bundled vocabulary and rules, reading and bounding RDF input, SHACL
validation and the personal-data rules. It knows RDF and files, not stores or the web."""
