import { describe, expect, it } from "vitest";
import { declaredCrons, type Selected, selectWorkflows } from "../../src/triggers/select.js";
import { planOf } from "./plans.js";

const daily = planOf("Daily", '{ schedule: [{ cron: "0 6 * * *" }], dispatch: { inputs: { date: {} } } }');
const twice = planOf("Twice", '{ schedule: [{ cron: "0  6 * * *" }, { cron: "0 18 * * *" }] }');
const weekly = planOf(
  "Weekly",
  '{ schedule: [{ cron: "0 7 * * 1" }], repository_dispatch: { types: [census-update] } }',
);
const anyType = planOf("AnyType", "{ repository_dispatch: }");
const quiet = planOf("Quiet");
const folder = [daily, twice, weekly, anyType, quiet];

const ids = (selected: Selected) =>
  selected.ok ? selected.selections.map((s) => s.plan.id) : selected.error;
const errorOf = (selected: Selected) => (selected.ok ? `selected ${ids(selected)}` : selected.error);
const event = (name: string, payload: Record<string, unknown> = {}) => ({ name, payload });

describe("selectWorkflows, rule 1: the workflow-id input", () => {
  it("names the definition on any event, ahead of every other rule", () => {
    expect(ids(selectWorkflows(folder, false, event("push"), "Weekly"))).toEqual(["Weekly"]);
    expect(
      ids(selectWorkflows(folder, false, event("schedule", { schedule: "0 6 * * *" }), "Quiet")),
    ).toEqual(["Quiet"]);
    const dispatched = event("workflow_dispatch", { inputs: { workflow: "Daily" } });
    expect(ids(selectWorkflows(folder, false, dispatched, "Weekly"))).toEqual(["Weekly"]);
  });

  it("keeps the event's params for the matrix job it runs in", () => {
    const dispatched = event("workflow_dispatch", { inputs: { workflow: "Daily", date: "2024-06-01" } });
    const selected = selectWorkflows(folder, false, dispatched, "Daily");
    expect(selected.ok && selected.selections[0]?.eventParams).toEqual({ date: "2024-06-01" });
  });

  it("fails naming the id it did not find and the ids there are", () => {
    expect(errorOf(selectWorkflows(folder, false, event("push"), "Nope"))).toBe(
      'the workflow-id input names "Nope", which no definition has as its id (ids: Daily, Twice, Weekly, AnyType, Quiet)',
    );
  });

  it("checks the id of a single file too", () => {
    expect(errorOf(selectWorkflows([quiet], true, event("push"), "Daily"))).toContain('names "Daily"');
  });
});

describe("selectWorkflows, rule 2: a single file", () => {
  it("runs on any event, whatever its on:", () => {
    for (const e of [
      event("schedule", { schedule: "1 2 3 4 5" }),
      event("repository_dispatch", { action: "x" }),
      event("push"),
    ]) {
      expect(ids(selectWorkflows([daily], true, e))).toEqual(["Daily"]);
    }
  });
});

describe("selectWorkflows, rule 3: schedule", () => {
  it("runs every definition declaring the cron, whitespace collapsed on both sides", () => {
    expect(ids(selectWorkflows(folder, false, event("schedule", { schedule: " 0 6  *\t* * " })))).toEqual([
      "Daily",
      "Twice",
    ]);
    expect(ids(selectWorkflows(folder, false, event("schedule", { schedule: "0 18 * * *" })))).toEqual([
      "Twice",
    ]);
  });

  it("fails on a cron no definition declares, listing the declared crons once each", () => {
    expect(errorOf(selectWorkflows(folder, false, event("schedule", { schedule: "5 5 * * *" })))).toBe(
      'no definition declares the cron "5 5 * * *" that fired; on.schedule declares "0 6 * * *", "0 18 * * *", "0 7 * * 1" ' +
        "(ids: Daily, Twice, Weekly, AnyType, Quiet)",
    );
  });

  it("does not fall back to the only definition when its crons do not match", () => {
    expect(errorOf(selectWorkflows([weekly], false, event("schedule", { schedule: "0 6 * * *" })))).toContain(
      'on.schedule declares "0 7 * * 1"',
    );
  });

  it("fails when some definitions declare crons and others none, not running those without", () => {
    const fired = event("schedule", { schedule: "5 5 * * *" });
    expect(errorOf(selectWorkflows([quiet, weekly], false, fired))).toContain(
      "no definition declares the cron",
    );
  });

  it("falls through to the later rules when no definition declares a cron", () => {
    const fired = event("schedule", { schedule: "0 6 * * *" });
    const selected = selectWorkflows([quiet], false, fired);
    expect(ids(selected)).toEqual(["Quiet"]);
    expect(selected.ok && selected.selections[0]?.reason).toBe("the only workflow in the folder");
    expect(ids(selectWorkflows([planOf("Empty", "{ schedule: [] }")], false, fired))).toEqual(["Empty"]);
    expect(errorOf(selectWorkflows([quiet, anyType], false, fired))).toBe(
      'cannot tell which workflow to run on "schedule": no definition declares on.schedule; declare the cron in one, ' +
        "or set the workflow-id input to one id (ids: Quiet, AnyType)",
    );
  });
});

