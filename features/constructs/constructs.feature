Feature: the test pack's constructs through the step library
  Scenario: a hand-built centre
    Given an organization "Test" in industry "banking" with 200 seats
    And evidence "a.int" is 20
    And the evidence:
      | fact    | value          |
      | a.num   | 2.5            |
      | a.other | 1.25           |
      | a.flag  | true           |
      | a.list  | [voice, video] |
    When it is assessed against "tests/packs/constructs" as of 2023-06-30
    Then rule "r.gte_ratio" deducts 0 points
    And rule "r.contains" adds 3 points
    And "a.text" is reported as not evidenced
    And the total score is 104
    And it passes
    And the grade is "A"
    And the "strategic_value" score is 24
