@seeds
Feature: Where the parties stand

  Background:
    Given the seed articles are ingested

  Scenario Outline: Each side's stated positions are kept with their quotes
    When I look at negotiation "korus" as of 2017-08-22
    Then "<party>" has stated a position quoting "<fragment>"

    Examples:
      | party | fragment                                   |
      | KR    | mutually beneficial                        |
      | KR    | not the cause of the U.S. trade imbalance  |
      | US    | discussions will continue                  |
      | US    | too many American workers have not benefited |
