// An endpoint's `auth.oidc`: planned as its audience; an Authorization header beside it is an error.
import { describe, expect, it } from "vitest";
import { parseWorkflow } from "../../src/definition/load.js";
import { formatProblem } from "../../src/definition/problem.js";

const workflow = (headers: string) => `id: Oidc
endpoints:
  Api:
    url: "http://127.0.0.1:1/api"
    auth: { oidc: { audience: "https://api.example.test" } }
${headers}tasks:
  - name: Call
    service: Api
    action: go
`;

describe("auth.oidc on an endpoint", () => {
  it("plans the audience", () => {
    const { plan, problems } = parseWorkflow("w.yml", workflow(""));
    expect(problems).toEqual([]);
    expect(plan?.endpoints.Api?.oidcAudience).toBe("https://api.example.test");
  });

  it("refuses an Authorization header beside it, at the header", () => {
    const { plan, problems } = parseWorkflow(
      "w.yml",
      workflow('    headers:\n      X-Team: census\n      authorization: "Bearer ${{ env.T }}"\n'),
    );
    expect(plan).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      "w.yml:8:7: error: endpoints.Api.headers.authorization: an endpoint with auth.oidc gets its Authorization from the OIDC token: remove this header",
    ]);
  });

  it("leaves an endpoint without it as it was", () => {
    const text = workflow("").replace(/ {4}auth:.*\n/, "    headers: { Authorization: x }\n");
    const { plan, problems } = parseWorkflow("w.yml", text);
    expect(problems).toEqual([]);
    expect(plan?.endpoints.Api?.oidcAudience).toBeNull();
  });
});
