# language: zh-CN
功能: CCSO 岗位配置比例
  [004]:每10席设一个班组长、每50席设一个质检员、每500席设一个知识库管理员;200席团队的算例为20位班组长、
  4位质检员、4位知识库管理员、2位排班师、2位培训师(排班师与培训师按算例推出每100席1名)。
  算例中的4位知识库管理员与1:500的比例矛盾(见包注释 knowledge_admin_example);本规则包按1:500执行,4人满足要求。

  场景: CCSO 200席算例满足全部配置比例
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    当 按 "ccso" 评估
    那么 规则 "ccso.staffing.team_leaders" 未触发
    并且 规则 "ccso.staffing.quality_inspectors" 未触发
    并且 规则 "ccso.staffing.knowledge_admins" 未触发
    并且 规则 "ccso.staffing.schedulers" 未触发
    并且 规则 "ccso.staffing.trainers" 未触发

  场景: CCSO 200席配4名知识库管理员满足每500席1名,配1名同样满足
    假如 机构 "示例银行信用卡中心" 属于 "banking" 行业,坐席数为 200
    并且 证据 "staffing.knowledge_admins" 为 4
    当 按 "ccso" 于 2026-06-30 评估
    那么 规则 "ccso.staffing.knowledge_admins" 未触发
    假如 证据 "staffing.knowledge_admins" 为 1
    当 按 "ccso" 于 2026-06-30 评估
    那么 规则 "ccso.staffing.knowledge_admins" 未触发

  场景: CCSO 没有知识库管理员则该项扣分
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "staffing.knowledge_admins" 为 0
    当 按 "ccso" 评估
    那么 规则 "ccso.staffing.knowledge_admins" 扣 1 分
    并且 "service_management" 维度得分为 32
    并且 总分为 95
    并且 改进建议包含 "act.appoint_knowledge_admin"

  场景: CCSO 班组长比每10席1名少一人
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "staffing.team_leaders" 为 19
    当 按 "ccso" 评估
    那么 规则 "ccso.staffing.team_leaders" 扣 3 分
    并且 总分为 93
    并且 改进建议包含 "act.hire_team_leaders"

  场景: CCSO 质检员、排班师、培训师低于配置比例
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据如下:
      | fact                        | value |
      | staffing.quality_inspectors | 3     |
      | staffing.schedulers         | 1     |
      | staffing.trainers           | 1     |
    当 按 "ccso" 评估
    那么 规则 "ccso.staffing.quality_inspectors" 扣 3 分
    并且 规则 "ccso.staffing.schedulers" 扣 2 分
    并且 规则 "ccso.staffing.trainers" 扣 1 分
    并且 "cost_efficiency" 维度得分为 10
    并且 "service_management" 维度得分为 29
    并且 总分为 90

  场景: CCSO 25席中心只有2名班组长,需要3名(2.5按人数向上取整)
    假如 机构 "示例网店客服部" 属于 "retail" 行业,坐席数为 25
    并且 证据如下:
      | fact                        | value |
      | staffing.team_leaders       | 2     |
      | staffing.quality_inspectors | 1     |
      | staffing.knowledge_admins   | 0     |
      | staffing.schedulers         | 1     |
      | staffing.trainers           | 1     |
    当 按 "ccso" 于 2026-06-30 评估
    那么 规则 "ccso.staffing.team_leaders" 扣 3 分
    并且 规则 "ccso.staffing.quality_inspectors" 未触发
    并且 规则 "ccso.staffing.knowledge_admins" 扣 1 分
    并且 规则 "ccso.staffing.schedulers" 未触发
    并且 规则 "ccso.staffing.trainers" 未触发

  场景: CCSO 未提供的人数视为未提供证据并扣分
    假如 机构 "示例中心" 属于 "banking" 行业,坐席数为 200
    当 按 "ccso" 于 2026-06-30 评估
    那么 规则 "ccso.staffing.team_leaders" 扣 3 分
    并且 "staffing.team_leaders" 报告为未提供证据