describe("selectWorkflows, rule 4: repository_dispatch", () => {
  it("runs the definitions whose types hold the action, and those declaring no types", () => {
    const update = event("repository_dispatch", { action: "census-update", client_payload: { date: "d" } });
    expect(ids(selectWorkflows(folder, false, update))).toEqual(["Weekly", "AnyType"]);
    expect(ids(selectWorkflows(folder, false, event("repository_dispatch", { action: "other" })))).toEqual([
      "AnyType",
    ]);
  });

  it("passes the client_payload on as event params", () => {
    const update = event("repository_dispatch", {
      action: "census-update",
      client_payload: { date: "d", n: 2 },
    });
    const selected = selectWorkflows(folder, false, update);
    expect(selected.ok && selected.selections.map((s) => s.eventParams)).toEqual([
      { date: "d", n: 2 },
      { date: "d", n: 2 },
    ]);
  });

  it("ignores a client_payload that is not an object", () => {
    const update = event("repository_dispatch", { action: "census-update", client_payload: [1, 2] });
    const selected = selectWorkflows([weekly], false, update);
    expect(selected.ok && selected.selections[0]?.eventParams).toEqual({});
  });

  it("fails when no definition takes the type, listing the declared types", () => {
    const other = event("repository_dispatch", { action: "other" });
    expect(errorOf(selectWorkflows([daily, weekly], false, other))).toBe(
      'no definition takes the repository_dispatch type "other"; on.repository_dispatch.types declares "census-update" ' +
        "(ids: Daily, Weekly)",
    );
    expect(errorOf(selectWorkflows([quiet], false, other))).toContain("declares no type");
  });
});

describe("selectWorkflows, rule 5: workflow_dispatch", () => {
  it("runs the definition the input workflow names, with the other inputs as params", () => {
    const dispatched = event("workflow_dispatch", {
      inputs: { workflow: "Daily", date: "2024-06-01", params: "" },
    });
    const selected = selectWorkflows(folder, false, dispatched);
    expect(ids(selected)).toEqual(["Daily"]);
    // `workflow` picks and `params` feeds the action's params input: neither is a workflow param.
    expect(selected.ok && selected.selections[0]?.eventParams).toEqual({ date: "2024-06-01" });
  });

  it("fails when the input names no definition", () => {
    const dispatched = event("workflow_dispatch", { inputs: { workflow: "Nope" } });
    expect(errorOf(selectWorkflows(folder, false, dispatched))).toContain(
      'the workflow_dispatch input workflow names "Nope", which no definition has as its id',
    );
  });

  it("falls through to rule 6 when the input is empty or absent", () => {
    const empty = event("workflow_dispatch", { inputs: { workflow: "" } });
    expect(ids(selectWorkflows([quiet], false, empty))).toEqual(["Quiet"]);
    expect(errorOf(selectWorkflows(folder, false, event("workflow_dispatch")))).toBe(
      'cannot tell which workflow to run on "workflow_dispatch": dispatch it with the input workflow set to one id, ' +
        "or set workflow-id (ids: Daily, Twice, Weekly, AnyType, Quiet)",
    );
  });
});

describe("selectWorkflows, rule 6: otherwise", () => {
  it("runs the only definition of a folder", () => {
    expect(ids(selectWorkflows([weekly], false, event("push")))).toEqual(["Weekly"]);
  });

  it("fails for a folder of several, listing the ids and how to choose", () => {
    expect(errorOf(selectWorkflows(folder, false, event("push")))).toBe(
      'cannot tell which workflow to run on "push": set the workflow-id input to one id (ids: Daily, Twice, Weekly, AnyType, Quiet)',
    );
    expect(errorOf(selectWorkflows(folder, false, event("cli")))).toContain("name one with --workflow-id");
  });

  it("carries no params for events that have none", () => {
    const selected = selectWorkflows(
      [weekly],
      false,
      event("push", { inputs: { a: 1 }, client_payload: { b: 2 } }),
    );
    expect(selected.ok && selected.selections[0]?.eventParams).toEqual({});
  });
});

describe("declaredCrons", () => {
  it("lists each cron once, whitespace collapsed, in definition order", () => {
    expect(declaredCrons(folder)).toEqual(["0 6 * * *", "0 18 * * *", "0 7 * * 1"]);
  });
});
