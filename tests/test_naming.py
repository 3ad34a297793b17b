"""Python names: botocore's xform_name, keywords, shadowing, collisions, acronyms."""

from __future__ import annotations

import dataclasses
import keyword
from types import ModuleType

from generator.python.naming import attribute_names, class_names, enum_member_names


def test_attributes_follow_botocore_xform_name() -> None:
    names = attribute_names(
        ["ARN", "Level1", "RoutingCriteria", "IPAddress", "S3Uri", "EC2InstanceId", "TotalPauseDurationInSeconds"],
        reserved=(),
    )
    assert names == {
        "ARN": "arn",
        "Level1": "level1",
        "RoutingCriteria": "routing_criteria",
        "IPAddress": "ip_address",
        "S3Uri": "s3_uri",
        "EC2InstanceId": "ec2_instance_id",
        "TotalPauseDurationInSeconds": "total_pause_duration_in_seconds",
    }


def test_keywords_soft_keywords_and_reserved_names_get_a_suffix() -> None:
    names = attribute_names(["class", "match", "case", "type", "_", "None", "str", "from_dict", "Ok"], {"str", "from_dict"})
    assert names == {
        "class": "class_",
        "match": "match_",
        "case": "case_",
        "type": "type_",
        "_": "m_",  # nothing left once cleaned: a prefix stands in
        "None": "none",
        "str": "str_",
        "from_dict": "from_dict_",
        "Ok": "ok",
    }
    assert all(n.isidentifier() and not keyword.iskeyword(n) for n in names.values())


def test_collisions_are_settled_by_wire_name_not_model_order() -> None:
    forward = attribute_names(["FooBar", "Foo_Bar", "fooBar"], reserved=())
    backward = attribute_names(["fooBar", "Foo_Bar", "FooBar"], reserved=())
    assert forward == backward
    assert forward == {"FooBar": "foo_bar", "Foo_Bar": "foo_bar_", "fooBar": "foo_bar_2"}
    assert list(backward) == ["fooBar", "Foo_Bar", "FooBar"]  # keyed in the order given


def test_names_that_are_not_identifiers() -> None:
    names = attribute_names(["3DSecure", "x-amz-meta", "Name With Spaces"], reserved=())
    assert all(n.isidentifier() for n in names.values())
    assert names["3DSecure"].startswith("m_")


def test_class_names() -> None:
    names = class_names(["timestamp", "Contact", "Any", "datetime", "Datetime"], reserved={"Any"})
    assert names["Contact"] == "Contact"
    assert names["timestamp"] == "Timestamp"
    assert names["Any"] == "Any_"
    assert len(set(names.values())) == len(names)  # "datetime" and "Datetime" do not collide


def test_enum_member_names() -> None:
    names = enum_member_names(["INBOUND", "in-progress", "IN_PROGRESS", "1st", "PhoneNumber", "None", ""])
    assert names["INBOUND"] == "INBOUND"
    assert names["PhoneNumber"] == "PHONE_NUMBER"
    assert names["IN_PROGRESS"] == "IN_PROGRESS" and names["in-progress"] == "IN_PROGRESS_"
    assert names["1st"][0].isalpha()
    assert len(set(names.values())) == len(names)
    assert all(n.isidentifier() and not keyword.iskeyword(n) for n in names.values())


def test_generated_edge_names(edge: ModuleType) -> None:
    fields = {f.name for f in dataclasses.fields(edge.PutThingRequest)}
    assert {"arn", "level1", "class_", "match_", "type_", "str_", "to_dict_", "foo_bar", "foo_bar_"} <= fields
    assert callable(edge.PutThingRequest.to_dict)  # not replaced by the member named to_dict
    # shapes named like the module's own imports get a suffix; lower-case names are capitalised
    assert edge.Datetime.__name__ == "Datetime"
    assert edge.Any_.__name__ == "Any_"
    assert edge.ShapeValidationError_ is not edge.ShapeValidationError
    request = edge.PutThingRequest.from_dict(
        {"Name": "n", "Payload": b"p", "class": "c", "to_dict": "t", "FooBar": "a", "Foo_Bar": "b", "Type": "BETA"}
    )
    assert (request.class_, request.to_dict_, request.foo_bar, request.foo_bar_) == ("c", "t", "a", "b")
    assert request.to_dict()["Foo_Bar"] == "b" and request.to_dict()["Type"] == "BETA"


def test_module_names_gives_every_helper_its_own_name() -> None:
    from generator.python.naming import module_names

    classes, helpers = module_names(["Foo", "JsonFoo", "Thing"], ["Foo", "JsonFoo", "Thing"], reserved={"OPERATIONS"})
    assert classes == {"Foo": "Foo", "JsonFoo": "JsonFoo", "Thing": "Thing"}
    assert helpers["Foo"] == {"parse": "_parse_foo", "builder": "_builder_foo", "dump": "_dump_foo",
                              "dump_json": "_dump_json_foo", "known": "_known_foo"}
    # JsonFoo's dump helper would be _dump_json_foo too: shape-name order decides who keeps it.
    assert helpers["JsonFoo"]["dump"] == "_dump_json_foo_"
    every = [*classes.values(), *(n for h in helpers.values() for n in h.values())]
    assert len(every) == len(set(every))


def test_module_names_keep_reserved_module_names_free() -> None:
    from generator.python.naming import module_names

    classes, _ = module_names(["MODEL_SHA256", "BOTOCORE_VERSION", "x"], [], reserved={"MODEL_SHA256", "BOTOCORE_VERSION"})
    assert classes == {"MODEL_SHA256": "MODEL_SHA256_", "BOTOCORE_VERSION": "BOTOCORE_VERSION_", "x": "X"}
