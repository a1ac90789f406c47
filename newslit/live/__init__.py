"""The class, live (issue 19): each saved answer also goes to a JupyterHub service that shows the class
to its teachers as the students work.

The flow, one module per step::

    a student saves      newslit.answers.store      the answer file in their home stays the truth
      -> queued          newslit.live.outbox        a file per save in ``<answers>/.outbox/``; a background
                                                    thread posts them with the server's hub token
      -> checked         newslit.live.saves         one definition of a save on the wire (both ends use it)
      -> stored          newslit.live.collected     SQLite in the service's own folder; a save sent twice
                                                    is stored once
      -> shown           newslit.live.service       the JupyterHub service: the API students' servers post
                                                    to, and the teachers' live class report

Only a hub turns it on: the outbox sends nothing unless the server runs under JupyterHub and
``$NEWSLIT_LIVE_URL`` names the service (the hub's configuration sets it for every server;
lessons/jupyterhub.md). Without it, answers are saved exactly as before and nothing is queued.
"""
