// `npm run bench [-- --quick]`: benchmarks mgmt side by side with a fetch() loop, Step CI
// and Newman (see bench/). Never part of the tests or CI: it installs its peers on first use.
await import("../bench/main.mjs");
