"""Generate the example corpus: realistic but invented contact centres, evidence valid for ALL bundled packs.

    python examples/corpus/generate.py            # rewrites examples/corpus/centre-*.yaml (seed 43045)
    python examples/corpus/generate.py --seed 7 --count 80 --out /tmp/corpus

Independent of cc_rules (only PyYAML), so a change to the engine cannot silently change the corpus. Each centre has
an industry, a size (20–5000 seats) and a *strength* (0–1) that drives how much of good practice it shows: staffing
ratios, documented processes, survey results, platform integration, AI use. Facts use the vocabulary of the three
packs (gbt43045, ccso and gbt35780; a fact they share is written once). No `packs:` key, so every built-in pack applies.
The facts only gbt35780 declares are drawn from a separate random stream per centre (seeded by seed and index), so
adding them left every other fact of every centre as it was.
The organisations are fictitious; no benchmark data is invented (industries without pack benchmark data get none).
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

import yaml

SEED = 43045
CALIBRATION = ["none", "annual", "quarterly", "monthly", "weekly"]
COUNT = 60

INDUSTRIES = {  # id: (zh label, weight, typical seat range)
    "banking": ("银行", 5, (80, 5000)),
    "insurance": ("保险", 2, (60, 3000)),
    "telecom": ("通信", 2, (200, 5000)),
    "ecommerce": ("电商", 2, (50, 2500)),
    "utilities": ("公用事业", 1, (20, 600)),
    "government": ("政务", 1, (20, 800)),
    "healthcare": ("医疗", 1, (20, 400)),
    "logistics": ("物流", 1, (40, 1500)),
    "automotive": ("汽车", 1, (30, 900)),
}
CITIES = ["北京", "上海", "广州", "深圳", "成都", "武汉", "杭州", "南京", "西安", "重庆", "苏州", "天津", "长沙", "郑州",
          "济南", "合肥", "福州", "昆明", "沈阳", "青岛"]
BRANDS = ["恒信", "华安", "中瑞", "远航", "嘉禾", "永泰", "启明", "宏达", "安盛", "博远", "星河", "锦程", "鼎丰", "泰和",
          "新元", "瑞丰", "天成", "金桥", "汇通", "云帆"]
UNITS = {"banking": ["银行信用卡中心", "银行远程银行中心", "银行客户服务中心"], "insurance": ["保险客服中心", "人寿95热线"],
         "telecom": ["通信客服中心", "移动10086分中心"], "ecommerce": ["电商客服中心", "优选商城客服部"],
         "utilities": ["水务热线", "燃气服务热线", "供电服务中心"], "government": ["12345政务服务热线", "社保咨询热线"],
         "healthcare": ["医院预约服务中心", "健康咨询热线"], "logistics": ["物流客服中心", "快运服务热线"],
         "automotive": ["汽车客户关怀中心", "新能源车服务热线"]}
CHANNELS = ["voice", "app_human", "wechat_human", "web_chat", "app_bot", "voice_bot", "email", "sms", "video",
            "in_person"]


def first(value, *dropped):  # type: ignore[no-untyped-def]
    """`value`; the other arguments are draws made only to keep the random stream where it was."""
    return value


class Centre:
    def __init__(self, rng: random.Random, index: int, used: set[str], conformity_rng: random.Random) -> None:
        self.rng = rng
        self.conformity_rng = conformity_rng  # the stream of the facts only gbt35780 declares
        names = list(INDUSTRIES)
        self.industry = rng.choices(names, weights=[INDUSTRIES[n][1] for n in names])[0]
        low, high = INDUSTRIES[self.industry][2]
        # log-uniform size: many small and mid-sized centres, a few very large ones
        self.seats = round(math.exp(rng.uniform(math.log(low), math.log(high))))
        self.strength = round(rng.betavariate(2.2, 1.8), 3)
        while True:
            name = rng.choice(CITIES) + rng.choice(BRANDS) + rng.choice(UNITS[self.industry])
            if name not in used:
                used.add(name)
                break
        self.name = name
        self.index = index

    # helpers --------------------------------------------------------------------------------------------------------
    def yes(self, difficulty: float = 0.5, rng: random.Random | None = None) -> bool:
        """True with a probability rising with strength; `difficulty` shifts the curve (0 easy, 1 hard)."""
        p = 1 / (1 + math.exp(-8 * (self.strength - difficulty)))
        return (rng or self.rng).random() < p

    def level(self, options: list, spread: float = 0.25,  # type: ignore[no-untyped-def]
              rng: random.Random | None = None):
        """Pick from options ordered weak → strong, around the centre's strength."""
        x = min(0.999, max(0.0, self.strength + (rng or self.rng).uniform(-spread, spread)))
        return options[int(x * len(options))]

    def some(self, options: list[str], bias: float = 0.0) -> list[str]:
        """A prefix-biased subset: stronger centres adopt more of the (ordered) practices."""
        k = round((self.strength + self.rng.uniform(-0.2, 0.2) + bias) * len(options))
        return options[: max(0, min(len(options), k))]

    def staff(self, per: int, slack: float = 0.25) -> int:
        """Head count for one role per `per` seats: strong centres meet the ratio (often exactly), weak ones fall short."""
        need = self.seats / per
        factor = 1.0 + self.rng.uniform(-slack, slack) + (self.strength - 0.55) * 0.6
        if self.rng.random() < 0.35:
            factor = 1.0  # staffed exactly to the ratio
        return max(0, math.ceil(need * factor) if factor >= 1 else int(need * factor))

    def pct(self, low: float, high: float) -> float:
        value = low + (high - low) * min(1.0, max(0.0, self.strength + self.rng.uniform(-0.15, 0.15)))
        return round(value, 1)

    # evidence -------------------------------------------------------------------------------------------------------
    def evidence(self) -> dict:  # type: ignore[type-arg]
        rng, s = self.rng, self.strength
        offered = ["voice"] + [c for c, d in zip(CHANNELS[1:], (0.2, 0.25, 0.4, 0.35, 0.55, 0.6, 0.7, 0.75, 0.9))
                               if self.yes(d)]
        if self.industry in ("utilities", "government", "healthcare") and "in_person" not in offered and self.yes(0.3):
            offered.append("in_person")
        responses = max(50, int(self.seats * rng.uniform(8, 30)))
        top = min(0.85, max(0.25, 0.35 + 0.45 * s + rng.uniform(-0.08, 0.08)))
        second = min(1 - top - 0.02, max(0.05, 0.22 + rng.uniform(-0.06, 0.06)))
        rest = 1 - top - second
        survey = {"very_satisfied": int(responses * top), "satisfied": int(responses * second),
                  "neutral": int(responses * rest * 0.55), "dissatisfied": int(responses * rest * 0.3)}
        survey["very_dissatisfied"] = responses - sum(survey.values())
        definition = rng.choice(["top_box", "top_two_box"])
        base = survey["very_satisfied"] + (survey["satisfied"] if definition == "top_two_box" else 0)
        reported = round(100 * base / responses, 1)
        if not self.yes(0.35):  # weaker centres report a flattering figure that does not match their own formula
            reported = min(100.0, round(reported + rng.uniform(2, 9), 1))
        integration = self.yes(0.45)
        certs = ["mlps2"] + (["mlps3"] if self.yes(0.6) else []) + (["iso27001"] if self.yes(0.7) else [])
        facts = {
            "staffing": {"team_leaders": self.staff(10), "quality_inspectors": self.staff(50),
                         "knowledge_admins": self.staff(500, 0.1), "schedulers": self.staff(100),
                         "trainers": self.staff(100)},
            "channels": {
                "offered": offered,
                "consistent_information": self.yes(0.5),
                "media_supported": self.some(["text", "image", "file", "audio_message", "video", "screen_share"], 0.1),
                "practices": self.some(["service_standards", "per_channel_metrics", "context_handover", "mix_review",
                                        "seamless_continuation"]),
            },
            "strategy": {
                "statement": {"mission_based": self.yes(0.3), "objectives": self.yes(0.25), "resources": self.yes(0.4),
                              "plan": self.yes(0.35), "risks": self.yes(0.5)},
                "positioning": rng.choice(["cost_leader", "service_leader"]),
                "reviewed_annually": self.yes(0.5),
                "service_scope_documented": self.yes(0.15),
                "target_tiers": self.level([0, 1, 2, 3]),
                "review_frequency": self.level(["none", "annual", "quarterly", "monthly"]),
                "value_roles": self.some(["service", "substitution", "business"], 0.1),
                "planning_priorities": self.some(["knowledge", "self_service", "data", "security", "multimodal",
                                                  "experience", "workforce", "innovation"], 0.1),
                "annual_work_plan": self.yes(0.3),
                "plan_budgeted": self.yes(0.45),
                "plan_horizon_years": self.level([1, 1, 2, 3, 3]),
            },
            "satisfaction": {"survey": survey, "definition": definition, "reported": reported},
            "complaints": {"process_documented": self.yes(0.2), "escalation_defined": self.yes(0.3),
                           "root_cause_analysis": self.yes(0.55)},
            "customer_rights": {"privacy_notice": self.yes(0.2), "commitments_published": self.yes(0.45)},
            "team": {"job_descriptions": self.yes(0.25), "career_path": self.yes(0.45),
                     "attrition_tracked": self.yes(0.35), "engagement_survey": self.yes(0.6)},
            "site": {"realtime_monitoring": self.yes(0.35), "emergency_plan": self.yes(0.4)},
            "training": {"new_hire_hours": int(self.pct(16, 160)), "needs_analysis": self.yes(0.45),
                         "effectiveness_evaluated": self.yes(0.55)},
            # the draw after calibration once gave ccso's bool `calibrated` (now ccso reads the same enum); it is still
            # drawn and dropped, so every later fact stays as it was
            "quality": {"calibration": first(self.level(CALIBRATION), self.yes(0.45)),
                        "standards_documented": self.yes(0.2), "samples_per_agent_month": self.level([1, 2, 3, 4, 5, 6, 8]),
                        "automated_full_inspection": self.yes(0.7), "scorecard": self.yes(0.2),
                        "auto_qa_coverage_pct": self.pct(0, 100), "bot_conversations_reviewed": self.yes(0.55),
                        "outcome_linked": self.yes(0.6)},
            "knowledge": {"base_in_use": self.yes(0.15), "review_cycle_days": self.level([365, 180, 120, 90, 60, 30]),
                          "articles": int(self.seats * self.pct(0.5, 9)), "shared_with_bots": self.yes(0.45),
                          "gap_loop": self.yes(0.6)},
            "forecasting": {"method": self.level(["经验估算", "历史同期均值", "时间序列(ARIMA)", "机器学习预测"]),
                            "validated_months": self.level([0, 3, 6, 12, 24]), "includes_bots": self.yes(0.55)},
            "workforce": {"adherence_tracked": self.yes(0.4)},
            "process": {"documented": self.yes(0.2), "reviewed_annually": self.yes(0.5),
                        "practices": self.some(["sop_documented", "process_owners", "workflow_automated",
                                                "end_to_end_measured", "process_mining"], 0.1),
                        "review_months": self.level([36, 24, 12, 6])},
            "platform": {"system_integration": integration, "data_interchange": integration and self.yes(0.4),
                         "digital_platform_complete": integration and self.yes(0.75)},
            "security": {"access_control": self.yes(0.15), "data_masking": self.yes(0.3),
                         "isms_certified": "iso27001" in certs, "policy": self.yes(0.05),
                         "controls": self.some(["access_control", "confidentiality_agreements", "masking", "encryption",
                                                "incident_response"], 0.25),
                         "pia": self.yes(0.45), "audit_frequency": self.level(["none", "annual", "semiannual",
                                                                               "quarterly"]),
                         "certifications": certs, "ai_data_governance": self.yes(0.7)},
            "kpi": {"definitions_documented": self.yes(0.3), "answer_rate": self.pct(78, 99),
                    "service_level_target_set": self.yes(0.2), "cost_per_contact_tracked": self.yes(0.55),
                    "industry_benchmarking": self.yes(0.65)},
            "performance": {"agent_scorecard": self.yes(0.25), "incentives_linked": self.yes(0.5)},
            "improvement": {"closed_loop": self.yes(0.55), "innovation": self.yes(0.7)},
            "org": {"roles_defined": self.yes(0.1), "intelligent_service_owner": self.yes(0.35),
                    "ai_trainers": max(0, int(self.seats / 300 * (0.3 + s))), "competency_model": self.yes(0.6)},
            "data": {"reporting_frequency": self.level(["monthly", "weekly", "daily", "realtime"]),
                     "indicator_definitions": self.yes(0.3), "unified_customer_view": self.yes(0.6),
                     "analytics_uses": self.some(["reporting", "forecasting", "speech_analytics", "customer_profile",
                                                  "prediction"], 0.1)},
            "ai": {"applications": self.some(["faq_bot", "ivr_speech", "agent_assist", "auto_qa", "speech_analytics",
                                              "smart_routing", "auto_summary", "outbound_bot", "llm_assistant"]),
                   "bot_intent_accuracy_pct": self.pct(70, 96), "self_service_resolution_pct": self.pct(5, 55),
                   "models_monitored": self.yes(0.6)},
            "business": {"service_catalogue": self.yes(0.2), "complaint_process": self.yes(0.15),
                         "first_contact_resolution_pct": self.pct(60, 90), "automated_scenarios": int(self.pct(0, 30)),
                         "revenue_services": self.yes(0.5)},
            "tech": {"systems": ["acd", "call_recording"] + self.some(["ticketing", "crm", "wfm", "chat_platform"], 0.2),
                     "incident_process": self.yes(0.25), "availability_pct": self.pct(98.5, 99.99),
                     "disaster_recovery": self.yes(0.45)},
            "ops": {"service_level_pct": self.pct(60, 92), "practices": self.some(["skills_routing", "contingency_plan",
                                                                                  "intraday_management"], 0.1),
                    "annual_plan": self.yes(0.3), "kpi_targets": int(self.pct(2, 20)),
                    "plan_review": self.level(["none", "annual", "quarterly", "monthly", "weekly"]),
                    "digital_operations_system": self.yes(0.75)},
            "cx": {"practices": self.some(["voc_program", "journey_maps", "effort_measured", "personalisation"])},
            "perf": {"individual_scorecards": self.yes(0.25), "review_frequency": self.level(
                ["none", "quarterly", "monthly", "weekly", "daily"]), "bot_kpis": self.yes(0.55),
                "realtime_dashboard": self.yes(0.6)},
            "staff": {"induction_training": self.yes(0.1), "training_hours": int(self.pct(16, 120)),
                      "digital_skills_pct": self.pct(30, 98), "career_path": self.yes(0.45),
                      "attrition_pct": round(max(5.0, 60 - 45 * s + rng.uniform(-8, 8)), 1)},
            "physical": {"practices": self.some(["referral_process", "handoff_tracking", "shared_records",
                                                 "customer_status_tracking", "remote_assist"], -0.1)},
        }
        self.conformity_facts(facts)
        year = rng.choice([2025, 2026])
        month = rng.randint(1, 12) if year == 2025 else rng.randint(1, 6)
        doc = {
            "format": "cc-rules/evidence@1",
            "organization": {"name": self.name, "industry": self.industry, "seats": self.seats},
            "assessment": {"date": f"{year}-{month:02d}-{rng.choice([15, 28])}", "mode": "self"},
            "facts": facts,
            "reviews": {
                item: {"met": self.yes(d), "reviewer": rng.choice(["评审员甲", "评审员乙", "评审员丙"]),
                       "reason": reason}
                for item, d, reason in (("ccso.1.1.2.2", 0.45, "战略规划的审批与宣导记录"),
                                        ("ccso.4.1.1.4", 0.5, "培训体系文件与培训室现场查看"),
                                        ("ccso.6.3.1.2", 0.55, "管理评审纪要与整改闭环记录"))
            },
        }
        return doc


    def conformity_facts(self, facts: dict) -> None:  # type: ignore[type-arg]
        """Add the facts only gbt35780 (GB/T 35780.1) declares, from their own stream; the shared ones exist already."""
        r = self.conformity_rng
        # nearly every centre publishes its hotline and hours; the weakest not what each channel handles
        facts["information"] = {"contact_details_published": self.yes(0.1, r)}
        # a documented complaint process usually comes with a complaint log tracked to the reply
        facts["complaints"]["tracked_to_closure"] = self.yes(0.2 if facts["complaints"]["process_documented"]
                                                             else 0.6, r)
        # public-service and financial centres are pushed hardest to serve the elderly and disabled (适老化)
        easier = self.industry in ("government", "utilities", "healthcare", "banking", "insurance")
        facts["customer_protection"] = {"vulnerable_customers": self.yes(0.3 if easier else 0.5, r)}
        agreement = self.yes(0.35, r)
        facts["client"] = {
            "agreement_documented": agreement,
            "performance_reporting": self.level(["quarterly", "monthly", "monthly", "weekly"] if agreement
                                                else ["none", "none", "quarterly", "monthly"], rng=r),
        }


HEADER = ("# Generated by examples/corpus/generate.py (seed {seed}); do not edit by hand, re-run the generator.\n"
          "# Fictitious centre #{index}: {industry}, {seats} seats, strength {strength} (0 weak … 1 strong).\n")


def generate(seed: int = SEED, count: int = COUNT) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    used: set[str] = set()
    out = []
    for index in range(1, count + 1):
        centre = Centre(rng, index, used, random.Random(f"{seed}/gbt35780/{index}"))
        text = HEADER.format(seed=seed, index=index, industry=centre.industry, seats=centre.seats,
                             strength=centre.strength)
        text += yaml.safe_dump(centre.evidence(), allow_unicode=True, sort_keys=False, width=120)
        out.append((f"centre-{index:03d}-{centre.industry}.yaml", text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("centre-*.yaml"):
        old.unlink()
    files = generate(args.seed, args.count)
    for name, text in files:
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} centres to {args.out}")


if __name__ == "__main__":
    main()
