"""The whole-corpus check (``make test-corpus``): every botocore service generated and checked.

``python -m tests.corpus.run`` drives it; ``tests.corpus.worker`` checks one service in its
own process; ``tests.corpus.sample`` is the small fixed sample CI runs.
"""
