# language: zh-CN
功能: CCSO 总分、通过线、评级与版本
  [004]:评测总得分高于60分即视为通过;不同分段授予不同级别,各级别之间不需要逐级晋升(首次评测可落在任一分段)。
  分段名称与界限为解释:五星 ≥ 95,四星 ≥ 85,三星 ≥ 75,合格 > 60。2021版(2021-07-01起适用,解释)增加趋势渠道加分。

  场景: CCSO 首次评测直接落在最高分段
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    当 按 "ccso" 评估
    那么 "strategic_value" 维度得分为 21
    并且 "customer_experience" 维度得分为 30
    并且 "cost_efficiency" 维度得分为 12
    并且 "service_management" 维度得分为 33
    并且 总分为 96
    并且 评定通过
    并且 评级为 "五星"

  场景: CCSO 恰好60分不通过
    假如 证据文件 "examples/ccso-exactly-60.yaml"
    当 按 "ccso" 评估
    那么 "strategic_value" 维度得分为 11
    并且 "customer_experience" 维度得分为 20
    并且 "cost_efficiency" 维度得分为 6
    并且 "service_management" 维度得分为 23
    并且 总分为 60
    并且 评定不通过

  场景: CCSO 略高于60分即通过,评级为最低档
    假如 证据文件 "examples/ccso-exactly-60.yaml"
    并且 证据 "process.reviewed_annually" 为 true
    当 按 "ccso" 评估
    那么 规则 "ccso.process.reviewed" 未触发
    并且 总分为 61
    并且 评定通过
    并且 评级为 "合格"

  场景: CCSO 存在差距且缺少证据的小型中心不通过
    假如 证据文件 "examples/ccso-fail-small.yaml"
    当 按 "ccso" 评估
    那么 "strategic_value" 维度得分为 6
    并且 "customer_experience" 维度得分为 10
    并且 "cost_efficiency" 维度得分为 5
    并且 "service_management" 维度得分为 13
    并且 总分为 34
    并且 评定不通过
    并且 规则 "ccso.improvement.management_review" 扣 2 分
    并且 改进建议包含 "act.hire_team_leaders"

  场景: CCSO 评审员判定主观项未满足
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "review.ccso.6.3.1.2" 为 false
    当 按 "ccso" 评估
    那么 规则 "ccso.improvement.management_review" 扣 2 分
    并且 总分为 94

  场景: CCSO 同一中心按2015版评估没有趋势渠道加分,2021年调研也不适用
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    当 按 "ccso" 于 2020-06-30 评估
    那么 规则 "ccso.channels.trend_bonus" 未触发
    并且 规则 "ccso.channels.baseline.email" 无法判定
    并且 规则 "ccso.channels.baseline.email" 的说明包含 "无适用于 2020-06-30 的 banking 行业基准"
    并且 "customer_experience" 维度得分为 25
    并且 总分为 91
    并且 评定通过
    并且 评级为 "四星"

  场景: CCSO 版本于2021-07-01切换
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    当 按 "ccso" 于 2021-06-30 评估
    那么 总分为 91
    并且 评级为 "四星"
    当 按 "ccso" 于 2021-07-01 评估
    那么 规则 "ccso.channels.trend_bonus" 加 2 分
    并且 总分为 96
    并且 评级为 "五星"

  场景: CCSO 按2015版评估,60分的中心降为58分
    假如 证据文件 "examples/ccso-exactly-60.yaml"
    当 按 "ccso" 于 2020-06-30 评估
    那么 总分为 58
    并且 评定不通过
