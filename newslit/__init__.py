"""newslit: the package behind the news-literacy notebooks.

One module per job: ``article`` (the seed parsed into passages), ``content`` (the curated tables
about the article), ``privacy`` (the deny-list that keeps the two prisoners unidentified).
Notebooks call these in one-line cells; nothing flows backwards (see DESIGN in the README).
"""

__version__ = "0.1.0"
