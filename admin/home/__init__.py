"""The console's home: today's figures and each role's next actions."""
