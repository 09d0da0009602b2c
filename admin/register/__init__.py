"""The dossier register: imports, column mappings and the list of dossiers."""
