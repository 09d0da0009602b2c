"""The staff commands of the `hailong` CLI, one module per command group."""
