Feature: A negotiation the shipped catalog lacks, known from the feature's own catalog file
  The catalog file next to this feature adds Iceland, Ghana and their talks; the scenarios
  run with no environment variable and no setting.

  Background:
    Given the catalog file "iceland-ghana.yaml"
    And the article file "articles/2024-11-14-fish-for-cocoa.md" is ingested

  Scenario: Ghana turns down Iceland's offer of fish for cocoa
    When I look at negotiation "iceland-ghana"
    Then the parties are "GH+IS"
    And the proposal by "IS" to scrap its duties on cocoa is "rejected" by "GH"
    And the proposal by "IS" to scrap its duties on cocoa was made on 2024-11-12

  Scenario: The envoys met in Accra before the offer
    When I look at negotiation "iceland-ghana" as of 2024-11-10
    Then a meeting was held on 2024-11-08 in "Accra"
    And no proposal is known
