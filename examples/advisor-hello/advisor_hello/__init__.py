"""The smallest Match Advisor plugin; see `advisor_hello.plugin`."""
