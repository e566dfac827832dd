"""The pure domain: values, events and the negotiation state. No I/O lives here."""
