Feature: CCSO strategy statement and workload forecasting
  [004]: the service strategy is based on the enterprise's strategy and mission; it states objectives, assesses
  resources, has a plan, and identifies and controls risks; the positioning (best-cost or best-service centre)
  is declared. No forecasting method or tool is mandated, but the one in use must be validated on the centre's
  own data long enough (6 months: interpretation).

  Scenario: CCSO A complete strategy statement
    Given the evidence file "examples/ccso-pass-bank.yaml"
    When it is assessed against "ccso"
    Then rule "ccso.strategy.mission_based" does not fire
    And rule "ccso.strategy.objectives" does not fire
    And rule "ccso.strategy.resources" does not fire
    And rule "ccso.strategy.plan" does not fire
    And rule "ccso.strategy.risks" does not fire
    And rule "ccso.strategy.positioning" does not fire
    And the "strategic_value" score is 21

  Scenario: CCSO Each missing part of the statement costs its points
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And the evidence:
      | fact                              | value |
      | strategy.statement.mission_based  | false |
      | strategy.statement.objectives     | false |
      | strategy.statement.resources      | false |
      | strategy.statement.plan           | false |
      | strategy.statement.risks          | false |
    When it is assessed against "ccso"
    Then rule "ccso.strategy.mission_based" deducts 3 points
    And rule "ccso.strategy.objectives" deducts 3 points
    And rule "ccso.strategy.resources" deducts 3 points
    And rule "ccso.strategy.plan" deducts 3 points
    And rule "ccso.strategy.risks" deducts 3 points
    And the "strategic_value" score is 6
    And the total score is 81
    And the improvement actions include "act.write_strategy_statement"

  Scenario: CCSO Either positioning is accepted
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "strategy.positioning" is cost_leader
    When it is assessed against "ccso"
    Then rule "ccso.strategy.positioning" does not fire
    And the total score is 96

  Scenario: CCSO A positioning not declared is not evidenced
    Given the evidence file "examples/ccso-fail-small.yaml"
    When it is assessed against "ccso"
    Then rule "ccso.strategy.positioning" deducts 2 points
    And "strategy.positioning" is reported as not evidenced
    And the improvement actions include "act.declare_positioning"

  Scenario: CCSO A forecasting method validated for 18 months
    Given the evidence file "examples/ccso-pass-bank.yaml"
    When it is assessed against "ccso"
    Then rule "ccso.forecasting.method" does not fire
    And rule "ccso.forecasting.validated" does not fire

  Scenario: CCSO Validated for exactly 6 months is enough, 5 is not
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "forecasting.validated_months" is 6
    When it is assessed against "ccso"
    Then rule "ccso.forecasting.validated" does not fire
    Given evidence "forecasting.validated_months" is 5
    When it is assessed against "ccso"
    Then rule "ccso.forecasting.validated" deducts 3 points
    And the "cost_efficiency" score is 9
    And the improvement actions include "act.validate_forecasting"

  Scenario: CCSO No forecasting method at all
    Given an organization "示例中心" in industry "banking" with 100 seats
    And evidence "forecasting.validated_months" is 12
    When it is assessed against "ccso" as of 2026-06-30
    Then rule "ccso.forecasting.method" deducts 3 points
    And rule "ccso.forecasting.validated" does not fire
    And "forecasting.method" is reported as not evidenced
    And the improvement actions include "act.adopt_forecasting_method"
