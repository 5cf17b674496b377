// @actions/core 3 bundles undici 6 for its OIDC client, and loading it installs undici 6's
// Agent as the dispatcher of the global fetch() when none is set yet. The action's calls
// would then run on another HTTP stack than Node's own, the one the transport is tested on.
// A first fetch() makes Node install its own dispatcher, which undici 6 then leaves alone.
// This module must be the entry's first import.
void fetch("data:,").catch(() => {});
