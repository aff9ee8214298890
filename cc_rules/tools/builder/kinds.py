"""The kinds of source a centre exports, declared as data: each kind's columns (with their built-in zh/en header
aliases), the column that identifies a row (duplicates), the column the period filters on, the label columns and the
parameters of its computations with their defaults.

The SQL that checks each row and the SQL of the facts live in `formulas`; this module only says what a kind is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

CHANNELS = ("voice", "app_human", "wechat_human", "video", "web_chat", "email", "sms", "app_bot", "voice_bot",
            "in_person")
SURVEY_CATEGORIES = ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied")
# Roles the roster counts, each the head-count fact it gives (`staffing.<fact>`).
ROLES = {"agent": "agents", "team_leader": "team_leaders", "quality_inspector": "quality_inspectors",
         "knowledge_admin": "knowledge_admins", "scheduler": "schedulers", "trainer": "trainers"}
IGNORE = "ignore"  # a label mapped here is left out of the computation, counted, and not bad


@dataclasses.dataclass(frozen=True)
class Column:
    """A canonical column: `type` is text, time (date and time), date, number or label (mapped by `labels`)."""

    name: str
    type: str
    required: bool
    aliases: tuple[str, ...]
    labels: str | None = None  # the parameter holding the label mapping of a label column


@dataclasses.dataclass(frozen=True)
class Kind:
    name: str
    columns: tuple[Column, ...]
    key: str | None  # a second row with the same key is a duplicate
    period: str | None  # rows whose value here falls outside the period are left out (counted, not bad)
    defaults: Mapping[str, Any]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def check_parameter(self, name: str, value: Any) -> str | None:
        """What a parameter's value should be, when it is not that; None when it is fine."""
        default = self.defaults[name]
        if isinstance(default, bool) or isinstance(value, bool):
            return "true or false" if not isinstance(value, bool) else None
        if isinstance(default, (int, float)):
            ok = isinstance(value, (int, float)) and value >= 0
            return None if ok else "a number, zero or more"
        if isinstance(default, str):
            choices = _CHOICES.get(name)
            if choices and value not in choices:
                return "one of " + ", ".join(choices)
            return None if isinstance(value, str) else "text"
        if isinstance(default, dict):
            allowed = set(default) | {IGNORE}
            if not isinstance(value, dict) or not value:
                return "a mapping of " + ", ".join(sorted(allowed)) + " to lists of labels"
            for key, labels in value.items():
                if key not in allowed:
                    return "keys among " + ", ".join(sorted(allowed)) + f" (not {key!r})"
                if not isinstance(labels, list) or not all(isinstance(x, (str, int)) for x in labels):
                    return f"{key}: a list of labels"
            return None
        return None


_CHOICES = {"service_level_denominator": ("offered", "offered_excluding_short_abandons")}

_TIME_ALIASES = {
    "arrival": ("呼入时间", "进线时间", "来电时间", "进队时间", "开始时间", "arrival", "arrival_time", "start_time",
                "call_start", "offered_at"),
    "answer": ("应答时间", "接通时间", "接起时间", "answer", "answer_time", "answered_at"),
    "end": ("挂断时间", "结束时间", "end", "end_time", "hangup_time", "ended_at"),
}

CDR = Kind(
    name="cdr",
    columns=(
        Column("call_id", "text", True, ("通话ID", "通话编号", "呼叫流水号", "流水号", "call_id", "callid", "id")),
        Column("customer", "text", False, ("主叫号码", "来电号码", "客户号码", "客户编号", "caller", "ani", "customer",
                                           "customer_id")),
        Column("arrival", "time", True, _TIME_ALIASES["arrival"]),
        Column("answer", "time", False, _TIME_ALIASES["answer"]),
        Column("end", "time", True, _TIME_ALIASES["end"]),
        Column("queue_seconds", "number", False, ("排队时长", "等待时长", "queue_seconds", "wait_seconds")),
        Column("talk_seconds", "number", False, ("通话时长", "talk_seconds", "talk_time")),
        Column("wrap_seconds", "number", False, ("话后处理时长", "事后处理时长", "wrap_seconds", "acw_seconds")),
        Column("agent", "text", False, ("坐席工号", "工号", "坐席", "agent", "agent_id")),
    ),
    key="call_id",
    period="arrival",
    defaults={
        "service_level_seconds": 20,
        "short_abandon_seconds": 5,
        "service_level_denominator": "offered",
        "fcr_window_days": 7,
    },
)

