Feature: Ingesting articles
  Articles are markdown files with YAML front matter. A bad file is reported by name with its
  problem and nothing of it is written; ingesting the same text again changes nothing.

  Scenario: Ingesting the seeds again is a no-op
    Given the seed articles are ingested
    When I ingest the seed articles again
    Then the ingest reports no error
    And the ingest appended no event
    And the ingest reports the article "ap-2017-08-22-korea-says-no" as "unchanged"

  Scenario: Seed files and folders can be named by their path
    Given the article file "../../seeds/2017-08-22-ap-korea-says-no.md" is ingested
    When I ingest the file "../../seeds"
    Then the ingest reports no error
    And the ingest reports the article "ap-2017-08-22-korea-says-no" as "unchanged"
    And the ingest reports the article "gulfnews-1.2078485" as "ingested"

  Scenario: A folder of articles is ingested as a whole
    Given the articles in the folder "../../seeds" are ingested
    When I look at negotiation "korus"
    Then the parties are "KR+US"

  Scenario: A file without front matter is reported by name
    When I ingest a file "no-front-matter.md" containing:
      """
      South Korea said on Tuesday that it would not renegotiate the trade deal.
      """
    Then the ingest reports an error for "no-front-matter.md" saying "no YAML front matter"

  Scenario: An article without a publication date is refused and nothing of it is written
    When I ingest the article below:
      """
      ---
      id: undated-article
      outlet: Nowhere Times
      ---
      Seoul proposed a joint study with Washington on the Korea-U.S. FTA.
      """
    Then the ingest reports an error saying "no 'published' date"
    And nothing of the article "undated-article" was written

  Scenario: The same id with another text is refused
    Given the seed articles are ingested
    When I ingest the article below:
      """
      ---
      id: ap-2017-08-22-korea-says-no
      published: 2017-08-22
      ---
      Another text under the id of a stored article.
      """
    Then the ingest reports an error saying "already stored with different text"

  Scenario: An article written in the scenario becomes part of the state
    Given the article below is ingested:
      """
      ---
      id: test-2017-08-22-joint-study
      published: 2017-08-22
      outlet: Test Wire
      ---
      South Korean Trade Minister Kim Hyun-chong said on Tuesday that Seoul proposed a joint study with Washington to evaluate the impact of the Korea-U.S. FTA.
      """
    When I look at negotiation "korus" as of 2017-08-22
    Then the proposal by "KR" for a joint study awaits an answer from "US"

  Scenario: The ingest counts the events of each type it derived
    When I ingest the file "../../seeds/2017-08-22-gulfnews-korea-rejects-us-call.md"
    Then the ingest reports no error
    And the ingest appended 1 "termination_clause_cited" events
