#!/usr/bin/env bash
# mizan-generate as a user gets it: pack this checkout, install the tarball
# into an empty folder (npm brings its one dependency,
# json-schema-to-typescript), and run `npx mizan-generate` there on the
# reference server's schema: the bin, its files and its dependency are all
# in the package.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm pack --silent --pack-destination "$work" >/dev/null
cd "$work"
echo '{"name": "generate-check", "private": true, "type": "module"}' >package.json
npm install --silent --no-audit --no-fund ./mizan-kernel-*.tgz
npx --no-install mizan-generate --help | head -1
npx --no-install mizan-generate --schema "$root/examples/server/board_schema.json" --out src/generated --target react
grep -q '^export function BoardContext' src/generated/react.ts
cmp src/generated/types.ts <(cd "$root" && node js/generate/cli.js --schema examples/server/board_schema.json --out "$work/again" --target react >/dev/null && cat "$work/again/types.ts")
echo "installed mizan-generate: $(ls src/generated | tr '\n' ' ')"
