#!/bin/sh
# Regenerate the expected outputs of the Lua test corpus with lua5.3.
# For each tests/lua/<area>/<name>.lua (run as `lua5.3 <area>/<name>.lua` from tests/lua,
# stdin from /dev/null):
#   <name>.out     lua5.3's stdout
#   <name>.err     first line of its stderr without the leading "lua5.3: " (only if it fails)
#   <name>.status  its exit status                                        (only if it fails)
# Usage: tests/regen.sh [relative/path.lua ...]   (default: every script)
set -u
LUA=${LUA:-lua5.3}
cd "$(dirname "$0")/lua" || exit 1
if [ $# -gt 0 ]; then
    files="$*"
else
    files=$(find . -name '*.lua' | sed 's|^\./||' | LC_ALL=C sort)
fi
n=0; nerr=0
for f in $files; do
    base=${f%.lua}
    "$LUA" "$f" </dev/null >"$base.out" 2>"$base.stderr.tmp"
    st=$?
    if [ $st -ne 0 ]; then
        head -n 1 "$base.stderr.tmp" | sed 's/^lua5\.3: //' >"$base.err"
        echo "$st" >"$base.status"
        nerr=$((nerr + 1))
    else
        rm -f "$base.err" "$base.status"
    fi
    rm -f "$base.stderr.tmp"
    n=$((n + 1))
done
echo "regenerated $n scripts ($nerr exit non-zero)"
