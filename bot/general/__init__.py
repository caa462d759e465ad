"""Commands about Inroads itself: help, and (with the journal) stats, export, forget-me."""