CHAT = Kind(
    name="chat",
    columns=(
        Column("session_id", "text", True, ("会话ID", "会话编号", "session_id", "chat_id", "id")),
        Column("customer", "text", False, ("客户编号", "客户ID", "访客ID", "客户号码", "customer", "customer_id",
                                           "visitor_id")),
        Column("arrival", "time", True, ("进线时间", "发起时间", "开始时间", "arrival", "start_time", "created_at")),
        Column("answer", "time", False, ("接入时间", "应答时间", "首次响应时间", "answer", "answer_time",
                                         "accepted_at")),
        Column("end", "time", False, _TIME_ALIASES["end"]),
        Column("channel", "label", True, ("渠道", "接入渠道", "channel", "source"), labels="channel_labels"),
        Column("agent", "text", False, ("坐席工号", "工号", "客服工号", "agent", "agent_id")),
    ),
    key="session_id",
    period="arrival",
    defaults={
        "channel_labels": {
            "app_human": ["APP", "APP人工", "手机银行", "app", "app_human"],
            "wechat_human": ["微信", "微信人工", "公众号", "wechat", "wechat_human"],
            "web_chat": ["网页", "网页在线", "在线客服", "web", "web_chat"],
            "video": ["视频", "视频客服", "video"],
            "email": ["邮件", "电子邮件", "email"],
            "sms": ["短信", "sms"],
            "app_bot": ["APP机器人", "智能客服", "app_bot"],
            "voice_bot": ["语音机器人", "voice_bot"],
            "voice": ["电话", "语音", "voice"],
            "in_person": ["网点", "线下", "in_person"],
        },
    },
)

SURVEY = Kind(
    name="survey",
    columns=(
        Column("response_id", "text", False, ("评价ID", "问卷编号", "response_id", "id")),
        Column("rating", "label", True, ("满意度", "满意度评价", "评价结果", "评分", "rating", "score",
                                         "satisfaction"), labels="labels"),
        Column("date", "time", False, ("评价时间", "调查时间", "日期", "date", "answered_at", "created_at")),
    ),
    key="response_id",
    period="date",
    defaults={
        "labels": {
            "very_satisfied": ["非常满意", "5", "very satisfied", "very_satisfied"],
            "satisfied": ["满意", "4", "satisfied"],
            "neutral": ["一般", "中立", "3", "neutral"],
            "dissatisfied": ["不满意", "2", "dissatisfied"],
            "very_dissatisfied": ["非常不满意", "1", "very dissatisfied", "very_dissatisfied"],
        },
    },
)

ROSTER = Kind(
    name="roster",
    columns=(
        Column("person", "text", True, ("工号", "员工编号", "员工工号", "坐席工号", "person", "employee_id",
                                        "agent_id", "id")),
        Column("role", "label", True, ("岗位", "角色", "职位", "role", "position"), labels="roles"),
        Column("start", "date", False, ("入职日期", "上岗日期", "开始日期", "start", "start_date", "hired_on")),
        Column("end", "date", False, ("离职日期", "离岗日期", "结束日期", "end", "end_date", "left_on")),
    ),
    key=None,
    period=None,
    defaults={
        "roles": {
            "agent": ["坐席", "客服代表", "座席员", "客服专员", "agent", "csr"],
            "team_leader": ["班组长", "组长", "team leader", "team_leader"],
            "quality_inspector": ["质检员", "质检专员", "quality inspector", "quality_inspector", "qa"],
            "knowledge_admin": ["知识库管理员", "知识管理员", "knowledge admin", "knowledge_admin"],
            "scheduler": ["排班师", "排班员", "现场调度", "scheduler", "wfm"],
            "trainer": ["培训师", "讲师", "trainer"],
        },
    },
)

FORECAST = Kind(
    name="forecast",
    columns=(
        Column("month", "date", True, ("月份", "日期", "预测期", "month", "date", "period")),
        Column("forecast", "number", True, ("预测量", "预测话务量", "预测值", "forecast", "forecast_volume")),
        Column("actual", "number", True, ("实际量", "实际话务量", "实际值", "actual", "actual_volume")),
    ),
    key=None,
    period="month",
    defaults={"tolerance_pct": 10},
)

QA = Kind(
    name="qa",
    columns=(
        Column("evaluation_id", "text", False, ("质检单号", "质检编号", "evaluation_id", "id")),
        Column("agent", "text", True, ("坐席工号", "被检坐席", "工号", "agent", "agent_id")),
        Column("date", "time", True, ("质检日期", "质检时间", "评估日期", "date", "evaluated_at")),
    ),
    key="evaluation_id",
    period="date",
    defaults={},
)

KNOWLEDGE = Kind(
    name="knowledge",
    columns=(
        Column("article", "text", True, ("知识编号", "知识ID", "条目编号", "article", "article_id", "id")),
        Column("reviewed", "date", True, ("最后复核日期", "复核日期", "最近审核日期", "last_reviewed",
                                          "reviewed_on", "reviewed")),
        Column("status", "label", False, ("状态", "知识状态", "status"), labels="live_labels"),
    ),
    key="article",
    period=None,
    defaults={"live_labels": {"live": ["生效", "有效", "已发布", "live", "published", "active"],
                              "ignore": ["草稿", "已下线", "失效", "draft", "retired", "archived"]}},
)

KINDS: Mapping[str, Kind] = {k.name: k for k in (CDR, CHAT, SURVEY, ROSTER, FORECAST, QA, KNOWLEDGE)}
