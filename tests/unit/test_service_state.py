"""What a status word staff copy from a spreadsheet means for a service (validate.service_state):
a pause word must not be ignored as an unknown field, or the service goes on showing residents
how to order it; a word for "offered as usual" must not be read as a pause."""

from __future__ import annotations

import pytest

from generator.validate import service_state


@pytest.mark.parametrize("word", ["暂停", "暂停中", "暫停", "维修中", "歇业", "已关闭", "不开放", "暂停营业",
                                  "paused", "Paused", "pasued", "On Hold", "suspend",
                                  "维修中暂停", "暂不开放", "暂时关闭", "已暂停服务", "休息中", "暂停中。"])
def test_a_word_for_a_pause_pauses(word):
    assert service_state(word) == "paused"


@pytest.mark.parametrize("word", ["停办", "停辦", "已停止", "停止服务", "下线", "已下线", "结束", "取消",
                                  "offline", "closed", "inactive", "disabled", "discontinued", "不再提供"])
def test_a_word_that_may_mean_for_good_is_read_as_ended(word):
    assert service_state(word) == "ended"


@pytest.mark.parametrize("word", ["正常", "开放", "可预约", "待定", "active", "enabled", "open", "",
                                  5, True, None])
def test_a_word_for_a_service_as_usual_or_none_is_not_a_pause(word):
    """"active" is as close to "inactive" as a typo is, and "enabled" to "disabled": the
    nearest word wins, and these are words of their own."""
    assert service_state(word) is None


@pytest.mark.parametrize("text", ["周一休息", "节假日不开放", "停车场旁", "停车", "停", "春节放假一周", "午休休息时间12点到2点"])
def test_text_that_only_mentions_a_status_word_is_not_a_pause(text):
    """A status word is read only as the whole value (with 已…, …中 or 营业 around it): text
    that mentions a rest day or a car park was a warning before status words were read, and
    must not become an error that stops the build with advice to pause the service."""
    assert service_state(text) is None
