@seeds
Feature: The details of the 22 August 2017 talks

  Background:
    Given the seed article "ap-2017-08-22-korea-says-no" is ingested
    And the seed article "gulfnews-1.2078485" is ingested

  Scenario: Two proposals, one answering the other
    When I look at negotiation "korus" as of 2017-08-22
    Then 2 proposals are known
    And the proposal by "US" to amend the agreement was made on 2017-08-22
    And the proposal by "KR" for a joint study answers the proposal by "US" to amend the agreement
    And the proposal by "KR" for a joint study is "open"

  Scenario: The termination clause has not been invoked
    When I look at negotiation "korus" as of 2017-08-22
    Then the termination clause takes effect at the earliest on "not invoked"
    And the termination clause has not been invoked

  Scenario: Figures stated once, by two independent sources, or in dispute
    When I look at negotiation "korus" as of 2017-08-22
    Then the figure "services_surplus" for 2016 has a single source
    And the figure "trade_partner_rank" is corroborated at 2
    And the figure "goods_deficit" for 2016 has exactly these values:
      | value | article                     |
      | 27.6  | ap-2017-08-22-korea-says-no |
      | 27.7  | gulfnews-1.2078485          |
      | 23.3  | gulfnews-1.2078485          |

  Scenario: Only the two parties have stated positions
    When I look at negotiation "korus" as of 2017-08-22
    Then "CN" has stated no position
    And the parties are "KR+US"

  Scenario: Figures named without their period
    When I look at negotiation "korus" as of 2017-08-22
    Then the figure "services_surplus" has a single source
    And the figure "trade_partner_rank" for 2017-08-22 is corroborated at 2
    And the figure "trade_partner_rank" is 6 according to "ap-2017-08-22-korea-says-no"
    And the figure "trade_partner_rank" has exactly these values:
      | value | article                     |
      | 6     | ap-2017-08-22-korea-says-no |
      | 7     | gulfnews-1.2078485          |
