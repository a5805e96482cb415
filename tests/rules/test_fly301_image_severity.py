"""FLY301's severity follows the callee's image: what lookup_image_in_cache does with it on the cluster."""

from __future__ import annotations

import pytest
from _shared import NEW, OLD, rule_findings

from flyte_lint.diagnostics import Diagnostic


def findings(image: str, version: str = NEW) -> list[Diagnostic]:
    source = (
        "import flyte\n"
        f'gpu = flyte.TaskEnvironment(name="gpu"{image})\n'
        'main = flyte.TaskEnvironment(name="main")\n\n'
        "@gpu.task\nasync def train(n: int) -> int:\n    return n\n\n"
        "@main.task\nasync def pipeline(n: int) -> int:\n    return await train(n)\n"
    )
    return rule_findings("FLY301", source, version)


@pytest.mark.parametrize("version", [OLD, NEW])
@pytest.mark.parametrize(
    "image",
    [
        ', image=flyte.Image.from_debian_base().with_pip_packages("torch")',
        ', image=flyte.Image.from_base("python:3.12").clone(extendable=True).with_apt_packages("git")',
        ', image=flyte.Image.from_ref_name("gpu")',
    ],
)
def test_an_image_with_layers_or_a_ref_name_fails_on_the_cluster(image: str, version: str) -> None:
    (found,) = findings(image, version)
    assert found.severity == "error"
    assert found.message.endswith("RuntimeUserError: Environment 'gpu' not found in image cache")
    # What to do is the help line (the fix's description, or the help when no fix can be made).
    assert "depends_on" in (found.fix.description if found.fix else found.help or "")


@pytest.mark.parametrize(
    "image",
    [
        ', image="ghcr.io/acme/gpu:1.0"',
        ', image=flyte.Image.from_base("python:3.12")',
        ", image=flyte.Image.from_debian_base()",
    ],
)
def test_a_plain_uri_or_an_image_without_layers_works(image: str) -> None:
    assert findings(image) == []


@pytest.mark.parametrize("image", ["", ', image="auto"'])
def test_the_default_image_is_used_silently(image: str) -> None:
    (found,) = findings(image)
    assert found.severity == "warning" and "silently runs on the default image" in found.message


@pytest.mark.parametrize("image", [", image=IMAGE", ", image=flyte.Image.from_debian_base(python_version=(3, 12))"])
def test_an_image_the_linter_cannot_follow_is_a_warning(image: str) -> None:
    (found,) = findings(image)
    assert found.severity == "warning" and "not found in image cache" in found.message
