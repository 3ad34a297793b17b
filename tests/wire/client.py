"""What a real botocore client returns for a given service response, and what it does with
a call's parameters.

A botocore client is created for the service (the installed model, or a model passed in)
and a ``before-send`` handler answers its HTTP request with the response that
``responses.encode_response`` serialised.  Everything after that is botocore's own doing:
the protocol parser, ``StreamingBody``/``EventStream`` creation, ``before-parse``/``after-call``
handlers (botocore.handlers.BUILTIN_HANDLERS), retries metadata.

Endpoint resolution: clients are created with ``endpoint_url=ENDPOINT_URL`` (region
us-east-1).  The endpoint ruleset still runs as usual; should it raise for some operation's
parameters (e.g. cloudfront-keyvaluestore wants a real KVS ARN), the client's ruleset resolver
falls back to ``ENDPOINT_URL`` (``_FallbackEndpoints`` wraps ``client._ruleset_resolver``),
since where the request goes does not matter here.

Signing: requests are signed with fake credentials (``UNSIGNED`` in the client config would be
overridden by operations' own auth types, and s3express handlers choke on it); operations that
need a bearer token go unsigned through a ``choose-signer`` handler registered first.

Sessions ignore the user's ~/.aws/config and credentials files; AWS_* environment variables
still apply, as they do for boto3.
"""

from __future__ import annotations

import copy
import datetime as _dt
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import botocore
import botocore.config
import botocore.session
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.endpoint_provider import RuleSetEndpoint
from botocore.exceptions import ParamValidationError
from botocore.model import OperationModel, ServiceModel
from botocore.validate import validate_parameters
from urllib3.response import HTTPResponse

from .responses import WireResponse, encode_response

ENDPOINT_URL = "https://example.amazonaws.com"
REGION = "us-east-1"

# Default values for well-known members, so requests also get past endpoint rules/handlers.
_NAMED_DEFAULTS = {
    "Bucket": "amzn-s3-demo-bucket",
    "AccountId": "123456789012",
    "PredictEndpoint": "https://example.amazonaws.com",  # machinelearning Predict switches host to it
}

_sessions: dict[str, botocore.session.Session] = {}
_clients: dict[tuple[str, str, bool], "_WireClient"] = {}
_tempdirs: list[tempfile.TemporaryDirectory[str]] = []


# -- Models ------------------------------------------------------------------------------------


def _model_key(model: Mapping[str, Any] | None) -> str:
    if model is None:
        return ""
    return hashlib.sha256(json.dumps(model, sort_keys=True, default=str).encode()).hexdigest()


def _api_version(model: Mapping[str, Any] | None) -> str | None:
    if model is None:
        return None
    return str(model.get("metadata", {}).get("apiVersion", "2000-01-01"))


def _session(service: str, model: Mapping[str, Any] | None) -> botocore.session.Session:
    """A session whose loader finds ``model`` (if any) as ``<service>/<apiVersion>/service-2.json``
    before the installed models."""
    key = f"{service}:{_model_key(model)}" if model is not None else ""
    if key in _sessions:
        return _sessions[key]
    session = botocore.session.get_session()
    session.set_config_variable("config_file", os.devnull)
    session.set_config_variable("credentials_file", os.devnull)
    if model is not None:
        folder = tempfile.TemporaryDirectory(prefix="shapegen-wire-")
        _tempdirs.append(folder)
        data = copy.deepcopy(dict(model))
        metadata = data.setdefault("metadata", {})
        # botocore needs a serviceId (event names) and an apiVersion (the folder layout).
        metadata.setdefault("serviceId", service)
        metadata["apiVersion"] = _api_version(model)
        target = Path(folder.name) / service / metadata["apiVersion"]
        target.mkdir(parents=True)
        (target / "service-2.json").write_text(json.dumps(data))
        session.set_config_variable("data_path", folder.name)
    _sessions[key] = session
    return session


def service_model(service: str, model: Mapping[str, Any] | None = None) -> ServiceModel:
    """botocore's ``ServiceModel`` for ``service`` (or for the ``model`` passed in)."""
    return _session(service, model).get_service_model(service, _api_version(model))


def operation_model(service: str, operation: str, model: Mapping[str, Any] | None = None) -> OperationModel:
    return service_model(service, model).operation_model(operation)


# -- Clients -----------------------------------------------------------------------------------


