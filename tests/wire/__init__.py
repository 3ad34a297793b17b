"""Wire-level test infrastructure: what botocore itself makes of a service response."""

from .client import (
    ENDPOINT_URL,
    boto3_response,
    botocore_request,
    minimal_params,
    operation_model,
    service_model,
    wire_response,
)
from .responses import WireResponse, encode_response

__all__ = [
    "ENDPOINT_URL",
    "WireResponse",
    "boto3_response",
    "botocore_request",
    "encode_response",
    "minimal_params",
    "operation_model",
    "service_model",
    "wire_response",
]
