#!/usr/bin/env node
// The CLI runs from the library build (lib/), made by `npm run build:lib` (and on `npm ci`).
await import("../lib/cli.js");
