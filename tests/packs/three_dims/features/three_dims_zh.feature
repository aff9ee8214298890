# language: zh-CN
功能: 三维度标准:不低于 70 分为通过(2.0 版)

  场景: 恰好 70 分即通过(不低于即可)
    假如 机构 "边界中心" 属于 "utilities" 行业,坐席数为 40
    并且 证据如下:
      | fact                      | value          |
      | kpi.answer_rate           | 88             |
      | kpi.fcr                   | 72             |
      | channels.offered          | [voice, email] |
      | care.callback_promise     | false          |
      | care.vulnerable_customers | false          |
    当 按 "three_dims" 于 2026-03-31 评估
    那么 总分为 70
    并且 "可达性" 维度得分为 30
    并且 "解决能力" 维度得分为 40
    并且 "关怀" 维度得分为 0
    并且 评定通过
    并且 评级为 "达标"
    并且 规则 "t.callbacks" 扣 20 分
    并且 规则 "t.vulnerable" 未触发

  场景: 1.0 版通过线为 60 分,加分项的关怀维度封顶 25 分
    假如 机构 "旧版中心" 属于 "utilities" 行业,坐席数为 40
    并且 证据如下:
      | fact                      | value                   |
      | kpi.answer_rate           | 80                      |
      | kpi.fcr                   | 72                      |
      | channels.offered          | [voice, web_chat]       |
      | care.callback_promise     | true                    |
      | care.vulnerable_customers | true                    |
    当 按 "three_dims" 于 2024-06-30 评估
    那么 总分为 75
    并且 "关怀" 维度得分为 25
    并且 评定通过
    并且 评级为 "良好"
    并且 规则 "t.answer_rate" 扣 30 分
    并且 改进建议包含 "act.staff_peaks"
