Feature: GB/T 43045.1 fidelity: a formula switch or a misreported figure cannot move the level, reviewers count once
  The level-3 bank's survey counts 5200 / 2100 / 450 / 150 / 100 (8000 answers): top box 65 %, top two box 91.25 %.

  Scenario: GB/T The same survey honestly declared as top box keeps level 3
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    And the evidence:
      | fact                    | value   |
      | satisfaction.definition | top_box |
      | satisfaction.reported   | 65.0    |
    When it is assessed against "gbt43045"
    Then the level is 3

  Scenario: GB/T An under-reported satisfaction is not reproducible either, and the recomputed figure is shown
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    And evidence "satisfaction.reported" is 88.0
    When it is assessed against "gbt43045"
    Then level 3 is not awarded because "gbt.8.3.l3.satisfaction_verifiable" is not met
    And the level is 2
    And the explanation of rule "gbt.8.3.l3.satisfaction_verifiable" contains "top two box 91.25%"

  Scenario: GB/T The same reviewer listed twice counts once
    Given the evidence file "examples/gbt43045-level5-insurer.yaml"
    And evidence "assessment.reviewers" is [{name: 王敏, registration: "CCAA-SV-2024-0315"}, {name: 王敏, registration: "CCAA-SV-2024-0315"}]
    When it is assessed against "gbt43045"
    Then the assessment is rejected with a message containing "distinct registration number"

  Scenario: GB/T A registration of "-" or " " is no registration
    Given the evidence file "examples/gbt43045-level5-insurer.yaml"
    And evidence "assessment.reviewers" is [{name: 王敏, registration: "CCAA-SV-2024-0315"}, {name: 陈立, registration: "-"}, {name: 李华, registration: " "}]
    When it is assessed against "gbt43045"
    Then the assessment is rejected with a message containing "reviewers"

  Scenario: GB/T "无" names no forecasting method
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    And evidence "forecasting.method" is "无"
    When it is assessed against "gbt43045"
    Then level 1 is not awarded because "gbt.8.2.l1.forecasting_method" is not met

  Scenario: GB/T One calibration fact for both packs: annual sessions are below the level-2 frequency
    Given the evidence file "examples/all-three-bank.yaml"
    And evidence "quality.calibration" is "annual"
    When it is assessed against "gbt43045"
    Then level 2 is not awarded because "gbt.8.6.l2.inspectors_and_calibration" is not met

  Scenario: GB/T 0 seats meet every staffing ratio trivially, and a warning says so
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    And evidence "organization.seats" is 0
    When it is assessed against "gbt43045"
    Then the explanation of rule "gbt.7.2.seats_given" contains "every role needs 0 people"

  Scenario: GB/T A real seat count raises no seats warning
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    When it is assessed against "gbt43045"
    Then rule "gbt.7.2.seats_given" does not fire
