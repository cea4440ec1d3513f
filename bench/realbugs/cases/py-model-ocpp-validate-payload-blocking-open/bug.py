"""Reduction of ocpp.messages / ocpp.charge_point (mobilityhouse/ocpp#647, fixed by #652)."""
from __future__ import annotations

import asyncio
import json
import os
import tempfile
from typing import Callable, Dict, Union

_SCHEMA_ROOT = os.path.join(tempfile.gettempdir(), "ocpp_schemas")


class Draft4Validator:
    """Stand-in for jsonschema.Draft4Validator."""

    def __init__(self, schema):
        self.schema = schema

    def validate(self, payload):
        missing = [k for k in self.schema.get("required", []) if k not in payload]
        if missing:
            raise ValueError(f"missing {missing}")


_validators: Dict[str, Draft4Validator] = {}


class Call:
    message_type_id = 2

    def __init__(self, unique_id, action, payload):
        self.unique_id, self.action, self.payload = unique_id, action, payload


def get_validator(message_type_id: int, action: str, ocpp_version: str, parse_float: Callable = float) -> Draft4Validator:
    """Read schema from disk and return as `Draft4Validator` (cached)."""
    schemas_dir = "v" + ocpp_version.replace(".", "")
    schema_name = action + ("Request" if ocpp_version in ["2.0", "2.0.1"] else "")
    cache_key = schema_name + "_" + ocpp_version
    if cache_key in _validators:
        return _validators[cache_key]

    path = os.path.join(_SCHEMA_ROOT, f"{schemas_dir}/schemas/{schema_name}.json")
    with open(path, "r", encoding="utf-8-sig") as f:
        data = f.read()
        _validators[cache_key] = Draft4Validator(json.loads(data, parse_float=parse_float))
    return _validators[cache_key]


def validate_payload(message: Union[Call], ocpp_version: str) -> None:
    """Validate the payload of the message using JSON schemas."""
    try:
        validator = get_validator(message.message_type_id, message.action, ocpp_version)
    except OSError as e:
        raise ValueError(f"JSON validation schema not found for action: {message.action}") from e
    validator.validate(message.payload)


class ChargePoint:
    def __init__(self, id, connection, ocpp_version="1.6"):
        self.id = id
        self._connection = connection
        self._ocpp_version = ocpp_version

    async def route_message(self, raw_msg):
        msg = Call(*json.loads(raw_msg)[1:])
        await self._handle_call(msg)

    async def _handle_call(self, msg):
        validate_payload(msg, self._ocpp_version)
        await self._connection.send(json.dumps([3, msg.unique_id, {"status": "Accepted"}]))


class Connection:
    async def send(self, data):
        await asyncio.sleep(0)


def install_schemas():
    os.makedirs(os.path.join(_SCHEMA_ROOT, "v16/schemas"), exist_ok=True)
    with open(os.path.join(_SCHEMA_ROOT, "v16/schemas/BootNotification.json"), "w") as f:
        json.dump({"required": ["chargePointVendor"]}, f)


async def main():
    cp = ChargePoint("CP_1", Connection())
    await cp.route_message('[2, "1", "BootNotification", {"chargePointVendor": "X"}]')


if __name__ == "__main__":
    install_schemas()
    asyncio.run(main())
