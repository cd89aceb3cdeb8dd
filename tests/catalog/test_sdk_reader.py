"""The wheel reader understands the generated client's shapes without importing anything."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from lightning_ai_mcp.catalog.sdk_reader import group_of, read_api_module, read_model_module, read_wheel

API_SOURCE = '''
class SSHPublicKeyServiceApi(object):
    def s_sh_public_key_service_list_keys_with_http_info(self, project_id, **kwargs):
        """list

        :param async_req bool
        :param str project_id: (required)
        :param list[str] ids: filter
        :param V1Body body: (required)
        :return: V1ListKeysResponse
        """
        collection_formats = {}
        path_params = {}
        if 'project_id' in params:
            path_params['spec.projectId'] = params['project_id']  # noqa: E501
        query_params = []
        if 'ids' in params:
            query_params.append(('ids', params['ids']))  # noqa: E501
            collection_formats['ids'] = 'multi'  # noqa: E501
        body_params = None
        if 'body' in params:
            body_params = params['body']
        return self.api_client.call_api(
            '/v1/projects/{spec.projectId}/keys', 'POST',
            path_params,
            query_params,
            response_type='V1ListKeysResponse',  # noqa: E501
            collection_formats=collection_formats)
'''

MODEL_SOURCE = """
class V1State(object):
    A = "STATE_A"
    B = "STATE_B"
    swagger_types = {
    }
    attribute_map = {
    }

class V1Thing(object):
    swagger_types = {
        'display_name': 'str',
        'tags': 'list[V1Tag]'
    }
    attribute_map = {
        'display_name': 'displayName',
        'tags': 'tags'
    }
"""


def test_an_api_method_yields_wire_names_types_repetition_body_and_response() -> None:
    [op] = read_api_module(API_SOURCE, "ssh_public_key_service")
    assert op.id == "s_sh_public_key_service_list_keys"
    assert op.group == "s_sh_public_key_service"
    assert (op.method, op.path) == ("POST", "/v1/projects/{spec.projectId}/keys")
    assert [(p.wire, p.type, p.required) for p in op.path_params] == [("spec.projectId", "str", True)]
    assert [(p.wire, p.type, p.repeated) for p in op.query_params] == [("ids", "list[str]", True)]
    assert (op.body_model, op.response_model) == ("V1Body", "V1ListKeysResponse")


def test_models_yield_wire_fields_and_enums_yield_their_values() -> None:
    state, thing = read_model_module(MODEL_SOURCE)
    assert (state.name, state.fields, state.enum) == ("V1State", (), ("STATE_A", "STATE_B"))
    assert thing.fields == (("displayName", "str"), ("tags", "list[V1Tag]"))


def test_the_group_is_the_operation_id_prefix_even_when_the_module_name_differs() -> None:
    assert group_of("cloud_space_service_start_cloud_space_instance", "cloud_space_service") == "cloud_space_service"
    assert group_of("s_dk_command_history_service_create", "sdk_command_history_service") == (
        "s_dk_command_history_service"
    )
    with pytest.raises(ValueError, match="service group"):
        group_of("something_else", "other")


def test_a_wheel_is_read_from_its_zip_and_named_by_its_version(tmp_path: Path) -> None:
    wheel = tmp_path / "lightning_sdk-1.2.3-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("lightning_sdk/lightning_cloud/openapi/api/ssh_public_key_service_api.py", API_SOURCE)
        archive.writestr("lightning_sdk/lightning_cloud/openapi/models/v1_thing.py", MODEL_SOURCE)
    release = read_wheel(wheel)
    assert release.version == "1.2.3"
    assert [op.id for op in release.operations] == ["s_sh_public_key_service_list_keys"]
    assert [m.name for m in release.models] == ["V1State", "V1Thing"]
