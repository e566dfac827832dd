@seeds
Feature: The state at any date, as known at any time
  "as of" is world time (what the articles say had happened by then); "as known" is store
  time (only what had been ingested by then).

  Background:
    Given the seed articles are ingested

  Scenario: Before it took effect the agreement is not known to be in force
    When I look at negotiation "korus" as of 2011-06-01
    Then the agreement's entry into force is unknown
    And the status is "unknown"

  Scenario: Nothing is known before the first event was stored
    When I look at negotiation "korus" as known at position 0
    Then no proposal is known
    And no meeting is known
    And the termination clause is unknown

  Scenario: Known only from the AP article, the clause itself is unknown
    When I look at negotiation "korus" as of 2017-08-22 as known after the article "ap-2017-08-22-korea-says-no"
    Then the termination clause is unknown
    And the proposal by "US" to amend the agreement is "rejected" by "KR"

  Scenario: Before the talks only older positions are known
    When I look at negotiation "korus" as of 2017-08-01
    Then "US" has stated a position on 2017-06
    And "KR" has stated a position on 2016
    And no figure "trade_partner_rank" is known

  Scenario: World time and store time combine
    When I look at negotiation "korus" as of 2017-08-22 as known at position 0
    Then no proposal is known
    And the status is "unknown"
