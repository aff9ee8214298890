"""The computations of the other kinds of source (chat, survey, roster, forecast, QA, knowledge), each against a
hand-computed expectation with its edge rows."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from cc_rules.base import errors
from cc_rules.tools.builder import run


def build(tmp_path: Path, kind: str, name: str, text: str, params: str = "", end: str = "2026-06-30",
          bad_pct: float = 100) -> run.Built:
    sources = textwrap.dedent(f"""\
        format: cc-rules/sources@1
        organization: {{name: 测试银行}}
        period: {{start: 2026-01-01, end: {end}}}
        bad_rows_max_pct: {bad_pct}
        sources:
          - kind: {kind}
            files: {name}
        """) + textwrap.indent(params, "    ")
    (tmp_path / "SOURCES.yaml").write_text(sources, encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return run.build(tmp_path / "SOURCES.yaml")


def facts(built: run.Built) -> dict[str, Any]:
    return {f.name: f.value for f in built.facts}


def reasons(built: run.Built) -> dict[str, tuple[int, ...]]:
    return {c.reason: tuple(r for _, r in c.first) for item in built.loaded for c in (*item.bad, *item.excluded)}


def test_chat_volumes_give_the_channels_in_use(tmp_path: Path) -> None:
    built = build(tmp_path, "chat", "chat.csv", textwrap.dedent("""\
        会话ID,客户编号,进线时间,接入时间,渠道
        s1,A,2026-03-01 09:00:00,2026-03-01 09:00:05,微信
        s2,B,2026-03-01 09:00:00,,手机银行
        s3,C,2026-03-01 09:00:00,2026-03-01 09:00:09,WeChat
        s4,D,2026-03-01 09:00:00,2026-03-01 09:00:09,传真
        s5,E,2025-12-31 23:00:00,2025-12-31 23:00:09,网页
        """))
    # s4's channel is no label the mapping knows (bad); s5 is before the period (left out): no web_chat
    assert facts(built)["channels.offered"] == ("app_human", "wechat_human")
    assert reasons(built) == {"unknown-label": (5,), "outside-period": (6,)}
    chan = next(f for f in built.facts if f.name == "channels.offered")
    assert dict(chan.numbers)["volumes"] == "app_human 1, wechat_human 2"


SURVEY = textwrap.dedent("""\
    评价ID,评价时间,满意度
    r1,2026-03-01 10:00,非常满意
    r2,2026-03-01 10:00,5
    r3,2026-03-01 10:00,5.0
    r4,2026-03-01 10:00, 满意
    r5,2026-03-01 10:00,3
    r6,2026-03-01 10:00,不满意
    r7,2026-03-01 10:00,非常不满意
    r8,2026-03-01 10:00,还行吧
    r9,2026-07-01 10:00,满意
    r9,2026-03-02 10:00,满意
    r10,2026-03-02 10:00,
    """)


def test_survey_counts_labels_and_scores(tmp_path: Path) -> None:
    built = build(tmp_path, "survey", "survey.csv", SURVEY)
    got = facts(built)
    # 非常满意, 5 and 5.0 are one category; " 满意" is trimmed; r9 once after the period (left out), once counted
    assert [got[f"satisfaction.survey.{c}"] for c in
            ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied")] == [3, 2, 1, 1, 1]
    assert reasons(built) == {"missing-value": (12,), "unknown-label": (9,), "outside-period": (10,)}


def test_survey_labels_are_a_parameter(tmp_path: Path) -> None:
    params = textwrap.dedent("""\
        parameters:
          labels:
            value: {very_satisfied: [很好], satisfied: [好], neutral: [中], dissatisfied: [差],
                    very_dissatisfied: [很差], ignore: [未评价]}
            reference: 问卷设计 2026
        """)
    text = "满意度\n很好\n好\n未评价\n很差\n"
    built = build(tmp_path, "survey", "survey.csv", text, params)
    got = facts(built)
    assert (got["satisfaction.survey.very_satisfied"], got["satisfaction.survey.satisfied"],
            got["satisfaction.survey.very_dissatisfied"]) == (1, 1, 1)
    assert reasons(built) == {"ignored-label": (4,)}


def test_a_bad_label_mapping_is_located(tmp_path: Path) -> None:
    params = "parameters:\n  labels: {value: {happy: [好]}, reference: x}\n"
    with pytest.raises(errors.InputError) as caught:
        build(tmp_path, "survey", "survey.csv", "满意度\n好\n", params)
    assert caught.value.problems[0].line == 9 and "'happy'" in caught.value.problems[0].render()


ROSTER = textwrap.dedent("""\
    工号,岗位,入职日期,离职日期
    p1,坐席,2020-01-01,
    p2,坐席,2026-06-30,
    p3,坐席,2021-01-01,2026-06-30
    p4,坐席,2021-01-01,2026-06-29
    p5,坐席,2026-07-01,
    p6,班组长,2019-05-01,
    p6,班组长,2019-05-01,
    p7,质检员,2022/3/1,
    p8,经理,2018-01-01,
    p9,保安,2018-01-01,
    p10,培训师,2024-01-01,2023-01-01
    p11,排班师,someday,
    """)


def test_head_counts_on_the_periods_last_day(tmp_path: Path) -> None:
    params = textwrap.dedent("""\
        parameters:
          roles:
            value: {agent: [坐席], team_leader: [班组长], quality_inspector: [质检员], ignore: [经理]}
            reference: 岗位目录
        """)
    got = facts(build(tmp_path, "roster", "roster.csv", ROSTER, params))
    # p1; p2 starts on the last day and p3 leaves on it (both in post); p4 left the day before, p5 starts after
    assert got["staffing.agents"] == 3
    assert got["staffing.team_leaders"] == 1  # p6 listed twice is one person
    assert got["staffing.quality_inspectors"] == 1  # 2022/3/1 is read
    assert got["staffing.trainers"] == 0 and got["staffing.schedulers"] == 0 and got["staffing.knowledge_admins"] == 0


def test_roster_bad_rows(tmp_path: Path) -> None:
    params = "parameters:\n  roles: {value: {agent: [坐席], ignore: [经理]}, reference: 岗位目录}\n"
    built = build(tmp_path, "roster", "roster.csv", ROSTER, params)
    assert reasons(built) == {"unparsable-time": (13,), "unknown-label": (7, 8, 9, 11, 12),
                              "ignored-label": (10,)}


FORECAST = textwrap.dedent("""\
    月份,预测量,实际量
    2026-01,1000,800
    2026-02,1000,1000
    2026-03,900,1000
    2026-04,1100,1000
    2026-04,500,500
    2026-05,1080,1000
    2026-06,1000,1000
    2025-12,1,1000
    2026-07,1,1000
    """)


def test_forecast_wape_and_months_validated(tmp_path: Path) -> None:
    built = build(tmp_path, "forecast", "forecast.csv", FORECAST)
    got = facts(built)
    # WAPE: Jan 200/800 = 25 %, Feb 0, Mar 10 % (the tolerance: validated), Apr (100 + 0) / 1500 = 6.67 %, May 8 %,
    # Jun 0: Feb-Jun are validated, Jan is not; Dec and Jul are outside the period.
    assert got["forecasting.validated_months"] == 5
    # the period's WAPE: (200 + 0 + 100 + 100 + 80 + 0) / (800 + 1000 + 1000 + 1500 + 1000 + 1000) = 480 / 6300
    assert got["forecasting.wape_pct"] == 7.62
    assert reasons(built) == {"outside-period": (9, 10)}


def test_a_missing_month_breaks_the_run(tmp_path: Path) -> None:
    text = "月份,预测量,实际量\n2026-01,100,100\n2026-02,100,100\n2026-04,100,100\n2026-05,100,100\n"
    got = facts(build(tmp_path, "forecast", "forecast.csv", text))
    assert got["forecasting.validated_months"] == 2  # April and May; March has no row
    assert got["forecasting.wape_pct"] == 0.0


def test_forecast_tolerance_is_a_parameter(tmp_path: Path) -> None:
    params = "parameters:\n  tolerance_pct: {value: 5, reference: 运营规范}\n"
    got = facts(build(tmp_path, "forecast", "forecast.csv", FORECAST, params))
    assert got["forecasting.validated_months"] == 1  # June only: May's 8 % is over 5 %


def test_qa_evaluations_per_agent_month(tmp_path: Path) -> None:
    text = textwrap.dedent("""\
        质检单号,被检坐席,质检日期
        q1,a1,2026-03-01
        q2,a1,2026-03-31
        q3,a1,2026-04-01
        q4,a2,2026-03-15
        q5,a2,2026-03-16
        q6,a2,2026-03-17
        q6,a2,2026-03-17
        q7,a3,2025-12-31
        q8,,2026-03-01
        """)
    built = build(tmp_path, "qa", "qa.csv", text)
    # a1: March 2, April 1; a2: March 3 → 6 evaluations / 3 agent-months = 2
    assert facts(built)["quality.samples_per_agent_month"] == 2
    assert reasons(built) == {"missing-value": (10,), "duplicate-id": (8,), "outside-period": (9,)}


def test_knowledge_review_age(tmp_path: Path) -> None:
    text = textwrap.dedent("""\
        知识编号,状态,最后复核日期
        k1,生效,2026-06-30
        k2,生效,2026-06-20
        k3,有效,2026-05-31
        k4,生效,2026-01-01
        k5,草稿,2020-01-01
        k6,生效,2026-07-01
        k7,生效,不详
        k8,待定,2026-06-01
        """)
    built = build(tmp_path, "knowledge", "knowledge.csv", text)
    got = facts(built)
    # ages on 2026-06-30: 0, 10, 30, 180 → the lower median (an actual article's age) is 10; the oldest 180
    assert got["knowledge.articles"] == 4
    assert got["knowledge.median_review_age_days"] == 10
    assert got["knowledge.review_cycle_days"] == 180
    assert reasons(built) == {"unparsable-time": (8,), "unknown-label": (9,), "date-after-period": (7,),
                              "ignored-label": (6,)}


def test_fcr_counts_a_chat_after_a_call_as_a_repeat(tmp_path: Path) -> None:
    cdr = textwrap.dedent("""\
        通话ID,主叫号码,呼入时间,应答时间,挂断时间
        c1,A,2026-03-01 09:00:00,2026-03-01 09:00:05,2026-03-01 09:03:00
        c2,B,2026-03-01 09:00:00,2026-03-01 09:00:05,2026-03-01 09:03:00
        c3,C,2026-03-01 09:00:00,,2026-03-01 09:00:30
        """)
    chat = textwrap.dedent("""\
        会话ID,客户号码,进线时间,接入时间,渠道
        s1,A,2026-03-02 10:00:00,2026-03-02 10:00:05,微信
        s2,B,2026-03-20 10:00:00,2026-03-20 10:00:05,微信
        s3,C,2026-03-01 09:10:00,,网页
        """)
    sources = textwrap.dedent("""\
        format: cc-rules/sources@1
        organization: {name: 测试银行}
        period: {start: 2026-01-01, end: 2026-06-30}
        sources:
          - kind: cdr
            files: cdr.csv
          - kind: chat
            files: chat.csv
        """)
    for name, text in (("SOURCES.yaml", sources), ("cdr.csv", cdr), ("chat.csv", chat)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    built = run.build(tmp_path / "SOURCES.yaml")
    got = facts(built)
    # answered contacts: c1 (A chats the next day: a repeat), c2 (B chats 19 days later: resolved), s1, s2 (last of
    # their customers: resolved); c3 and s3 were not answered → 3 / 4
    assert got["business.first_contact_resolution_pct"] == 75.0
    assert got["channels.offered"] == ("voice", "wechat_human", "web_chat")
    fcr = next(f for f in built.facts if f.name == "business.first_contact_resolution_pct")
    assert fcr.kinds == ("cdr", "chat")
