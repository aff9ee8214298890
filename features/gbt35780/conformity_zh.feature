# language: zh-CN
功能: GB/T 35780.1-2017(等同 ISO 18295-1:2017)符合性
  客户联络中心无严重不符合项且一般不符合项不超过2项即判定符合(本规则包的解读:标准本身未规定允许数量)。
  未满足或未提供证据(审核员无法验证)的要求,按其声明的严重度计为不符合项。各项判据均为对条款标题的解读。

  场景: GB/T 35780 全部要求满足的中心判定符合
    假如 证据文件 "examples/gbt35780-conforming.yaml"
    当 按 "gbt35780" 评估
    那么 评定通过

  场景: GB/T 35780 两项一般不符合项(一项未满足、一项未提供证据)仍判定符合
    假如 证据文件 "examples/gbt35780-minor.yaml"
    当 按 "gbt35780" 评估
    那么 评定通过
    并且 "training.needs_analysis" 报告为未提供证据
    并且 改进建议包含 "act.publish_commitments"

  场景: GB/T 35780 第三项一般不符合项导致不符合
    假如 证据文件 "examples/gbt35780-minor.yaml"
    并且 证据 "forecasting.validated_months" 为 3
    当 按 "gbt35780" 评估
    那么 评定不通过
    并且 改进建议包含 "act.validate_forecasting"

  场景: GB/T 35780 存在严重不符合项的中心判定不符合
    假如 证据文件 "examples/gbt35780-major.yaml"
    当 按 "gbt35780" 评估
    那么 评定不通过
    并且 改进建议包含 "act.complaint_log"

  场景: GB/T 35780 未告知客户录音与个人信息处理为严重不符合项
    假如 证据文件 "examples/gbt35780-conforming.yaml"
    并且 证据 "customer_rights.privacy_notice" 为 false
    当 按 "gbt35780" 评估
    那么 评定不通过
    并且 改进建议包含 "act.privacy_notice"

  场景: GB/T 35780 未提供投诉处理流程证据即为严重不符合项
    假如 证据文件 "examples/gbt35780-conforming.yaml"
    并且 证据 "complaints.process_documented" 为 null
    当 按 "gbt35780" 评估
    那么 评定不通过
    并且 "complaints.process_documented" 报告为未提供证据

  场景: GB/T 35780 仅按季度向委托方报告绩效为一般不符合项,仍判定符合
    假如 证据文件 "examples/gbt35780-conforming.yaml"
    并且 证据 "client.performance_reporting" 为 quarterly
    当 按 "gbt35780" 评估
    那么 评定通过
    并且 改进建议包含 "act.client_reporting"
