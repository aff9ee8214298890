Feature: CCSO satisfaction metric definition
  [004]: post-contact satisfaction on a five-point scale can be computed as top box (very satisfied / all) or top
  two box ((very satisfied + satisfied) / all); the centre must declare which. The reported figure is checked
  against the declared formula within 0.5 percentage points (interpretation); an inconsistency either way loses the item's points.
  Survey of the example bank: 620 / 250 / 80 / 30 / 20 = 1000 responses; top box 62.0 %, top two box 87.0 %.

  Scenario: CCSO Top two box declared, 87.0 % reported: consistent
    Given the evidence file "examples/ccso-pass-bank.yaml"
    When it is assessed against "ccso"
    Then rule "ccso.satisfaction.definition" does not fire
    And rule "ccso.satisfaction.consistency" does not fire
    And rule "ccso.satisfaction.survey" does not fire

  Scenario: CCSO Top box declared, 62.0 % reported: consistent
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And the evidence:
      | fact                    | value   |
      | satisfaction.definition | top_box |
      | satisfaction.reported   | 62.0    |
    When it is assessed against "ccso"
    Then rule "ccso.satisfaction.consistency" does not fire
    And the total score is 96

  Scenario: CCSO Top box declared but the top-two-box figure reported: inconsistent, the item loses its points
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And the evidence:
      | fact                    | value   |
      | satisfaction.definition | top_box |
      | satisfaction.reported   | 87.0    |
    When it is assessed against "ccso"
    Then rule "ccso.satisfaction.consistency" deducts 3 points
    And the explanation of rule "ccso.satisfaction.consistency" contains "top box 62%"
    And the improvement actions include "act.recompute_satisfaction"
    And the total score is 93

  Scenario: CCSO Top two box declared, 88.0 % reported: more than 0.5 points off
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "satisfaction.reported" is 88.0
    When it is assessed against "ccso"
    Then the improvement actions include "act.recompute_satisfaction"

  Scenario: CCSO Top two box declared, 87.4 % reported: within 0.5 points
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "satisfaction.reported" is 87.4
    When it is assessed against "ccso"
    Then rule "ccso.satisfaction.consistency" does not fire

  Scenario: CCSO No declared formula loses the item
    Given an organization "示例网店客服部" in industry "retail" with 25 seats
    And the evidence:
      | fact                                  | value |
      | satisfaction.survey.very_satisfied    | 50    |
      | satisfaction.survey.satisfied         | 30    |
      | satisfaction.survey.neutral           | 10    |
      | satisfaction.survey.dissatisfied      | 5     |
      | satisfaction.survey.very_dissatisfied | 5     |
      | satisfaction.reported                 | 80    |
    When it is assessed against "ccso" as of 2026-06-30
    Then rule "ccso.satisfaction.definition" deducts 3 points
    And rule "ccso.satisfaction.survey" does not fire
    And "satisfaction.definition" is reported as not evidenced
    And the improvement actions include "act.define_satisfaction_metric"

  Scenario: CCSO A survey without its five counts loses the survey item
    Given the evidence file "examples/ccso-fail-small.yaml"
    When it is assessed against "ccso"
    Then rule "ccso.satisfaction.survey" deducts 3 points
    And rule "ccso.satisfaction.definition" deducts 3 points
    And "satisfaction.survey.very_satisfied" is reported as not evidenced
