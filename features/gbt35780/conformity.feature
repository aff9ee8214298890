Feature: GB/T 35780.1-2017 (ISO 18295-1:2017) conformity
  A customer contact centre conforms when it has no major nonconformity and at most two minor ones (this pack's
  interpretation: the standard sets no allowance). A requirement not met, or not evidenced (an assessor cannot
  verify it), is a nonconformity of the severity the requirement declares. Every criterion is an interpretation
  of its clause heading.

  Scenario: GB/T 35780 A centre meeting every requirement conforms
    Given the evidence file "examples/gbt35780-conforming.yaml"
    When it is assessed against "gbt35780"
    Then it passes

  Scenario: GB/T 35780 Two minor nonconformities, one not met and one not evidenced, still conform
    Given the evidence file "examples/gbt35780-minor.yaml"
    When it is assessed against "gbt35780"
    Then it passes
    And "training.needs_analysis" is reported as not evidenced
    And the improvement actions include "act.publish_commitments"
    And the improvement actions include "act.training_needs_analysis"

  Scenario: GB/T 35780 A third minor nonconformity is one too many
    Given the evidence file "examples/gbt35780-minor.yaml"
    And evidence "improvement.closed_loop" is false
    When it is assessed against "gbt35780"
    Then it does not pass
    And the improvement actions include "act.closed_loop"

  Scenario: GB/T 35780 A major nonconformity fails the centre
    Given the evidence file "examples/gbt35780-major.yaml"
    When it is assessed against "gbt35780"
    Then it does not pass
    And "tech.disaster_recovery" is reported as not evidenced
    And the improvement actions include "act.complaint_log"
    And the improvement actions include "act.business_continuity"

  Scenario: GB/T 35780 One major nonconformity alone is enough to fail
    Given the evidence file "examples/gbt35780-conforming.yaml"
    And evidence "security.access_control" is false
    When it is assessed against "gbt35780"
    Then it does not pass
    And the improvement actions include "act.role_based_access"

  Scenario: GB/T 35780 A major requirement not evidenced fails the centre too
    Given the evidence file "examples/gbt35780-conforming.yaml"
    And evidence "client.agreement_documented" is null
    When it is assessed against "gbt35780"
    Then it does not pass
    And "client.agreement_documented" is reported as not evidenced

  # ---------------------------------------------------------------- boundaries
  Scenario: GB/T 35780 Induction training of exactly 40 hours is enough, 39 is a major nonconformity
    Given the evidence file "examples/gbt35780-conforming.yaml"
    And evidence "training.new_hire_hours" is 40
    When it is assessed against "gbt35780"
    Then it passes
    Given evidence "training.new_hire_hours" is 39
    When it is assessed against "gbt35780"
    Then it does not pass
    And the improvement actions include "act.induction_programme"

  Scenario: GB/T 35780 A reported satisfaction above the survey counts is a major nonconformity
    Given the evidence file "examples/gbt35780-conforming.yaml"
    And evidence "satisfaction.reported" is 80.5
    When it is assessed against "gbt35780"
    Then it passes
    Given evidence "satisfaction.reported" is 81
    When it is assessed against "gbt35780"
    Then it does not pass
    And the improvement actions include "act.satisfaction_audit_trail"

  Scenario: GB/T 35780 A phone-only centre has a minor nonconformity and still conforms
    Given the evidence file "examples/gbt35780-conforming.yaml"
    And evidence "channels.offered" is [voice]
    When it is assessed against "gbt35780"
    Then it passes
    And the improvement actions include "act.second_channel"
