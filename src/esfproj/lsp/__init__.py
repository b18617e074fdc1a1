"""`esfproj lsp`: the tool's own language server.

`index` keeps what each record file contributes (`engine.FileFacts`) for the files on disk
and the open buffers; `places` finds where a value is written; `diagnostics`, `hover`,
`hints`, `fixes` and `outline` turn the facts into answers; `server` speaks the protocol
(pygls), imported only by the `lsp` command.
"""
