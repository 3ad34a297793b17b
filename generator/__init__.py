"""shapegen: botocore service models in, typed code and artefacts out.

The pipeline, one module (or package) a stage:
``load`` -> ``graph`` -> ``emitters`` -> ``format`` -> ``write``.
"""

__version__ = "0.1.0"
