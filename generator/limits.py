"""Every bound on work, memory or size, named; going past one is bad input (exit 2).

Each helper branch adds its constants in its own section, with why the number and
what real botocore needs.
"""

from __future__ import annotations

# -- Names (shape and operation names become classes, functions, files, anchors) --

# Longest shape or operation name in botocore 1.44.5 (all 439 services, 158,626
# names): 155 characters (a MediaConvert string shape). Names are file names and
# Python identifiers too, and most file systems stop at 255 bytes per name.
MAX_NAME_LENGTH = 200
