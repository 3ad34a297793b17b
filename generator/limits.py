"""Every bound on work, memory or size, in one place (going past one is bad input, exit 2).

Each section belongs to one part of the pipeline; each number says why it is what it is and
what the real botocore models (1.44.5, 439 services) need.
"""

from __future__ import annotations

# --- paths, names and files (generator/paths.py, load.py, write.py) ----------------------

# A service name becomes a folder name (schema/<service>/, docs/<service>/ ...). The longest
# botocore service name is 35 characters (license-manager-linux-subscriptions).
SERVICE_NAME_MAX = 64
# A package name becomes a folder and an import name; the default is <service>_shapes (at
# most 64 + 7 characters).
PACKAGE_NAME_MAX = 100
# An operation name becomes a file name, <Operation>.output.schema.json being the longest
# (19 more characters, under the usual 255-byte limit of a file name). The longest botocore
# operation name is 63 characters.
OPERATION_NAME_MAX = 128
# Bytes read from a model file, and bytes a gzipped model may inflate to. The largest botocore
# model is ec2: 4,345,397 bytes of JSON (548,178 gzipped); sagemaker is next with 2,584,480.
MODEL_BYTES_MAX = 64 * 1024 * 1024
# How long a run waits for another run writing the same output folder to finish.
OUTPUT_LOCK_WAIT_SECONDS = 600.0

# -- Names (shape and operation names become classes, functions, files, anchors) --

# Longest shape or operation name in botocore 1.44.5 (all 439 services, 158,626
# names): 155 characters (a MediaConvert string shape). Names are file names and
# Python identifiers too, and most file systems stop at 255 bytes per name.
MAX_NAME_LENGTH = 200
