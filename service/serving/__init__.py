"""The process machinery: parser processes, the pool and its time limit, the parser server
shared by HTTP workers, and the supervisor of ``serve --workers N``.

It raises domain errors (``service.serving.errors``) and knows nothing of HTTP: the API maps
them to status codes. Importing this package loads no spaCy; only parser processes do.
"""
