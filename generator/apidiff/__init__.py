"""``shapegen diff``: the public API of two runs' generated packages compared.

Each side's ``python/<package>/models.py`` is read with libcst (``read``) into plain data
(``surface``): enums and their values, dataclasses and their fields (annotation, required or
not), which dataclasses are unions and which are errors, ``OPERATIONS`` and ``ERRORS``. Fields
that are runtime plumbing (``unknown_members``, ``sdk_unknown_member``) are not API. Docstrings
are ignored. ``compare`` lists the changes, ``report`` renders them.

A change is **breaking** when code that type-checked and ran against the old package may fail
against the new one:

========================================  ============
change                                    breaking?
========================================  ============
package removed                           yes
class removed (structure, union, enum,    yes
error), or its kind changed
field removed                             yes
field annotation changed                  yes
optional field made required              yes
required field made optional              yes (readers may now get None)
required field added                      yes
enum member removed, or its value         yes
changed
union member removed                      yes
operation removed                         yes
operation's request or response class     yes
changed
package, class or operation added         no
optional field added                      no
enum member added                         no (enums are open)
union member added                        no
error added to or removed from an         no (reported)
operation's ``ERRORS``
========================================  ============
"""

from __future__ import annotations

from generator.apidiff.compare import Change, ChangeKind, compare
from generator.apidiff.surface import ApiSurface

__all__ = ["ApiSurface", "Change", "ChangeKind", "compare"]
