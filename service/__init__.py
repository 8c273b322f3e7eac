"""Quote attribution service: quotes, speakers and roles from news text."""

__version__ = "0.1.0"
