# language: zh-CN
功能: CCSO 满意度指标定义
  [004]:话后满意度五点分布法有两种算法:非常满意÷所有评价,或(非常满意+满意)÷所有评价;中心必须声明采用哪一种。
  报告值须与声明口径复算值相差不超过0.5个百分点(解释),偏高偏低都算不一致,不一致时该项失分。
  示例银行的调查:620 / 250 / 80 / 30 / 20,共1000份;非常满意率62.0%,满意率(前两项)87.0%。

  场景: CCSO 声明前两项口径,报告87.0%:一致
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    当 按 "ccso" 评估
    那么 规则 "ccso.satisfaction.definition" 未触发
    并且 规则 "ccso.satisfaction.consistency" 未触发
    并且 规则 "ccso.satisfaction.survey" 未触发

  场景: CCSO 声明非常满意口径,报告62.0%:一致
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据如下:
      | fact                    | value   |
      | satisfaction.definition | top_box |
      | satisfaction.reported   | 62.0    |
    当 按 "ccso" 评估
    那么 规则 "ccso.satisfaction.consistency" 未触发
    并且 总分为 96

  场景: CCSO 声明非常满意口径却报告前两项的数值:不一致,该项失分
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据如下:
      | fact                    | value   |
      | satisfaction.definition | top_box |
      | satisfaction.reported   | 87.0    |
    当 按 "ccso" 评估
    那么 规则 "ccso.satisfaction.consistency" 扣 3 分
    并且 规则 "ccso.satisfaction.consistency" 的说明包含 "按计数复算为:非常满意率 62%"
    并且 改进建议包含 "act.recompute_satisfaction"
    并且 总分为 93

  场景: CCSO 声明前两项口径,报告88.0%:偏差超过0.5个百分点
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "satisfaction.reported" 为 88.0
    当 按 "ccso" 评估
    那么 改进建议包含 "act.recompute_satisfaction"

  场景: CCSO 声明前两项口径,报告87.4%:在0.5个百分点以内
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "satisfaction.reported" 为 87.4
    当 按 "ccso" 评估
    那么 规则 "ccso.satisfaction.consistency" 未触发

  场景: CCSO 未声明口径则该项扣分
    假如 机构 "示例网店客服部" 属于 "retail" 行业,坐席数为 25
    并且 证据如下:
      | fact                                  | value |
      | satisfaction.survey.very_satisfied    | 50    |
      | satisfaction.survey.satisfied         | 30    |
      | satisfaction.survey.neutral           | 10    |
      | satisfaction.survey.dissatisfied      | 5     |
      | satisfaction.survey.very_dissatisfied | 5     |
      | satisfaction.reported                 | 80    |
    当 按 "ccso" 于 2026-06-30 评估
    那么 规则 "ccso.satisfaction.definition" 扣 3 分
    并且 规则 "ccso.satisfaction.survey" 未触发
    并且 "satisfaction.definition" 报告为未提供证据
    并且 改进建议包含 "act.define_satisfaction_metric"

  场景: CCSO 调查缺少五项计数则调查项扣分
    假如 证据文件 "examples/ccso-fail-small.yaml"
    当 按 "ccso" 评估
    那么 规则 "ccso.satisfaction.survey" 扣 3 分
    并且 规则 "ccso.satisfaction.definition" 扣 3 分
    并且 "satisfaction.survey.very_satisfied" 报告为未提供证据
