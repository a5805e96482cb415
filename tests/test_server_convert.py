"""Conversions between flyte-lint's places (1-based lines, columns in characters) and the protocol's
(0-based, columns in the client's encoding), and the noqa edit the server offers."""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import PositionCodec

from flyte_lint.noqa import noqa_insertion
from flyte_lint.server.convert import position


def test_character_columns_become_utf16_units_and_places_past_the_text_are_clamped() -> None:
    line = 'a = "😀é"; env = flyte.TaskEnvironment(name="Bad Name")'
    document = TextDocument("file:///x.py", line + "\n", position_codec=PositionCodec(types.PositionEncodingKind.Utf16))
    assert position(document, 1, 8) == types.Position(line=0, character=8)  # after 😀 (2 units) and é (1)
    assert position(document, 1, 500) == types.Position(line=0, character=len(line) + 1)  # its end
    assert position(document, 9, 1) == types.Position(line=1, character=0)  # past the last line


def test_noqa_insertion_adds_a_comment_or_extends_the_codes_already_listed() -> None:
    source = 'x = f(a)   \ny = g()  # noqa: FLY001\nz = 1  # why\nw = 2  # noqa\nv = "# noqa"\n'
    assert noqa_insertion(source, 1, "FLY204") == (9, 12, "  # noqa: FLY204")  # trailing blanks replaced
    assert noqa_insertion(source, 2, "FLY204") == (24, 24, ", FLY204")
    assert noqa_insertion(source, 2, "FLY001") is None  # listed already
    assert noqa_insertion(source, 3, "FLY204") == (13, 13, "  # noqa: FLY204")
    assert noqa_insertion(source, 4, "FLY204") is None  # a bare one silences every code
    assert noqa_insertion(source, 5, "FLY204") == (13, 13, "  # noqa: FLY204")  # not a comment: in a string
