"""A team's members as a roster copied from a spreadsheet writes them: with roles and phones."""

from __future__ import annotations

import pytest

from generator.validate import Invalid, as_members


def test_members_with_roles_in_brackets_are_names():
    names = ["张伟（队长）", "王芳（副队长）", "李娜 13700000002"]
    assert as_members(names) == names


def test_a_member_written_as_fields_names_its_line_and_the_line_to_write_without_its_phone():
    with pytest.raises(Invalid) as raised:
        as_members(["张伟（队长）", {"name": "王芳", "role": "副队长", "phone": "13912345679"}])
    assert raised.value.index == 1
    assert "第 2 位队员" in raised.value.zh and "“- 王芳（副队长）”" in raised.value.zh
    assert "'- 王芳（副队长）'" in raised.value.en
    assert "13912345679" not in raised.value.zh + raised.value.en


@pytest.mark.parametrize("member", [{"王芳": "13912345679"}, {"王芳": 13912345679}, {"王芳": "０８３１-２３４５６７８"},
                                    {"name": "王芳", "role": "510104195001011234"}])
def test_a_phone_or_id_number_where_a_role_goes_is_never_in_the_message(member):
    """``- 王芳: 13912345679`` (a phone copied beside the name) was told as "write - 王芳（13912345679）":
    the number in the build log, and staff told to write it into the file."""
    with pytest.raises(Invalid) as raised:
        as_members([member])
    assert "“- 王芳”" in raised.value.zh and "'- 王芳'" in raised.value.en
    assert not any(digit in raised.value.zh + raised.value.en for digit in "3456789０８３")


def test_two_names_on_one_dash_line_are_two_members():
    """``- 何建国、何秀英`` (a couple, as a paper roster lists them) counted as one member, while
    ``members: 王芳、刘强`` on one line counts two: the team's page said 6 人 for 7."""
    assert as_members(["雷淑芬（队长）", "何建国、何秀英", "欧阳明，买买提·艾力"]) == [
        "雷淑芬（队长）", "何建国", "何秀英", "欧阳明", "买买提·艾力"]


@pytest.mark.parametrize("value", [["王芳（队长、联络员）", "刘强"], "王芳（队长，联络员）、刘强"])
def test_a_comma_inside_a_members_brackets_does_not_split_the_member(value):
    assert len(as_members(value)) == 2
