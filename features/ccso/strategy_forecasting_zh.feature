# language: zh-CN
功能: CCSO 战略方向声明与业务流量预测
  [004]:基于企业战略、使命设计客服体系战略规划,需要明确目标、评估资源、编制计划、识别并控制风险;
  中心定位(成本最佳或服务最佳)需声明。标准不强制使用某种预测方法或工具,但所用方法须经本中心数据长期验证
  (6个月为解释性阈值)。

  场景: CCSO 完整的战略方向声明
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    当 按 "ccso" 评估
    那么 规则 "ccso.strategy.mission_based" 未触发
    并且 规则 "ccso.strategy.objectives" 未触发
    并且 规则 "ccso.strategy.resources" 未触发
    并且 规则 "ccso.strategy.plan" 未触发
    并且 规则 "ccso.strategy.risks" 未触发
    并且 规则 "ccso.strategy.positioning" 未触发
    并且 "strategic_value" 维度得分为 21

  场景: CCSO 声明缺少的每一部分各自扣分
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据如下:
      | fact                             | value |
      | strategy.statement.mission_based | false |
      | strategy.statement.objectives    | false |
      | strategy.statement.resources     | false |
      | strategy.statement.plan          | false |
      | strategy.statement.risks         | false |
    当 按 "ccso" 评估
    那么 规则 "ccso.strategy.mission_based" 扣 3 分
    并且 规则 "ccso.strategy.objectives" 扣 3 分
    并且 规则 "ccso.strategy.resources" 扣 3 分
    并且 规则 "ccso.strategy.plan" 扣 3 分
    并且 规则 "ccso.strategy.risks" 扣 3 分
    并且 "strategic_value" 维度得分为 6
    并且 总分为 81
    并且 改进建议包含 "act.write_strategy_statement"

  场景: CCSO 两种定位均可接受
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "strategy.positioning" 为 cost_leader
    当 按 "ccso" 评估
    那么 规则 "ccso.strategy.positioning" 未触发
    并且 总分为 96

  场景: CCSO 未声明定位视为未提供证据
    假如 证据文件 "examples/ccso-fail-small.yaml"
    当 按 "ccso" 评估
    那么 规则 "ccso.strategy.positioning" 扣 2 分
    并且 "strategy.positioning" 报告为未提供证据
    并且 改进建议包含 "act.declare_positioning"

  场景: CCSO 预测方法已验证18个月
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    当 按 "ccso" 评估
    那么 规则 "ccso.forecasting.method" 未触发
    并且 规则 "ccso.forecasting.validated" 未触发

  场景: CCSO 验证恰好6个月即满足,5个月不满足
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "forecasting.validated_months" 为 6
    当 按 "ccso" 评估
    那么 规则 "ccso.forecasting.validated" 未触发
    假如 证据 "forecasting.validated_months" 为 5
    当 按 "ccso" 评估
    那么 规则 "ccso.forecasting.validated" 扣 3 分
    并且 "cost_efficiency" 维度得分为 9
    并且 改进建议包含 "act.validate_forecasting"

  场景: CCSO 没有任何预测方法
    假如 机构 "示例中心" 属于 "banking" 行业,坐席数为 100
    并且 证据 "forecasting.validated_months" 为 12
    当 按 "ccso" 于 2026-06-30 评估
    那么 规则 "ccso.forecasting.method" 扣 3 分
    并且 规则 "ccso.forecasting.validated" 未触发
    并且 "forecasting.method" 报告为未提供证据
    并且 改进建议包含 "act.adopt_forecasting_method"
