"""Reading a conversation: the customer's catch-up, the agent's transcript (audited), private notes."""
