// Request tasks against json-server, a real REST API that knows nothing of mgmt's envelope:
// filters in the query, a PATCH built from an earlier task's outputs, a create answered 201.
import { describe, expect, it } from "vitest";
import { type JsonServer, startJsonServer } from "../helpers/json-server.js";
import { runDefinition } from "../helpers/run-definition.js";

const DB = {
  surveys: [
    { id: 1, region: "north", suggested_threshold: 0.65 },
    { id: 2, region: "south", suggested_threshold: 0.4 },
    { id: 3, region: "north", suggested_threshold: 0.7 },
  ],
  policies: [{ id: 1, name: "sampling", threshold: 0.5 }],
  responses: [{ id: 1, date: "2024-05-31", answers: 12 }],
};

const endpointsOf = (api: JsonServer) => ({ Census: { url: api.origin } });

async function getJson(api: JsonServer, path: string): Promise<unknown> {
  const response = await fetch(api.url(path));
  return response.json();
}

const CHAIN = `
id: ExistingApi
params: { region: north, policy: 1 }
tasks:
  - name: NorthSurveys
    service: Census
    request:
      method: GET
      path: surveys
      query: { region: "\${{ params.region }}" }
    outputs:
      surveys: \${{ response.body }}
  - name: UpdatePolicy
    service: Census
    request:
      method: PATCH
      path: "policies/\${{ params.policy }}"
      body: { threshold: "\${{ tasks.NorthSurveys.outputs.surveys[1].suggested_threshold }}" }
`;

describe("a request task against json-server", () => {
  it("GETs with a query filter, maps the body into a list, and a later PATCH writes from it", async () => {
    const api = await startJsonServer(DB);
    const result = await runDefinition(CHAIN, { endpoints: endpointsOf(api) });
    expect(result.status).toBe("success");
    const [surveys, policy] = result.tasks;
    expect(surveys).toMatchObject({
      status: "success",
      attempts: 1,
      request: { method: "GET", url: api.url("/surveys?region=north"), body: null },
      response: { status: 200 },
      outputs: { surveys: [DB.surveys[0], DB.surveys[2]] },
    });
    // A whole expression keeps its type: the threshold is sent as the number it was.
    expect(policy).toMatchObject({
      status: "success",
      request: { method: "PATCH", url: api.url("/policies/1"), body: { threshold: 0.7 } },
      response: { status: 200 },
      outputs: { id: 1, name: "sampling", threshold: 0.7 },
    });
    // Read back over HTTP, and from the file json-server wrote: the PATCH landed.
    expect(await getJson(api, "/policies/1")).toEqual({ id: 1, name: "sampling", threshold: 0.7 });
    expect((await api.readDb()).policies).toEqual([{ id: 1, name: "sampling", threshold: 0.7 }]);
  });

  it("a filter that matches nothing gives an empty list, and still succeeds", async () => {
    const api = await startJsonServer(DB);
    const result = await runDefinition(CHAIN, { endpoints: endpointsOf(api), params: { region: "west" } });
    expect(result.tasks[0]).toMatchObject({ status: "success", outputs: { surveys: [] } });
    // surveys[1] of an empty list is null: the PATCH sends it as it is, and json-server stores it.
    expect(result.tasks[1]).toMatchObject({ status: "success", request: { body: { threshold: null } } });
    expect(await getJson(api, "/policies/1")).toEqual({ id: 1, name: "sampling", threshold: null });
  });

  it("a POST answered 201 succeeds with the created item as its outputs", async () => {
    const api = await startJsonServer(DB);
    const text = `
id: Create
params: { date: "2024-06-01" }
tasks:
  - name: Collect
    service: Census
    request: { method: GET, path: responses, query: { date: "2024-05-31" } }
  - name: Record
    service: Census
    request:
      path: responses
      body: { date: "\${{ params.date }}", answers: 30, previous: "\${{ tasks.Collect.outputs[0].id }}" }
`;
    const result = await runDefinition(text, { endpoints: endpointsOf(api) });
    expect(result.status).toBe("success");
    expect(result.tasks[0]?.outputs).toEqual([DB.responses[0]]);
    const created = { date: "2024-06-01", answers: 30, previous: 1, id: 2 };
    expect(result.tasks[1]).toMatchObject({
      status: "success",
      attempts: 1,
      request: { method: "POST", url: api.url("/responses") },
      response: { status: 201, body: created },
      outputs: created,
    });
    expect(await getJson(api, "/responses/2")).toEqual(created);
  });

  it("a 404 from the API fails the task with its status, and nothing is written", async () => {
    const api = await startJsonServer(DB);
    const result = await runDefinition(CHAIN, { endpoints: endpointsOf(api), params: { policy: 99 } });
    expect(result.status).toBe("failure");
    expect(result.tasks[1]).toMatchObject({ status: "failure", attempts: 1, response: { status: 404 } });
    expect(result.tasks[1]?.error).toMatch(/^HTTP 404/);
    expect((await api.readDb()).policies).toEqual(DB.policies);
  });
});
