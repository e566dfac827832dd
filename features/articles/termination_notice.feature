Feature: A termination notice known only to the month, from one article
  The notice date keeps its precision and the earliest termination is the span of days it
  can mean. One article read by a lower-confidence rule is shown as reported: it does not
  turn the talks into "termination_notified" on its own.

  Background:
    Given the article below is ingested:
      """
      ---
      id: test-korus-notice-month
      published: 2018-02-10
      negotiation: korus
      ---
      Seoul and Washington held a second round of talks on Friday to revise the Korea-U.S. free trade agreement. The talks were the second since the United States in December gave notice under the clause of the accord that allows either side to terminate it with six months' notice.
      """

  Scenario: The notice is dated to the month and its effect is a span of days
    When I look at negotiation "korus" as of 2018-03-01
    Then the termination clause has been invoked on "2017-12"
    And the termination clause takes effect at the earliest on "between 2018-05-30 and 2018-06-29 at the earliest (notice known only to the month)"

  Scenario: One lower-confidence report does not decide the status
    When I look at negotiation "korus" as of 2018-03-01
    Then the status is "negotiating"
