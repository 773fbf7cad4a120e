"""Settings: packaged defaults, then SPINSCOPE_* variables, then arguments; bad ones named."""

from __future__ import annotations

import socket

import pytest

from spinscope.errors import SpinscopeError
from spinscope.service.settings import MAX_BODY_BYTES, Settings, load_settings, trusted_hosts

from .conftest import Client


def test_defaults_then_environment_then_arguments() -> None:
    assert load_settings({}) == Settings()
    assert Settings().max_body_bytes == MAX_BODY_BYTES == 2 * 1024 * 1024
    environment = {
        "SPINSCOPE_PORT": "9000",
        "SPINSCOPE_WORKERS": "3",
        "SPINSCOPE_ALLOW_URLS": "yes",
        "SPINSCOPE_TORCH_THREADS": "2",
    }
    settings = load_settings(environment)
    assert (settings.port, settings.workers, settings.allow_urls) == (9000, 3, True)
    assert settings.torch_threads == 2 and Settings().torch_threads == 1
    given = load_settings(environment, port=9100, workers=None, allow_urls=False)
    assert (given.port, given.workers, given.allow_urls) == (9100, 3, False)


def test_an_empty_variable_is_unset() -> None:
    assert load_settings({"SPINSCOPE_MODEL": "", "SPINSCOPE_PORT": ""}) == Settings()


@pytest.mark.parametrize(
    ("environment", "words"),
    [
        ({"SPINSCOPE_PORT": "eighty"}, "SPINSCOPE_PORT='eighty' is not a whole number"),
        ({"SPINSCOPE_USE_STORE": "maybe"}, "expected one of 1, true, yes, on, 0, false"),
        ({"SPINSCOPE_WORKERS": "0"}, "workers is 0; expected 1 to 256"),
        ({"SPINSCOPE_MAX_BODY_BYTES": "10"}, "max_body_bytes is 10; expected 1024 to"),
    ],
)
def test_a_bad_setting_is_named_with_what_is_allowed(
    environment: dict[str, str], words: str
) -> None:
    with pytest.raises(SpinscopeError, match=words):
        load_settings(environment)


def test_allowed_hosts_come_from_a_comma_separated_variable() -> None:
    found = load_settings({"SPINSCOPE_ALLOWED_HOSTS": "news.example, proxy.example,"})
    assert found.allowed_hosts == ("news.example", "proxy.example")


@pytest.mark.parametrize(
    ("host", "extra"),
    [("127.0.0.1", "127.0.0.1"), ("::1", "[::1]"), ("10.0.0.5", "10.0.0.5")],
)
def test_the_local_names_and_the_host_listened_on_are_trusted(host: str, extra: str) -> None:
    hosts = trusted_hosts(Settings(host=host, allowed_hosts=("proxy.example",)))
    assert set(hosts) == {"localhost", "127.0.0.1", "[::1]", "proxy.example", extra}


def test_on_every_interface_the_machines_name_is_trusted_too() -> None:
    assert socket.gethostname() in trusted_hosts(Settings(host="0.0.0.0"))


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("localhost:8000", 200),
        ("127.0.0.1", 200),
        ("[::1]:8000", 200),
        ("attacker.example", 400),  # a name rebound to 127.0.0.1 by a web page's DNS
        ("attacker.example:8000", 400),
    ],
)
def test_a_request_for_another_host_is_400(make_client: Client, host: str, status: int) -> None:
    with make_client(use_store=False, allowed_hosts=()) as client:
        assert client.get("/v1/health", headers={"Host": host}).status_code == status
