Feature: An answer that names the offer it answers
  "turned down the EU's offer" states a rejection and that an offer had been made. The state
  links the rejection to the offer an earlier sentence made, and invents no second offer.

  Background:
    Given the article below is ingested:
      """
      ---
      id: test-eu-au-sugar-quota
      published: 2023-10-30
      negotiation: eu-australia
      ---
      The European Union on Oct. 12 proposed to raise Australia's sugar quota. Australia on Sunday turned down the EU's offer.
      """

  Scenario: One EU proposal, rejected by Australia
    When I look at negotiation "eu-australia"
    Then 1 proposals are known
    And the proposal by "EU" to raise the quota is "rejected" by "AU"
    And the proposal by "EU" to raise the quota was made on 2023-10-12

  Scenario: The link is explained
    When I ask to explain the status of the proposal by "EU" to raise the quota in negotiation "eu-australia"
    Then the explanation quotes "Australia on Sunday turned down the EU's offer."
