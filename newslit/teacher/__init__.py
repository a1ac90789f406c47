"""Teacher tools behind the ``newslit`` command: printable handouts (``handouts``) and the student-only
copy of the module (``studentcopy``)."""
