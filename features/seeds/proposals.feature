@seeds
Feature: Proposals and their answers in the KORUS talks of 22 August 2017
  Analysts need to know what was proposed, by whom, and how the other side answered,
  each answer linked to the proposal it answers.

  Background:
    Given the seed articles are ingested

  Scenario: The US proposal to amend the agreement is rejected by Korea
    When I look at negotiation "korus" as of 2017-08-22
    Then the proposal by "US" to amend the agreement is "rejected" by "KR"

  Scenario: Korea's joint study awaits the US answer
    When I look at negotiation "korus" as of 2017-08-22
    Then the proposal by "KR" for a joint study is "open"
    And the proposal by "KR" for a joint study awaits an answer from "US"

  Scenario: The rejection is explained down to the quote
    When I ask to explain the status of the proposal by "US" to amend the agreement in negotiation "korus"
    Then the explanation cites the article "ap-2017-08-22-korea-says-no"
    And the explanation quotes "We did not agree to the unilateral proposal"
