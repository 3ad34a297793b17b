"""The reference: awscli's own help for operations, rendered by its doc event handlers.

This is how awscli's tests and its documentation build produce a help page: the
operation's help command fires the doc events, ``OperationDocumentEventHandler`` writes
reST into the command's ``ReSTDocument``, and we read that reST instead of rendering it.

It runs in a fresh interpreter, as the ``aws`` command does: importing awscli makes
``import botocore`` mean awscli's own copy only if no botocore is imported yet, and the
test process has long imported the pinned one.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def awscli_data() -> Path:
    spec = importlib.util.find_spec("awscli")  # locates the package without importing it
    assert spec is not None and spec.submodule_search_locations
    return Path(spec.submodule_search_locations[0]) / "botocore" / "data"


def awscli_model_path(service: str) -> Path:
    """The newest ``service-2.json`` in awscli's own copy of botocore's data, which is what its driver loads."""
    versions = sorted(p for p in (awscli_data() / service).iterdir() if (p / "service-2.json").is_file())
    return versions[-1] / "service-2.json"


def help_pages(cli_service: str, operations: list[str] | None = None) -> dict[str, str]:
    """Operation name -> awscli's reST help page, for each command awscli builds from the
    model of ``cli_service`` (the CLI's name: ``s3api`` for ``s3``), or just ``operations``."""
    result = subprocess.run(
        [sys.executable, __file__, cli_service, *(operations or [])],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    pages: dict[str, str] = json.loads(result.stdout)
    return pages


def _main(cli_service: str, wanted: list[str]) -> None:
    import awscli.clidriver
    import botocore
    from awscli.bcdoc import docevents
    from awscli.clidocs import OperationDocumentEventHandler

    assert Path(botocore.__file__).is_relative_to(awscli_data().parent), "awscli must run on its own botocore"
    driver = awscli.clidriver.create_clidriver()
    table = driver._get_command_table()[cli_service]._get_command_table()
    pages = {}
    for command in table.values():
        operation = getattr(command, "_operation_model", None)
        if operation is None or (wanted and operation.name not in wanted):
            continue  # a command awscli adds of its own
        help_command: Any = command.create_help_command()
        handler = OperationDocumentEventHandler(help_command)
        docevents.generate_events(driver.session, help_command)
        handler.unregister()
        pages[operation.name] = help_command.doc.getvalue().decode("utf-8")
    json.dump(pages, sys.stdout)


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2:])
