"""The rule registry fails loudly when it and the rule modules disagree."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flyte_lint import rules


@pytest.fixture
def fresh_registry() -> Iterator[None]:
    rules.all_rules.cache_clear()
    yield
    rules.all_rules.cache_clear()


def test_a_listed_rule_without_its_module_fails_loudly(fresh_registry: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "RULE_MODULES", (*rules.RULE_MODULES, "fly999_not_written"))
    with pytest.raises(rules.RegistryError, match=r"fly999_not_written\.py is missing"):
        rules.all_rules()


def test_a_module_whose_code_disagrees_with_its_name_fails_loudly(
    fresh_registry: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rules, "RULE_MODULES", ("fly001_env_name",))
    monkeypatch.setattr(rules.importlib.import_module("flyte_lint.rules.fly001_env_name"), "CODE", "FLY002")
    with pytest.raises(rules.RegistryError, match="does not match"):
        rules.all_rules()


def test_every_listed_rule_loads() -> None:
    assert [rule.code for rule in rules.all_rules()] == sorted(f"FLY{n[3:6]}" for n in rules.RULE_MODULES)
