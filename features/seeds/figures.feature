@seeds
Feature: Trade figures and the disagreements between sources
  Values that agree are corroborated; values that differ are a dispute shown with both quotes.

  Background:
    Given the seed articles are ingested

  Scenario: The two articles disagree on the 2016 US deficit with Korea
    When I look at negotiation "korus"
    Then the figure "goods_deficit" for 2016 is disputed between these values:
      | value | article                        |
      | 27.7  | gulfnews-1.2078485             |
      | 27.6  | ap-2017-08-22-korea-says-no    |

  Scenario: The two articles disagree on Korea's rank among US trading partners
    When I look at negotiation "korus"
    Then the figure "trade_partner_rank" is disputed between these values:
      | value | article                        |
      | 7     | gulfnews-1.2078485             |
      | 6     | ap-2017-08-22-korea-says-no    |

  Scenario: The services surplus is stated by one source only
    When I look at negotiation "korus"
    Then the figure "services_surplus" for 2016 is 10.7 according to "ap-2017-08-22-korea-says-no"
