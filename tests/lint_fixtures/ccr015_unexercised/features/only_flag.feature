Feature: only one rule of the fixture is exercised
  Scenario: the flag rule deducts
    Given an organization "fixture" in industry "banking" with 10 seats
    And evidence "a.flag" is false
    When it is assessed against "ccr015_unexercised" as of 2024-01-01
    Then rule "r.flag" deducts 2 points
