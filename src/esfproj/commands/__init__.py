"""One module per command, each a plain typed function `run(...)` of the command's options
that returns its exit code. `cli` declares the options and imports only the module of the
command it runs; `common` holds what the commands share."""
