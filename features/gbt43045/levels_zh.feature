# language: zh-CN
功能: GB/T 43045.1-2023 智能客户服务成熟度等级
  [000]所述认证方案:一级至五级逐级提升,N级要求满足1至N级的全部要求。三级及以上以系统集成和数据交互为前提;
  五级还要求完整的数字化平台、数字化运营体系、闭环管理和完善的持续优化与创新业务。数据安全管理(8.9)自一级起即为要求。
  未提供证据的事实不计为满足。

  场景: GB/T 水务热线经辅导和流程梳理达到一级
    假如 证据文件 "examples/gbt43045-level1-water-hotline.yaml"
    当 按 "gbt43045" 评估
    那么 等级为 1
    并且 未达到 2 级,因为 "gbt.6.4.l2.implementation_plan" 未满足

  场景: GB/T 电商客服中心无系统集成,止步二级
    假如 证据文件 "examples/gbt43045-level2-ecommerce.yaml"
    当 按 "gbt43045" 评估
    那么 等级为 2
    并且 未达到 3 级,因为 "gbt.7.7.l3.system_integration" 未满足
    并且 改进建议包含 "act.integrate_systems"

  场景: GB/T 三级的前提(数据交互、系统集成)在改进路线中排在它们所解锁的较便宜项目之前
    假如 证据文件 "examples/gbt43045-level2-ecommerce.yaml"
    当 按 "gbt43045" 评估
    那么 改进建议 "act.data_interchange" 排在 "act.bot_kpis" 之前
    并且 改进建议 "act.integrate_systems" 排在 "act.bot_kpis" 之前

  场景: GB/T 银行信用卡中心达到三级
    假如 证据文件 "examples/gbt43045-level3-bank-card-centre.yaml"
    当 按 "gbt43045" 评估
    那么 等级为 3
    并且 未达到 4 级,因为 "gbt.8.9.l4.certified" 未满足

  场景: GB/T 电信客服中心达到四级
    假如 证据文件 "examples/gbt43045-level4-telecom.yaml"
    当 按 "gbt43045" 评估
    那么 等级为 4
    并且 未达到 5 级,因为 "gbt.6.3.l5.innovation" 未满足

  场景: GB/T 保险公司客服中心经认证审查达到五级
    假如 证据文件 "examples/gbt43045-level5-insurer.yaml"
    当 按 "gbt43045" 评估
    那么 等级为 5

  场景: GB/T 一二级之间——没有实施计划降为一级
    假如 证据文件 "examples/gbt43045-level2-ecommerce.yaml"
    并且 证据 "strategy.statement.plan" 为 false
    当 按 "gbt43045" 评估
    那么 等级为 1
    并且 未达到 2 级,因为 "gbt.6.4.l2.implementation_plan" 未满足
    并且 改进建议包含 "act.write_implementation_plan"

  场景: GB/T 二三级之间——智能质检覆盖不足降为二级
    假如 证据文件 "examples/gbt43045-level3-bank-card-centre.yaml"
    并且 证据 "quality.auto_qa_coverage_pct" 为 49.9
    当 按 "gbt43045" 评估
    那么 等级为 2
    并且 未达到 3 级,因为 "gbt.8.6.l3.auto_qa" 未满足

  场景: GB/T 三四级之间——未开通视频客服降为三级
    假如 证据文件 "examples/gbt43045-level4-telecom.yaml"
    并且 证据 "channels.offered" 为 [voice, wechat_human, app_human, web_chat, sms, app_bot, voice_bot]
    当 按 "gbt43045" 评估
    那么 等级为 3
    并且 未达到 4 级,因为 "gbt.9.3.l4.video" 未满足

  场景: GB/T 四五级之间——没有数字化运营体系降为四级
    假如 证据文件 "examples/gbt43045-level5-insurer.yaml"
    并且 证据 "ops.digital_operations_system" 为 false
    当 按 "gbt43045" 评估
    那么 等级为 4
    并且 未达到 5 级,因为 "gbt.8.4.l5.digital_operations_system" 未满足

  场景: GB/T 集成门槛——系统未集成,其余要求全部满足也只能评为二级
    假如 证据文件 "examples/gbt43045-level5-insurer.yaml"
    并且 证据 "platform.system_integration" 为 false
    当 按 "gbt43045" 评估
    那么 等级为 2
    并且 未达到 3 级,因为 "gbt.7.7.l3.system_integration" 未满足

  场景: GB/T 安全门槛——没有数据安全制度则不评级
    假如 证据文件 "examples/gbt43045-level4-telecom.yaml"
    并且 证据 "security.policy" 为 false
    当 按 "gbt43045" 评估
    那么 等级为 0
    并且 未达到 1 级,因为 "gbt.8.9.l1.security_policy" 未满足

  场景: GB/T 未提供证据的事实如实报告
    假如 证据文件 "examples/gbt43045-level1-water-hotline.yaml"
    当 按 "gbt43045" 评估
    那么 "ai.bot_intent_accuracy_pct" 报告为未提供证据
    并且 "forecasting.validated_months" 报告为未提供证据
    并且 未达到 2 级,因为 "gbt.7.5.l2.bot_accuracy" 未满足

  场景: GB/T 自评无需审查员
    假如 证据文件 "examples/gbt43045-level3-bank-card-centre.yaml"
    当 按 "gbt43045" 评估
    那么 等级为 3

  场景: GB/T 认证审查不足两名持证审查员被拒绝
    假如 证据文件 "examples/gbt43045-level3-bank-card-centre.yaml"
    并且 证据 "assessment.mode" 为 certification
    当 按 "gbt43045" 评估
    那么 评估被拒绝,信息包含 "审查员"
