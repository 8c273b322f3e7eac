"""The review page: plain HTML, CSS and JavaScript that draw an article's quotes in place.

The page is a client of the public API like any other (it posts to ``v1/quotes``); the app
only serves its files, at ``/`` and ``/review``, unless ``Settings.review_page`` is off.
"""

from service.api.review.page import router

__all__ = ["router"]
