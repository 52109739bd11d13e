"""The one settings object (otsqa/settings.py): values from OTSQA_* variables, their defaults, and bad
values refused with the variable's name. Where each serving setting takes effect is tested beside its use
(tests/web/test_server.py, tests/web/test_service.py, tests/assistant/test_rerank.py)."""

from __future__ import annotations

import pytest

from otsqa.errors import SettingsError
from otsqa.settings import load_settings


def test_settings_for_access_name_the_variable():
    settings = load_settings(env={"OTSQA_ALLOWED_ORIGINS": "https://intranet.example, http://10.0.0.5:8080/"})
    assert settings.allowed_origins == ["https://intranet.example", "http://10.0.0.5:8080"]
    assert load_settings(env={}).allowed_origins == [] and load_settings(env={}).api_token is None
    from otsqa.errors import SettingsError

    for env, name in [
        ({"OTSQA_ALLOWED_ORIGINS": "intranet.example"}, "OTSQA_ALLOWED_ORIGINS"),
        ({"OTSQA_ALLOWED_ORIGINS": "https://intranet.example/page"}, "OTSQA_ALLOWED_ORIGINS"),
        ({"OTSQA_API_TOKEN": "short"}, "OTSQA_API_TOKEN"),
        ({"OTSQA_RATE_LIMIT_PER_MINUTE": "lots"}, "OTSQA_RATE_LIMIT_PER_MINUTE"),
    ]:
        with pytest.raises(SettingsError, match=name):
            load_settings(env=env)


def test_transport_settings_trust_no_proxy_by_default_and_take_only_addresses_and_networks():
    defaults = load_settings(env={})
    assert defaults.trusted_proxies == [] and defaults.max_connections_per_client == 32
    assert (defaults.request_head_timeout, defaults.request_body_timeout) == (10.0, 30.0)
    settings = load_settings(env={"OTSQA_TRUSTED_PROXIES": "127.0.0.1, 10.1.2.3/8 ::1,fd00::/64"})
    assert settings.trusted_proxies == ["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/64"]
    for name, value in [
        ("OTSQA_TRUSTED_PROXIES", "*"),  # anyone could then choose their own rate-limit budget
        ("OTSQA_TRUSTED_PROXIES", "proxy.intranet"),
        ("OTSQA_TRUSTED_PROXIES", "10.0.0.0/40"),
        ("OTSQA_MAX_CONNECTIONS_PER_CLIENT", "-1"),
        ("OTSQA_REQUEST_HEAD_TIMEOUT", "0"),
        ("OTSQA_REQUEST_BODY_TIMEOUT", "inf"),
    ]:
        with pytest.raises(SettingsError, match=name):
            load_settings(env={name: value})


def test_serving_defaults_are_what_the_server_used_before_they_were_settings():
    settings = load_settings(env={})
    assert (settings.answer_slots, settings.answer_threads, settings.chat_concurrency, settings.rerank_threads) == (1, 2, 4, 2)
    assert (settings.store_check_seconds, settings.recent_answers) == (2.0, 2000)
    assert settings.title == "OTS security assistant"
    assert settings.chat_examples == [
        "Where was the 12th OTS summit held?",
        "What did Azerbaijan propose about joint military exercises?",
        "Which transport corridors link the Turkic states?",
    ]
    assert settings.warm_up_question == "When was the Organization of Turkic States founded?"


def test_serving_settings_are_read_from_the_environment():
    settings = load_settings(
        env={
            "OTSQA_ANSWER_SLOTS": "2",
            "OTSQA_STORE_CHECK_SECONDS": "0",
            "OTSQA_TITLE": "Intranet helper",
            "OTSQA_CHAT_EXAMPLES": " Who chairs it? | Where, and when? |",
            "OTSQA_WARM_UP_QUESTION": "Who founded it?",
        }
    )
    assert settings.answer_slots == 2 and settings.store_check_seconds == 0.0
    assert settings.title == "Intranet helper" and settings.warm_up_question == "Who founded it?"
    assert settings.chat_examples == ["Who chairs it?", "Where, and when?"]  # `|` between questions, commas inside


@pytest.mark.parametrize(
    "name, value",
    [
        ("OTSQA_ANSWER_SLOTS", "0"),
        ("OTSQA_ANSWER_SLOTS", "one"),
        ("OTSQA_ANSWER_THREADS", "0"),
        ("OTSQA_CHAT_CONCURRENCY", "-1"),
        ("OTSQA_CHAT_CONCURRENCY", "1000"),
        ("OTSQA_RERANK_THREADS", "0"),
        ("OTSQA_STORE_CHECK_SECONDS", "-1"),
        ("OTSQA_STORE_CHECK_SECONDS", "inf"),
        ("OTSQA_RECENT_ANSWERS", "0"),
        ("OTSQA_TITLE", "   "),
        ("OTSQA_TITLE", "Two\nlines"),
        ("OTSQA_TITLE", "x" * 101),
        ("OTSQA_CHAT_EXAMPLES", "Fine?|" + "x" * 201),
        ("OTSQA_CHAT_EXAMPLES", "|".join(f"Question {n}?" for n in range(9))),
        ("OTSQA_WARM_UP_QUESTION", "   "),
        ("OTSQA_WARM_UP_QUESTION", "x" * 2001),
    ],
)
def test_bad_serving_settings_are_refused_naming_the_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        load_settings(env={name: value})


def test_origins_are_written_as_browsers_send_them_and_nothing_can_break_out_of_the_framing_header():
    settings = load_settings(
        env={"OTSQA_ALLOWED_ORIGINS": "HTTPS://Intranet.Example:443, http://portal.example:80, http://[::1]:8000"}
    )
    # A browser never sends a scheme's default port, so "https://x:443" as written could never match.
    assert settings.allowed_origins == ["https://intranet.example", "http://portal.example", "http://[::1]:8000"]
    for value in (
        "http://a'b.example",
        "http://a.example;x",
        "http://a.example:99999",
        "http://a b.example",
        "http://a.example/?q",
    ):
        with pytest.raises(SettingsError, match="OTSQA_ALLOWED_ORIGINS"):
            load_settings(env={"OTSQA_ALLOWED_ORIGINS": value})


def test_public_hosts_are_names_only():
    assert load_settings(env={"OTSQA_PUBLIC_HOSTS": "Assistant.Example., b.example"}).public_hosts == [
        "assistant.example",
        "b.example",
    ]
    for value in ("a.example:8080", "http://a.example", "a'b", "*"):
        with pytest.raises(SettingsError, match="OTSQA_PUBLIC_HOSTS"):
            load_settings(env={"OTSQA_PUBLIC_HOSTS": value})
