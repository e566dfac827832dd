@seeds
Feature: The status of the talks at any date, as known at any time

  Scenario: As of 22 August 2017 the talks are stalled
    Given the seed articles are ingested
    When I look at negotiation "korus" as of 2017-08-22
    Then the status is "stalled"

  Scenario: Before the talks no proposal is known
    Given the seed articles are ingested
    When I look at negotiation "korus" as of 2017-06-01
    Then no proposal is known

  Scenario: Known only from the AP article, the notice period is unknown
    Given the seed articles are ingested
    When I look at negotiation "korus" as known after the article "ap-2017-08-22-korea-says-no"
    Then the termination clause notice period is unknown

  Scenario: Once the Gulf News article is known, the notice period is 180 days
    Given the seed articles are ingested
    When I look at negotiation "korus" as known after the article "gulfnews-1.2078485"
    Then the termination clause notice period is 180 days
