Feature: An analyst's judgement of a derived event
  A rejected event counts for nothing in the state, the state says who rejected it and why,
  and the rejection survives deriving the stored articles again.

  Background:
    Given the article file "articles/quota.md" is ingested

  Scenario: A rejected meeting is no longer a meeting held
    When the analyst "alice" rejects the "meeting_held" event of the article "quota-2024-03-11" because "talks about another deal"
    And I look at negotiation "eu-freedonia"
    Then no meeting is known
    And no fact of the state rests on the "meeting_held" event of the article "quota-2024-03-11"
    And the analyst "alice" rejected the "meeting_held" event because "talks about another deal"

  Scenario: A confirmation undoes the rejection
    When the analyst "alice" rejects the "meeting_held" event of the article "quota-2024-03-11" because "talks about another deal"
    And the analyst "bob" confirms the "meeting_held" event of the article "quota-2024-03-11"
    And I look at negotiation "eu-freedonia"
    Then a meeting was held on 2024-03-08

  Scenario: The rejection survives deriving the article again with another catalog
    When the analyst "alice" rejects the "meeting_held" event of the article "quota-2024-03-11" because "talks about another deal"
    And the stored articles are derived again with the catalog file "freedonia.yaml"
    And I look at negotiation "eu-freedonia"
    Then the ingest reports the article "quota-2024-03-11" as "rederived"
    And no meeting is known
    And the analyst "alice" rejected the "meeting_held" event because "talks about another deal"
