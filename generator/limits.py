"""Every bound on work, memory or size, in one place (going past one is bad input, exit 2).

Each section belongs to one part of the pipeline; each number says why it is what it is and
what the real botocore models (1.44.5, 439 services) need.
"""

from __future__ import annotations

# --- paths, names and files (generator/paths.py, load.py, write.py) ----------------------

# A service name becomes a folder name (schema/<service>/, docs/<service>/ ...). The longest
# botocore service name is 35 characters (license-manager-linux-subscriptions).
MAX_SERVICE_NAME = 64
# A package name becomes a folder and an import name; the default is <service>_shapes (at
# most 64 + 7 characters).
MAX_PACKAGE_NAME = 100
# Bytes read from a model file, and bytes a gzipped model may inflate to. The largest botocore
# model is ec2: 4,345,397 bytes of JSON (548,178 gzipped); sagemaker is next with 2,584,480.
MAX_MODEL_BYTES = 64 * 1024 * 1024
# How long a run waits for another run writing the same output folder to finish.
OUTPUT_LOCK_WAIT_SECONDS = 600.0

# -- Names (shape and operation names become classes, functions, files, anchors) --

# Longest shape or operation name in botocore 1.44.5 (all 439 services, 158,626
# names): 155 characters (a MediaConvert string shape). Names are file names and
# Python identifiers too, and most file systems stop at 255 bytes per name.
# Operation names become file names too: <Operation>.output.schema.json adds 19 bytes.
MAX_NAME_LENGTH = 200


# --- robustness (issue 10, classes 4-6) ---------------------------------------------------

# JSON nesting of the model file, checked before it is decoded (json.loads recurses).
# botocore's models are at most 7 deep (shapes are a flat object keyed by name).
MAX_JSON_DEPTH = 64

# The one shape nesting limit, checked in the graph builder before any emitter runs:
# the longest path from an operation's input or output down to a leaf, counting each shape
# once and each shape of a recursive group SHAPE_UNROLL times (examples put a structure on
# its own path up to EXAMPLE_MAX_REPEATS times, and a list or map of the group once more;
# skeletons and docs unroll twice). Every walker recurses (or nests brackets) at most once
# per shape on such a path, so this bounds the Python stack and the nesting of every
# artefact: the generated skeleton.py nests one bracket per level, and CPython's parser
# allows 200. botocore's deepest is 49 (wafv2 GetWebACL output; 42 with groups counted 4 times).
MAX_SHAPE_DEPTH = 100
EXAMPLE_MAX_REPEATS = 4
SHAPE_UNROLL = EXAMPLE_MAX_REPEATS + 1

# Documentation: tags nested deeper than this keep only their text (a normalisation; the
# HTML is rendered recursively). botocore nests at most 11 deep; its longest text is 9,109
# characters; longer is refused, because every artefact renders each text again.
MAX_DOC_DEPTH = 32
MAX_DOC_LENGTH = 100_000

# Patterns: longer is refused (botocore's longest is 1,195 characters); groups nested deeper
# than MAX_PATTERN_DEPTH are not translated (kept under x-pattern, with the reason) and not
# sampled (botocore's deepest nests 12: iotwireless ISODateTimeString).
MAX_PATTERN_LENGTH = 20_000
MAX_PATTERN_DEPTH = 32
# Unicode properties in one pattern: each is written out as an explicit set of up to ~8 KB,
# so more is not translated (kept under x-pattern). botocore's most is 15 (cognito-idp).
MAX_PATTERN_PROPERTIES = 32

# Examples: the largest string, and the most list elements or map entries, an example may
# hold. A shape whose minimum (or whose pattern's shortest match) is larger has no small
# valid example and is refused; a large maximum is fine. botocore's largest minimum is
# 4,096 characters (license-manager SignedToken) and 7 elements (a list).
MAX_EXAMPLE_STRING = 16_384
MAX_EXAMPLE_ITEMS = 100
# The most entries one docs output tree may hold: it unfolds the shape graph into a tree,
# which can be exponential in its depth (a structure with two members of the next
# structure...). botocore's largest: about 55,500 (quicksight DescribeDashboardDefinition
# output); outside quicksight at most 10,893.
MAX_TREE_VALUES = 200_000
# The most values (scalars, lists, maps, structures) a static CLI skeleton file
# (skeleton/<service>/<Op>.input.json ...) may hold; a larger one is not written, and
# ``python -m <package>.skeleton Op input`` computes it on demand (skeleton.py holds a table
# per shape, not the unfolded trees). A skeleton unfolds the graph along its paths, so its
# size is exponential in depth; the walk that decides stops once past the bound. At 20,000
# values a file is typically under 1 MB; botocore 1.44.5 has 9 operations past it (of 19,796, all
# quicksight, about 55,500 values each); the next largest is below 5,000.
MAX_SKELETON_FILE_VALUES = 20_000
# A docs page's output tree is the AWS CLI's, entry for entry, while that tree has at most
# DOCS_EXACT_TREE_ENTRIES entries. The CLI's tree unrolls every path of the shape graph, so
# it can grow exponentially (16 structures of two members of the next: 196,606 entries). A
# larger tree writes each shape's subtree of more than DOCS_REPEAT_ENTRIES entries out once;
# where the shape comes again, one "( ... repeated ... )" entry links to its section. Such a
# tree has at most (members + 1) x (DOCS_REPEAT_ENTRIES + 1) entries, and smaller subtrees
# (a structure of a few scalars) still read as the CLI's. botocore's largest trees: 55,315
# entries (quicksight, its 3 *Definition pages, which now link), then 10,893 (wafv2
# GetWebACL), 3,645; every other page stays exact, with room to grow.
DOCS_EXACT_TREE_ENTRIES = 20_000
DOCS_REPEAT_ENTRIES = 10
# Steps (parse-tree items visited) the pattern sampler may take for one value; botocore's
# patterns need at most 5,151 (quicksight PrivateKey, at least 1,600 characters).
MAX_SAMPLE_STEPS = 200_000
# Seconds the final checks of one pattern's sampled values (re.search) may take: Python's re
# backtracks, and a pattern such as ^(a+)+$ can take exponential time on a near miss.
# botocore's patterns are checked in microseconds.
PATTERN_CHECK_SECONDS = 2.0
# The same for all the patterns of one target together, so slow patterns cannot add up.
PATTERN_CHECK_BUDGET_SECONDS = 10.0
# Digits of an integer in the model: Python's own int-string limit (botocore's longest
# number has 19 digits).
MAX_INT_DIGITS = 4_300

# -- Messages --

# An error line quotes model text (names, values); past this many characters it is cut, so a
# 20,000-character name cannot flood a CI log. botocore's longest name is 155 characters.
MAX_ERROR_LINE = 1_000
