"""The model shapegen reads is the model botocore uses: sdk-extras merged, by botocore's own code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import botocore.loaders
import pytest

from generator.errors import ModelError
from generator.load import EXTRAS_NAME, installed_model_path, load_file, load_installed

# Every service of the pinned botocore with a service-2.sdk-extras.json.
WITH_EXTRAS = sorted(
    p.parent.parent.name for p in Path(botocore.loaders.Loader.BUILTIN_DATA_PATH).glob(f"*/*/{EXTRAS_NAME}")
)


def _botocore_loader() -> botocore.loaders.Loader:
    return botocore.loaders.Loader(
        extra_search_paths=[botocore.loaders.Loader.BUILTIN_DATA_PATH], include_default_search_paths=False
    )


def test_the_pinned_botocore_has_extras_to_merge() -> None:
    assert {"s3", "rds", "docdb", "neptune"} <= set(WITH_EXTRAS)


@pytest.mark.parametrize("service", [*WITH_EXTRAS, "connect"])
def test_loaded_model_is_botocores(service: str) -> None:
    assert load_installed(service).data == _botocore_loader().load_service_model(service, "service-2")


def test_s3_expires_is_a_timestamp_and_rds_takes_source_region() -> None:
    assert load_installed("s3").data["shapes"]["Expires"]["type"] == "timestamp"
    assert "SourceRegion" in load_installed("rds").data["shapes"]["CopyDBSnapshotMessage"]["members"]


def test_a_model_file_takes_the_extras_beside_it(tmp_path: Path) -> None:
    source = installed_model_path("s3")
    shutil.copy(source, tmp_path / source.name)
    plain = load_file(tmp_path / source.name, "s3")
    assert plain.data["shapes"]["Expires"]["type"] == "string"  # as the raw model says
    shutil.copy(source.with_name(EXTRAS_NAME), tmp_path / EXTRAS_NAME)
    merged = load_file(tmp_path / source.name, "s3")
    assert merged.data == load_installed("s3").data
    assert merged.sha256 != plain.sha256  # the fingerprint covers both files


def test_bad_extras_are_one_line_errors(tmp_path: Path) -> None:
    model = {"metadata": {"serviceId": "X"}, "operations": {}, "shapes": {}}
    (tmp_path / "service-2.json").write_text(json.dumps(model), encoding="utf-8")
    (tmp_path / EXTRAS_NAME).write_text('{"merge": [1]}', encoding="utf-8")
    with pytest.raises(ModelError, match="not an sdk-extras file"):
        load_file(tmp_path / "service-2.json")
    (tmp_path / EXTRAS_NAME).write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match=EXTRAS_NAME):
        load_file(tmp_path / "service-2.json")
