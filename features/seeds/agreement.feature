@seeds
Feature: The agreement and its termination clause
  The clauses that frame the talks, with what is not stated left unknown.

  Background:
    Given the seed articles are ingested

  Scenario: The agreement has been in force since 2012
    When I look at negotiation "korus"
    Then the agreement is in force since "2012"

  Scenario: Either party may terminate with 180 days notice
    When I look at negotiation "korus"
    Then the termination clause may be invoked by "any" party
    And the termination clause notice period is 180 days
    And the termination clause has not been invoked
