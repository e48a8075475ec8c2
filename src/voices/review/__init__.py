"""``voices review``: a local web page for labelling one text at a time, and the queues behind it.

- ``active``: uncertainty-with-diversity selection (also used by ``benchmarks/learning_curve.py``);
- ``queues``: the validation queue (the drawn sample, in order) and the learning queue
  (a model retrained in the background every N labels picks the next text);
- ``server``: the stdlib HTTP server (127.0.0.1, one-time token, cookie, Host check).
"""
