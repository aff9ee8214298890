Feature: CCSO staffing ratios
  [004]: one team leader per 10 seats, one quality inspector per 50 seats, one knowledge-base administrator per
  500 seats; the worked example for 200 seats lists 20 team leaders, 4 inspectors, 4 knowledge-base
  administrators, 2 schedulers and 2 trainers (schedulers and trainers: 1 per 100, from the example).
  The example's 4 knowledge-base administrators contradict 1 per 500 (pack note knowledge_admin_example);
  the pack applies 1 per 500, which 4 meets.

  Scenario: CCSO The 200-seat worked example meets every ratio
    Given the evidence file "examples/ccso-pass-bank.yaml"
    When it is assessed against "ccso"
    Then rule "ccso.staffing.team_leaders" does not fire
    And rule "ccso.staffing.quality_inspectors" does not fire
    And rule "ccso.staffing.knowledge_admins" does not fire
    And rule "ccso.staffing.schedulers" does not fire
    And rule "ccso.staffing.trainers" does not fire

  Scenario: CCSO 4 knowledge-base administrators for 200 seats meet 1 per 500, and so does 1
    Given an organization "示例银行信用卡中心" in industry "banking" with 200 seats
    And evidence "staffing.knowledge_admins" is 4
    When it is assessed against "ccso" as of 2026-06-30
    Then rule "ccso.staffing.knowledge_admins" does not fire
    Given evidence "staffing.knowledge_admins" is 1
    When it is assessed against "ccso" as of 2026-06-30
    Then rule "ccso.staffing.knowledge_admins" does not fire

  Scenario: CCSO No knowledge-base administrator at all loses the item
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "staffing.knowledge_admins" is 0
    When it is assessed against "ccso"
    Then rule "ccso.staffing.knowledge_admins" deducts 1 points
    And the "service_management" score is 32
    And the total score is 95
    And the improvement actions include "act.appoint_knowledge_admin"

  Scenario: CCSO One team leader short of 1 per 10 seats
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "staffing.team_leaders" is 19
    When it is assessed against "ccso"
    Then rule "ccso.staffing.team_leaders" deducts 3 points
    And the total score is 93
    And the improvement actions include "act.hire_team_leaders"

  Scenario: CCSO Quality inspectors, schedulers and trainers below their ratios
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And the evidence:
      | fact                        | value |
      | staffing.quality_inspectors | 3     |
      | staffing.schedulers         | 1     |
      | staffing.trainers           | 1     |
    When it is assessed against "ccso"
    Then rule "ccso.staffing.quality_inspectors" deducts 3 points
    And rule "ccso.staffing.schedulers" deducts 2 points
    And rule "ccso.staffing.trainers" deducts 1 points
    And the "cost_efficiency" score is 10
    And the "service_management" score is 29
    And the total score is 90

  Scenario: CCSO A 25-seat centre with 2 team leaders needs 3 (2.5 rounded up by head count)
    Given an organization "示例网店客服部" in industry "retail" with 25 seats
    And the evidence:
      | fact                        | value |
      | staffing.team_leaders       | 2     |
      | staffing.quality_inspectors | 1     |
      | staffing.knowledge_admins   | 0     |
      | staffing.schedulers         | 1     |
      | staffing.trainers           | 1     |
    When it is assessed against "ccso" as of 2026-06-30
    Then rule "ccso.staffing.team_leaders" deducts 3 points
    And rule "ccso.staffing.quality_inspectors" does not fire
    And rule "ccso.staffing.knowledge_admins" deducts 1 points
    And rule "ccso.staffing.schedulers" does not fire
    And rule "ccso.staffing.trainers" does not fire

  Scenario: CCSO Head counts not given are not evidenced and lose their points
    Given an organization "示例中心" in industry "banking" with 200 seats
    When it is assessed against "ccso" as of 2026-06-30
    Then rule "ccso.staffing.team_leaders" deducts 3 points
    And "staffing.team_leaders" is reported as not evidenced
