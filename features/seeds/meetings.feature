@seeds
Feature: Meetings held and the next meeting

  Background:
    Given the seed articles are ingested

  Scenario: The first talks were held in Seoul on 22 August 2017
    When I look at negotiation "korus" as of 2017-08-22
    Then a meeting was held on 2017-08-22

  Scenario: No date was set for a future meeting
    When I look at negotiation "korus" as of 2017-08-22
    Then the next meeting is "none scheduled"

  Scenario: Before the talks no meeting is known
    When I look at negotiation "korus" as of 2017-08-01
    Then no meeting was held on 2017-08-22
    And the next meeting is "unknown"
