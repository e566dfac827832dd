@seeds
Feature: Every value is explained down to the articles and quotes behind it

  Background:
    Given the seed articles are ingested

  Scenario: The notice period comes from the Gulf News article
    When I ask to explain "termination_clause.notice_days" in negotiation "korus"
    Then the explained value is "180"
    And the explanation cites the article "gulfnews-1.2078485"
    And the explanation quotes "That process would take 180 days."

  Scenario: The disputed deficit is explained with both articles' quotes
    When I ask to explain "figures.goods_deficit.2016" in negotiation "korus"
    Then the explanation cites the article "gulfnews-1.2078485"
    And the explanation cites the article "ap-2017-08-22-korea-says-no"
    And the explanation quotes "$27.6 billion last year"
    And the explanation quotes "$27.7 billion last year"

  Scenario: The status names its rule and the proposal behind it
    When I ask to explain "status" in negotiation "korus" as of 2017-08-22
    Then the explained value is "stalled"
    And the explanation names the rule "stalled"
    And the explanation quotes "We did not agree to the unilateral proposal"

  Scenario: The rejection is explained by the answer that was linked to the proposal
    When I ask to explain the status of the proposal by "US" to amend the agreement in negotiation "korus" as of 2017-08-22
    Then the explained value is "rejected"
    And the explanation cites the article "gulfnews-1.2078485"
    And the explanation quotes "South Korea rejected a US proposal"
