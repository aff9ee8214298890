# language: zh-CN
功能: 测试包的中文步骤
  场景: 比率按版本变化
    假如 机构 "测试" 属于 "banking" 行业,坐席数为 200
    并且 证据 "a.int" 为 20
    当 按 "tests/packs/constructs" 于 2024-06-30 评估
    那么 规则 "r.gte_ratio" 扣 2 分
    并且 "a.num" 报告为未提供证据
    并且 "战略价值" 维度得分为 19
