# language: zh-CN
功能: CCSO 服务渠道建设
  [004]:渠道建设应当和行业共进。行业腰部企业(中间50%)过半开通的渠道为必备渠道,否则只是行业趋势、不作要求。
  2021年银行业调研148家:APP人工85家(57.4%,必备),微信公众号人工108家(73.0%,必备),视频银行26家(17.6%,趋势)。
  趋势渠道加分自2021版起适用(解释)。

  场景: CCSO 银行开通两个必备渠道并开通视频
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    当 按 "ccso" 评估
    那么 规则 "ccso.channels.baseline.app_human" 未触发
    并且 规则 "ccso.channels.baseline.wechat_human" 未触发
    并且 规则 "ccso.channels.baseline.video" 未触发
    并且 规则 "ccso.channels.trend_bonus" 加 2 分
    并且 "customer_experience" 维度得分为 30

  场景: CCSO 未开通微信公众号人工服务的银行在必备渠道项扣分
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "channels.offered" 为 [voice, app_human, video, web_chat, app_bot]
    当 按 "ccso" 评估
    那么 规则 "ccso.channels.baseline.wechat_human" 扣 3 分
    并且 规则 "ccso.channels.baseline.app_human" 未触发
    并且 总分为 93
    并且 改进建议包含 "act.open_baseline_channel"

  场景: CCSO 未开通APP人工服务的银行在必备渠道项扣分
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "channels.offered" 为 [voice, wechat_human, video]
    当 按 "ccso" 评估
    那么 规则 "ccso.channels.baseline.app_human" 扣 3 分
    并且 总分为 93

  场景: CCSO 未开通视频不扣分,但没有趋势渠道加分
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "channels.offered" 为 [voice, app_human, wechat_human, web_chat, app_bot]
    当 按 "ccso" 评估
    那么 规则 "ccso.channels.baseline.video" 未触发
    并且 规则 "ccso.channels.trend_bonus" 未触发
    并且 "customer_experience" 维度得分为 28
    并且 总分为 94
    并且 改进建议包含 "act.pilot_trend_channel"

  场景: CCSO 既非必备也未列入调研的渠道缺失不扣分
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    并且 证据 "channels.offered" 为 [app_human, wechat_human, video]
    当 按 "ccso" 评估
    那么 规则 "ccso.channels.baseline.voice" 未触发
    并且 规则 "ccso.channels.baseline.web_chat" 未触发
    并且 规则 "ccso.channels.baseline.email" 未触发
    并且 规则 "ccso.channels.baseline.sms" 未触发
    并且 规则 "ccso.channels.baseline.app_bot" 未触发
    并且 规则 "ccso.channels.baseline.voice_bot" 未触发
    并且 规则 "ccso.channels.baseline.in_person" 未触发
    并且 总分为 96

  场景: CCSO 证据中提供的行业对标数据决定必备渠道
    假如 证据文件 "examples/ccso-fail-small.yaml"
    当 按 "ccso" 评估
    那么 规则 "ccso.channels.baseline.web_chat" 扣 3 分
    并且 规则 "ccso.channels.baseline.voice" 未触发
    并且 规则 "ccso.channels.baseline.wechat_human" 未触发
    并且 规则 "ccso.channels.baseline.app_human" 未触发
