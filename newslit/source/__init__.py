"""The source: the article as received (``article``), what is known about it (``content``, the tables
in ``newslit/content/``), and the deny-list that keeps the two prisoners unidentified (``privacy``)."""