class _FallbackEndpoints:
    """Wraps a client's endpoint ruleset resolver: rules that fail give ``ENDPOINT_URL``."""

    def __init__(self, resolver: Any) -> None:
        self._resolver = resolver

    def construct_endpoint(self, *args: Any, **kwargs: Any) -> RuleSetEndpoint:
        try:
            result: RuleSetEndpoint = self._resolver.construct_endpoint(*args, **kwargs)
            return result
        except Exception:  # noqa: BLE001 - any rule failure: where the request goes is irrelevant
            return RuleSetEndpoint(url=ENDPOINT_URL, properties={}, headers={})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._resolver, name)


def _no_bearer(signature_version: Any = None, **kwargs: Any) -> Any:
    """Operations authenticated by a bearer token go unsigned (there is no token)."""
    return botocore.UNSIGNED if signature_version == "bearer" else None


class _Abort(Exception):
    """Raised by the ``before-send`` handler once it captured the request (botocore_request)."""


class _WireClient:
    """A botocore client whose HTTP requests are answered by ``before-send``."""

    def __init__(self, service: str, model: Mapping[str, Any] | None, validate: bool) -> None:
        session = _session(service, model)
        config = botocore.config.Config(
            parameter_validation=validate,
            # legacy (boto3's default mode) adds no MaxAttemptsReached to successful responses
            retries={"max_attempts": 0, "mode": "legacy"},
        )
        self.client: Any = session.create_client(
            service,
            region_name=REGION,
            api_version=_api_version(model),
            endpoint_url=ENDPOINT_URL,
            aws_access_key_id="x",
            aws_secret_access_key="y",
            config=config,
        )
        if getattr(self.client, "_ruleset_resolver", None) is not None:
            self.client._ruleset_resolver = _FallbackEndpoints(self.client._ruleset_resolver)
        self.response: WireResponse | None = None
        self.requests: list[AWSPreparedRequest] = []
        self.abort = False
        # Requests are signed with the fake credentials, except where a bearer token is needed.
        self.client.meta.events.register_first("choose-signer", _no_bearer)
        self.client.meta.events.register("before-send", self._answer)

    def _answer(self, request: AWSPreparedRequest, **kwargs: Any) -> AWSResponse:
        self.requests.append(request)
        if self.abort:
            raise _Abort()
        wire = self.response
        if wire is None:
            raise RuntimeError("no response queued")
        raw = HTTPResponse(
            body=io.BytesIO(wire.body),
            headers=wire.headers,
            status=wire.status_code,
            preload_content=False,
            decode_content=False,
            request_method=request.method,  # a HEAD response has no body, whatever its Content-Length
        )
        return AWSResponse(request.url, wire.status_code, wire.headers, raw)

    def call(self, operation: str, params: Mapping[str, Any]) -> Any:
        if self.client.meta.service_model.operation_model(operation).has_event_stream_input:
            raise NotImplementedError(f"botocore has no client method for {operation} (event-stream input)")
        method = getattr(self.client, botocore.xform_name(operation))
        self.requests.clear()
        return method(**params)


def _client(service: str, model: Mapping[str, Any] | None, validate: bool) -> _WireClient:
    key = (service, _model_key(model), validate)
    if key not in _clients:
        _clients[key] = _WireClient(service, model, validate)
    return _clients[key]


# -- Parameters --------------------------------------------------------------------------------


def _minimal(shape: Any, name: str, depth: int = 0) -> Any:
    """The smallest value of ``shape`` that botocore's validation accepts."""
    kind = shape.type_name
    meta = shape.metadata
    if depth > 20:
        raise ValueError(f"required members recurse too deeply at {name}")
    if kind == "structure":
        if shape.is_document_type:
            return {}
        if shape.is_tagged_union:
            first = next(iter(shape.members))
            return {first: _minimal(shape.members[first], first, depth + 1)}
        return {m: _minimal(shape.members[m], m, depth + 1) for m in shape.required_members}
    if kind == "list":
        return [_minimal(shape.member, name, depth + 1) for _ in range(meta.get("min", 0))]
    if kind == "map":
        keys = shape.key.metadata.get("enum") or [
            f"{i}".rjust(max(int(shape.key.metadata.get("min", 0)), 3), "k") for i in range(meta.get("min", 0))
        ]
        return {key: _minimal(shape.value, name, depth + 1) for key in keys[: meta.get("min", 0)]}
    if kind == "string":
        if name in _NAMED_DEFAULTS:
            return _NAMED_DEFAULTS[name]
        if meta.get("enum"):
            return meta["enum"][0]
        length = max(int(meta.get("min", 0)), 3)
        if "max" in meta:
            length = min(length, int(meta["max"]))
        return "x" * max(length, 1)
    if kind in ("integer", "long", "byte", "short"):
        return int(meta.get("min", 1))
    if kind in ("float", "double"):
        return float(meta.get("min", 1))
    if kind == "boolean":
        return False
    if kind == "blob":
        return b"x" * max(int(meta.get("min", 1)), 1)
    if kind == "timestamp":
        return _dt.datetime(2000, 1, 1, tzinfo=_dt.timezone.utc)
    raise ValueError(f"no minimal value for {kind} ({name})")


