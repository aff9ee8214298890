Feature: GB/T 43045.1 certification reviews need two registered reviewers
  [000]: each certification review needs at least two reviewers certified by CCAA and kept on file
  (持证且持续备案的审查员); a self-assessment has no such requirement. The pack sets
  certification_min_reviewers = 2.

  Scenario: GB/T A self-assessment runs without reviewers
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    And evidence "assessment.mode" is self
    When it is assessed against "gbt43045"
    Then the level is 3

  Scenario: GB/T A certification review without reviewers is rejected
    Given the evidence file "examples/gbt43045-level3-bank-card-centre.yaml"
    And evidence "assessment.mode" is certification
    When it is assessed against "gbt43045"
    Then the assessment is rejected with a message containing "reviewers"

  Scenario: GB/T A certification review with one reviewer is rejected
    Given the evidence file "examples/gbt43045-level5-insurer.yaml"
    And evidence "assessment.reviewers" is [{name: 王敏, registration: "CCAA-SV-2024-0315"}]
    When it is assessed against "gbt43045"
    Then the assessment is rejected with a message containing "reviewers"

  Scenario: GB/T A reviewer without a registration number does not count
    Given the evidence file "examples/gbt43045-level5-insurer.yaml"
    And evidence "assessment.reviewers" is [{name: 王敏, registration: "CCAA-SV-2024-0315"}, {name: 陈立}]
    When it is assessed against "gbt43045"
    Then the assessment is rejected with a message containing "reviewers"

  Scenario: GB/T A certification review with two registered reviewers is assessed
    Given the evidence file "examples/gbt43045-level5-insurer.yaml"
    When it is assessed against "gbt43045"
    Then the level is 5
