"""The demo chambers: 川口商工会議所 with ~15,000 generated businesses, and a second chamber."""
