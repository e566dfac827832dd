Feature: The agreement's history from an article written in the scenario
  Users can state their own articles inside a scenario; dates known only to the month count
  from the first day of that month.

  Background:
    Given the article below is ingested:
      """
      ---
      id: test-korus-history
      published: 2018-01-09
      outlet: Test Wire
      ---
      South Korea and the United States signed the Korea-U.S. FTA in June 2007, and the agreement took effect in March 2012.
      """

  Scenario: Signed in June 2007, in force since March 2012
    When I look at negotiation "korus"
    Then the agreement was signed on "2007-06"
    And the agreement is in force since "2012-03"

  Scenario: Known only to the month, the entry into force counts from the month's first day
    When I look at negotiation "korus" as of 2012-03-01
    Then the agreement is in force since "2012-03"

  Scenario: Before March 2012 the agreement is not known to be in force
    When I look at negotiation "korus" as of 2012-02-29
    Then the agreement's entry into force is unknown
    And the agreement was signed on "2007-06"
