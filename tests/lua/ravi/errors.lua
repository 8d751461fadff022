-- Untyped twin of errors.ravi: plain Lua has no type errors, so it writes what the
-- typed program reports (tabs as in print).
io.write([==[
compile:	src:1: Invalid local assignment near <eof>
compile:	src:1: Invalid local assignment near <eof>
compile:	src:1: Invalid local assignment near <eof>
compile:	src:1: uninitialized table in local variable near <eof>
compile:	src:1: Invalid assignment: string expected near <eof>
compile:	src:1: Invalid assignment: integer expected near 'end'
run:	false	src:1: integer expected
run:	true	2
run:	false	src:1: upvalue of table type, cannot be set to non table value
compile:	src:1: Invalid assignment: integer expected near 'local'
run:	true	1	ok
run:	false	src:1: integer expected
run:	false	src:1: string expected
run:	true	true
run:	true	2
]==])
