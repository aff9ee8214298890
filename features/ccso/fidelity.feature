Feature: CCSO fidelity: what the pack claims is what the sources say, and no loophole moves a score the wrong way
  Each scenario pins one point where a score once moved the wrong way: an item's points cap what its rules move,
  a formula switch or a misreported figure cannot keep the points, "none" is not a method, 0 seats are flagged.

  Scenario: CCSO An item's points cap its deductions: three baseline channels missing cost 3, not 9
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "channels.offered" is [voice, video]
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.app_human" deducts 3 points
    And rule "ccso.channels.baseline.wechat_human" deducts 0 points
    And the total score is 93

  Scenario: CCSO Under-reporting is as inconsistent as over-reporting
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "satisfaction.reported" is 80.0
    When it is assessed against "ccso"
    Then rule "ccso.satisfaction.consistency" deducts 3 points
    And the explanation of rule "ccso.satisfaction.consistency" contains "top two box 87%"

  Scenario: CCSO A missing formula and an inconsistent figure lose the item's 3 points once
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "satisfaction.definition" is null
    When it is assessed against "ccso"
    Then rule "ccso.satisfaction.definition" deducts 3 points
    And rule "ccso.satisfaction.consistency" does not fire
    And the total score is 93

  Scenario: CCSO "无" names no forecasting method
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "forecasting.method" is "无"
    When it is assessed against "ccso"
    Then rule "ccso.forecasting.method" deducts 3 points

  Scenario: CCSO "none" names no forecasting method
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "forecasting.method" is "none"
    When it is assessed against "ccso"
    Then rule "ccso.forecasting.method" deducts 3 points

  Scenario: CCSO 0 seats meet every ratio trivially, and a warning says so
    Given an organization "Empty" in industry "banking" with 0 seats
    And the evidence:
      | fact                        | value |
      | staffing.team_leaders       | 0     |
      | staffing.quality_inspectors | 0     |
    When it is assessed against "ccso" as of 2026-06-30
    Then rule "ccso.staffing.team_leaders" does not fire
    And the explanation of rule "ccso.staffing.seats_given" contains "every staffing ratio is met"

  Scenario: CCSO 201 seats with the 200-seat example's staff: a fraction of a person is rounded up
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "organization.seats" is 201
    When it is assessed against "ccso"
    Then rule "ccso.staffing.team_leaders" deducts 3 points
    And the explanation of rule "ccso.staffing.team_leaders" contains "a fraction rounded up to the next whole person"

  Scenario: CCSO No industry benchmark: the baseline is unknown, the report says what to supply, and nothing is credited
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "organization.industry" is "telecom"
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.email" is undecided
    And rule "ccso.channels.baseline.voice" does not fire
    And the explanation of rule "ccso.channels.baseline.email" contains "no industry benchmark for telecom: supply `benchmarks:` with its source"
    And rule "ccso.channels.baseline.email" deducts 3 points
    And rule "ccso.channels.trend_bonus" does not fire
    And the total score is 91

  Scenario: CCSO No industry given costs at most the item's points, not 30
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "organization.industry" is null
    When it is assessed against "ccso"
    Then the explanation of rule "ccso.channels.baseline.email" contains "no organization.industry"
    And the total score is 91

  Scenario: CCSO A self-supplied benchmark is marked as such
    Given the evidence file "examples/ccso-fail-small.yaml"
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.web_chat" deducts 3 points
    And the explanation of rule "ccso.channels.baseline.web_chat" contains "self-supplied (from the evidence, not checked by the pack)"

  Scenario: CCSO A supplied benchmark without its source and survey year is refused
    Given the evidence file "examples/ccso-fail-small.yaml"
    And evidence "benchmarks" is {retail: {surveyed: 40, offering: {voice: 38}}}
    When it is assessed against "ccso"
    Then the assessment is rejected with a message containing "year"

  Scenario: CCSO In certification mode a bank's own benchmark does not replace the pack's survey
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "assessment.mode" is "certification"
    And evidence "assessment.reviewers" is [{name: 王敏, registration: "CCSO-R-2024-001"}]
    And evidence "benchmarks" is {banking: {year: 2021, source: "own figures", surveyed: 10, offering: {email: 9}}}
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.email" does not fire
    And the explanation of rule "ccso.channels.baseline.wechat_human" contains "a self-supplied benchmark is not used in certification mode"

  Scenario: CCSO In certification mode an unregistered reviewer is refused
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "assessment.mode" is "certification"
    And evidence "assessment.reviewers" is [{name: 王敏, registration: "-"}]
    When it is assessed against "ccso"
    Then the assessment is rejected with a message containing "distinct registration number"

  Scenario: CCSO Declaring top box and reporting the top-two figure loses the item's points
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And the evidence:
      | fact                    | value   |
      | satisfaction.definition | top_box |
      | satisfaction.reported   | 87.0    |
    When it is assessed against "ccso"
    Then rule "ccso.satisfaction.consistency" deducts 3 points
    And the explanation of rule "ccso.satisfaction.consistency" contains "top box 62%"

  Scenario: CCSO Removing a self-supplied benchmark does not raise the score
    Given the evidence file "examples/ccso-fail-small.yaml"
    And evidence "benchmarks" is null
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.web_chat" is undecided
    And the total score is 34

  Scenario: CCSO One calibration fact for both packs: no calibration sessions cost the CCSO point
    Given the evidence file "examples/all-three-bank.yaml"
    And evidence "quality.calibration" is "none"
    When it is assessed against "ccso"
    Then rule "ccso.quality.calibration" deducts 1 points