def minimal_params(service: str, operation: str, *, model: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A minimal request for the operation that passes botocore's parameter validation:
    required members only, strings at their minimum length (at least 3), first enum value."""
    shape = operation_model(service, operation, model).input_shape
    return {} if shape is None else dict(_minimal(shape, operation))


# -- The API -----------------------------------------------------------------------------------


def boto3_response(service: str, operation: str, response: Mapping[str, Any], *,
                   params: Mapping[str, Any] | None = None,
                   model: Mapping[str, Any] | None = None,
                   validate: bool = True) -> dict[str, Any]:
    """What a botocore client's method returns when the service answers with ``response``.

    ``response`` is the operation's output in JSON form (see ``responses``).  ``params`` are
    the call's parameters (default: ``minimal_params``); ``model`` a decoded service-2.json to
    use instead of the installed model; ``validate=False`` turns off botocore's parameter
    validation for the call.  Modeled errors and parse failures raise as botocore raises them.
    """
    wire_client = _client(service, model, validate)
    op = wire_client.client.meta.service_model.operation_model(operation)
    wire_client.response = encode_response(op, response)
    if params is None:
        params = minimal_params(service, operation, model=model)
    try:
        result: dict[str, Any] = wire_client.call(operation, params)
    finally:
        wire_client.response = None
    return result


def parser_response(service: str, operation: str, response: Mapping[str, Any], *,
                    model: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What botocore's parser makes of ``response`` without a client: for the operations
    botocore takes off its client (event-stream input), whose responses it still defines.
    The same steps as a client call, minus the handlers: ``botocore.endpoint``'s
    ``convert_to_response_dict`` (StreamingBody, raw event stream), then the protocol's parser."""
    from botocore.endpoint import convert_to_response_dict
    from botocore.parsers import create_parser

    op = operation_model(service, operation, model)
    wire = encode_response(op, response)
    raw = HTTPResponse(body=io.BytesIO(wire.body), headers=wire.headers, status=wire.status_code,
                       preload_content=False, decode_content=False)
    http = AWSResponse("https://example.amazonaws.com/", wire.status_code, wire.headers, raw)
    response_dict = convert_to_response_dict(http, op)
    parsed: dict[str, Any] = create_parser(op.metadata["protocol"]).parse(response_dict, op.output_shape)
    return parsed


def wire_response(service: str, operation: str, response: Mapping[str, Any], *,
                  model: Mapping[str, Any] | None = None) -> WireResponse:
    """The HTTP response (status, headers, body) ``boto3_response`` answers with."""
    return encode_response(operation_model(service, operation, model), response)


def botocore_request(service: str, operation: str, params: Mapping[str, Any], *,
                     model: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], Exception | None]:
    """What botocore does with ``params``: ``(request, None)`` with the HTTP request the client
    would send (``method``, ``url``, ``headers``, ``body``), or ``({}, error)`` when botocore
    refuses the parameters (``botocore.validate.validate_parameters``, or a handler's check)."""
    op = operation_model(service, operation, model)
    if op.input_shape is not None:
        try:
            validate_parameters(params, op.input_shape)
        except ParamValidationError as error:
            return {}, error
    elif params:
        return {}, ParamValidationError(report=f"{operation} takes no parameters")
    wire_client = _client(service, model, True)
    wire_client.abort = True
    try:
        wire_client.call(operation, params)
    except _Abort:
        pass
    except Exception as error:  # noqa: BLE001 - botocore refused the call before sending
        return {}, error
    finally:
        wire_client.abort = False
    request = wire_client.requests[-1]
    body = request.body
    if body is None:
        body = b""
    elif hasattr(body, "read"):
        body = body.read()
    elif isinstance(body, str):
        body = body.encode()
    return {
        "method": request.method,
        "url": request.url,
        "headers": {k: v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()},
        "body": bytes(body),
    }, None
