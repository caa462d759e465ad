"""The interview journal: interviews, contacts, referral chains, outcomes."""
