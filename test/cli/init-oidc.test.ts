// An endpoint that takes the job's OIDC token needs `id-token: write` in the jobs that call
// it; naming one permission drops the others, so `contents: read` stays beside it.
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { actionlint, init, OUT, repo } from "./init-repo.js";

async function withOidc(gates: boolean) {
  const dir = await repo({}, { gates });
  const file = `${dir}/workflows/endpoints.yml`;
  const text = await readFile(file, "utf8");
  await writeFile(
    file,
    `${text}  Verified: { url: "https://verified.example.org", auth: { oidc: { audience: verified } } }\n`,
  );
}

describe("mgmt init, an endpoint with auth.oidc", () => {
  it("one-job shape: the workflow's permissions add id-token: write beside contents: read", async () => {
    await withOidc(false);
    expect((await init()).code).toBe(0);
    expect((await actionlint(OUT)).code).toBe(0);
    const doc = parse(await readFile(OUT, "utf8"));
    expect(doc.permissions).toEqual({ contents: "read", "id-token": "write", issues: "write" });
  });

  it("with a review job: the review job, which calls the endpoints too, gets it beside actions: read", async () => {
    await withOidc(true);
    expect((await init()).code).toBe(0);
    expect((await actionlint(OUT)).code).toBe(0);
    const doc = parse(await readFile(OUT, "utf8"));
    expect(doc.jobs.review.permissions).toEqual({
      contents: "read",
      "id-token": "write",
      issues: "write",
      actions: "read",
    });
  });

  it("without it: contents: read alone", async () => {
    await repo({}, { gates: false });
    expect((await init()).code).toBe(0);
    // The census definitions run on a schedule: failure issues need issues: write.
    expect(parse(await readFile(OUT, "utf8")).permissions).toEqual({ contents: "read", issues: "write" });
  });
});
