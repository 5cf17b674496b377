// GitHub's OIDC token service as @actions/core's getIDToken speaks to it, minting RS256 JWTs,
// and an endpoint that accepts a call only with a valid token for its audience.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPair, jwtVerify, SignJWT } from "jose";
import { onTestFinished } from "vitest";

export interface FakeOidc {
  /** ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN, as the runner sets them. */
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** Every token minted, in order. */
  minted: string[];
  /** Lifetimes in seconds of the next tokens, in order; then 300. */
  lifetimes: number[];
  publicKey: Awaited<ReturnType<typeof generateKeyPair>>["publicKey"];
}

export interface OidcEndpoint {
  origin: string;
  /** The valid tokens it was sent, in order. */
  seen: string[];
  /** Calls refused for a missing or invalid token. */
  refused: number;
}

const REQUEST_TOKEN = "runner-request-token";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startFakeOidc(): Promise<FakeOidc> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const fake = { minted: [] as string[], lifetimes: [] as number[], publicKey };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const audience = url.searchParams.get("audience");
    if (
      req.headers.authorization !== `Bearer ${REQUEST_TOKEN}` ||
      url.searchParams.get("api-version") !== "2.0" ||
      !audience
    ) {
      res.writeHead(401).end();
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    void new SignJWT({ repository: "owner/repo" })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer("https://token.actions.githubusercontent.com")
      .setAudience(audience)
      .setIssuedAt(now)
      .setJti(String(fake.minted.length))
      .setExpirationTime(now + (fake.lifetimes.shift() ?? 300))
      .sign(privateKey)
      .then((jwt) => {
        fake.minted.push(jwt);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value: jwt }));
      });
  });
  const origin = await listen(server);
  return Object.assign(fake, {
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${origin}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    },
  });
}

/** Answers 200 `{ ok: true }` to a call bearing a token signed by `oidc` for `audience`, else 401. */
export async function startOidcEndpoint(oidc: FakeOidc, audience: string): Promise<OidcEndpoint> {
  const endpoint = { seen: [] as string[], refused: 0 };
  const server = createServer((req, res) => {
    req.resume();
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    jwtVerify(token, oidc.publicKey, { audience }).then(
      () => {
        endpoint.seen.push(token);
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      },
      () => {
        endpoint.refused += 1;
        res.writeHead(401).end();
      },
    );
  });
  return Object.assign(endpoint, { origin: await listen(server) });
}
