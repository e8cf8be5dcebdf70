"""Agents, their roles and teams, and what each agent may see (``scope``)."""
