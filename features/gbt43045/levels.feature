Feature: GB/T 43045.1-2023 maturity levels
  The certification scheme described in [000] awards five cumulative levels (逐级提升): level N needs every
  requirement of levels 1..N. Level 3 and above presuppose system integration and data interchange; level 5 also
  needs a complete digital platform, a digital operations system, closed-loop management and innovation.
  Data security (8.9) is required from level 1. Unknown evidence is never credited.

  Scenario: GB/T A 30-seat water hotline reaches level 1 with process work alone
    Given the evidence file "examples/gbt43045-level1-water-hotline.yaml"
    When it is assessed against "gbt43045"
    Then the level is 1
    And level 2 is not awarded because "gbt.6.2.l2.objectives" is not met

  Scenario: GB/T An 80-seat e-commerce centre reaches level 2 without integrated systems
    Given the evidence file "examples/gbt43045-level2-ecommerce.yaml"
    When it is assessed against "gbt43045"
    Then the level is 2
    And level 3 is not awarded because "gbt.7.7.l3.system_integration" is not met
    And level 3 is not awarded because "gbt.7.3.l3.data_interchange" is not met
    And the improvement actions include "act.integrate_systems"

  Scenario: GB/T The level-3 prerequisites come first in the roadmap, before the cheaper items they unlock
    Given the evidence file "examples/gbt43045-level2-ecommerce.yaml"
    When it is assessed against "gbt43045"
    Then the improvement action "act.data_interchange" comes before "act.bot_kpis"
    And the improvement action "act.integrate_systems" comes before "act.bot_kpis"

  Scenario: GB/T A 200-seat bank card centre reaches level 3
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    When it is assessed against "gbt43045"
    Then the level is 3
    And level 4 is not awarded because "gbt.7.2.l4.ai_trainer_ratio" is not met

  Scenario: GB/T A 1,200-seat telecom centre reaches level 4
    Given the evidence file "examples/gbt43045-level4-telecom.yaml"
    When it is assessed against "gbt43045"
    Then the level is 4
    And level 5 is not awarded because "gbt.7.7.l5.digital_platform" is not met
    And level 5 is not awarded because "gbt.8.4.l5.digital_operations_system" is not met
    And the improvement actions include "act.digital_platform"

  Scenario: GB/T A 3,000-seat national insurer reaches level 5 in a certification review
    Given the evidence file "examples/gbt43045-level5-insurer.yaml"
    When it is assessed against "gbt43045"
    Then the level is 5

  # ---------------------------------------------------------------- boundaries: one missing requirement drops a level
  Scenario: GB/T Boundary 1-2 — without written strategy objectives a level-2 centre drops to level 1
    Given the evidence file "examples/gbt43045-level2-ecommerce.yaml"
    And evidence "strategy.statement.objectives" is false
    When it is assessed against "gbt43045"
    Then the level is 1
    And level 2 is not awarded because "gbt.6.2.l2.objectives" is not met

  Scenario: GB/T Boundary 1-2 — knowledge articles per seat below the level-2 ratio
    Given the evidence file "examples/gbt43045-level2-ecommerce.yaml"
    And evidence "knowledge.articles" is 159
    When it is assessed against "gbt43045"
    Then the level is 1
    And level 2 is not awarded because "gbt.7.4.l2.coverage_and_freshness" is not met
    And the improvement actions include "act.expand_knowledge"

  Scenario: GB/T Boundary 1-2 — exactly two knowledge articles per seat is enough
    Given the evidence file "examples/gbt43045-level2-ecommerce.yaml"
    And evidence "knowledge.articles" is 160
    When it is assessed against "gbt43045"
    Then the level is 2

  Scenario: GB/T Boundary 2-3 — bots and agents on separate knowledge sources
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    And evidence "knowledge.shared_with_bots" is false
    When it is assessed against "gbt43045"
    Then the level is 2
    And level 3 is not awarded because "gbt.7.4.l3.single_source" is not met

  Scenario: GB/T Boundary 2-3 — reported satisfaction above what the survey counts support
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    And evidence "satisfaction.reported" is 92
    When it is assessed against "gbt43045"
    Then the level is 2
    And level 3 is not awarded because "gbt.8.3.l3.satisfaction_verifiable" is not met

  Scenario: GB/T Boundary 3-4 — no MLPS level 3 or ISO 27001 certificate
    Given the evidence file "examples/gbt43045-level4-telecom.yaml"
    And evidence "security.certifications" is [mlps2]
    When it is assessed against "gbt43045"
    Then the level is 3
    And level 4 is not awarded because "gbt.8.9.l4.certified" is not met
    And the improvement actions include "act.security_certification"

  Scenario: GB/T Boundary 3-4 — too few AI trainers for 1,200 seats
    Given the evidence file "examples/gbt43045-level4-telecom.yaml"
    And evidence "org.ai_trainers" is 11
    When it is assessed against "gbt43045"
    Then the level is 3
    And level 4 is not awarded because "gbt.7.2.l4.ai_trainer_ratio" is not met

  Scenario: GB/T Boundary 4-5 — no established innovation practice
    Given the evidence file "examples/gbt43045-level5-insurer.yaml"
    And evidence "improvement.innovation" is false
    When it is assessed against "gbt43045"
    Then the level is 4
    And level 5 is not awarded because "gbt.6.3.l5.innovation" is not met
    And the improvement actions include "act.innovation_programme"

  Scenario: GB/T Boundary 4-5 — indicators monitored but not acted on
    Given the evidence file "examples/gbt43045-level5-insurer.yaml"
    And evidence "improvement.closed_loop" is false
    When it is assessed against "gbt43045"
    Then the level is 4
    And level 5 is not awarded because "gbt.8.7.l5.closed_loop" is not met

  # ---------------------------------------------------------------- gates
  Scenario: GB/T Integration gate — without system integration an otherwise level-5 centre is capped at level 2
    Given the evidence file "examples/gbt43045-level5-insurer.yaml"
    And evidence "platform.system_integration" is false
    When it is assessed against "gbt43045"
    Then the level is 2
    And level 3 is not awarded because "gbt.7.7.l3.system_integration" is not met

  Scenario: GB/T Integration gate — without data interchange a level-4 centre is capped at level 2
    Given the evidence file "examples/gbt43045-level4-telecom.yaml"
    And evidence "platform.data_interchange" is false
    When it is assessed against "gbt43045"
    Then the level is 2
    And level 3 is not awarded because "gbt.7.3.l3.data_interchange" is not met
    And the improvement actions include "act.data_interchange"

  Scenario: GB/T Security gate — without a data-security policy no level is awarded
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    And evidence "security.policy" is false
    When it is assessed against "gbt43045"
    Then the level is 0
    And level 1 is not awarded because "gbt.8.9.l1.security_policy" is not met
    And the improvement actions include "act.security_policy"

  Scenario: GB/T Security gate — staff without confidentiality agreements sink a level-5 centre to level 0
    Given the evidence file "examples/gbt43045-level5-insurer.yaml"
    And evidence "security.controls" is [access_control, masking, encryption, incident_response]
    When it is assessed against "gbt43045"
    Then the level is 0
    And level 1 is not awarded because "gbt.8.9.l1.security_policy" is not met

  # ---------------------------------------------------------------- unknown evidence
  Scenario: GB/T Evidence the centre lacks is reported, never credited
    Given the evidence file "examples/gbt43045-level1-water-hotline.yaml"
    When it is assessed against "gbt43045"
    Then "ai.bot_intent_accuracy_pct" is reported as not evidenced
    And "forecasting.validated_months" is reported as not evidenced
    And level 2 is not awarded because "gbt.7.5.l2.bot_accuracy" is not met
    And level 2 is not awarded because "gbt.8.2.l2.forecast_validated" is not met

  Scenario: GB/T Unknown self-service resolution keeps level 3 out of reach
    Given the evidence file "examples/gbt43045-level2-ecommerce.yaml"
    When it is assessed against "gbt43045"
    Then "ai.self_service_resolution_pct" is reported as not evidenced
    And level 3 is not awarded because "gbt.7.5.l3.self_service_and_assist" is not met
