"""The web layer: app factory and lifespan, routes, schemas, errors, limits, security."""
