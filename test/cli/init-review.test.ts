import { readFile, stat } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { actionlint, init, OUT, repo } from "./init-repo.js";

const STATE_KEY = "${{ secrets.MGMT_STATE_KEY }}";
const RUN_GROUP = "mgmt-${{ github.event.schedule || inputs.workflow || github.event.action || github.ref }}";

/** A one-task definition with a gate, its `review:` mapping and `on:` as given (YAML flow text). */
function gated(id: string, { review = "", on = "{ dispatch: }", headers = "{}" } = {}): string {
  return [
    `id: ${id}`,
    `on: ${on}`,
    ...(review ? [`review: ${review}`] : []),
    `endpoints: { Gate: { url: http://x/gate, headers: ${headers} } }`,
    "tasks: [{ name: Check, layer: Gate, action: enforce }]",
  ].join("\n");
}

describe("mgmt init, definitions with a gate", () => {
  it("writes a review job beside the run job, linting clean", async () => {
    await repo();
    const ran = await init();
    expect(ran).toMatchObject({ code: 0, err: "" });
    expect(ran.out).toContain(
      `wrote ${OUT} for 3 workflow(s), a run job and a review job (environment mgmt-review):`,
    );
    expect(ran.out).toContain(
      "workflow_dispatch inputs: workflow, date, threshold, region, strict, resume-run",
    );
    const lint = await actionlint(OUT);
    expect(lint.stdout).toContain("Checking 1 workflow file(s)");
    expect(lint.code).toBe(0);

    const doc = parse(await readFile(OUT, "utf8"));
    expect(doc.on.workflow_dispatch.inputs["resume-run"]).toEqual({
      description: "The id of a parked run to resume",
      type: "string",
      required: false,
    });
    // Concurrency is the run job's alone: a run that waits for days holds back no schedule.
    expect(doc).not.toHaveProperty("concurrency");
    expect(doc.permissions).toEqual({ contents: "read", issues: "write" });
    expect(Object.keys(doc.jobs)).toEqual(["run", "review"]);
    expect(doc.jobs.run).toEqual({
      if: "inputs.resume-run == ''",
      "runs-on": "ubuntu-latest",
      concurrency: { group: RUN_GROUP, "cancel-in-progress": false },
      outputs: { "waiting-ids": "${{ steps.mgmt.outputs.waiting-ids }}" },
      steps: [
        { uses: "actions/checkout@v6" },
        {
          id: "mgmt",
          uses: "hms/mgmt-action@v1",
          with: { workflow: "workflows", "state-key": STATE_KEY, "failure-issue": true },
        },
      ],
    });
    expect(doc.jobs.review).toEqual({
      needs: "run",
      if: "${{ !cancelled() && (needs.run.outputs.waiting-ids != '[]' || inputs.resume-run != '') }}",
      "runs-on": "ubuntu-latest",
      environment: "mgmt-review",
      permissions: { contents: "read", issues: "write", actions: "read" },
      steps: [
        { uses: "actions/checkout@v6" },
        {
          uses: "hms/mgmt-action@v1",
          with: {
            workflow: "workflows",
            "state-key": STATE_KEY,
            resume: true,
            "resume-run": "${{ inputs.resume-run }}",
            "failure-issue": true,
          },
        },
      ],
    });
  });

  it("prints the one-time setting: the state key, the environment with required reviewers, the plan it needs", async () => {
    await repo();
    const { out } = await init();
    const setup = out.slice(out.indexOf("A gate in"));
    expect(setup).toBe(
      [
        "A gate in DailyCensus, WeeklyPolicyReview may ask for a person's review; the review job resumes a run that waits. Once per repository:",
        "  1. A key for the saved state: `openssl rand -base64 32`, saved as the repository secret MGMT_STATE_KEY",
        "     (Settings → Secrets and variables → Actions), or: openssl rand -base64 32 | gh secret set MGMT_STATE_KEY",
        "  2. The environment mgmt-review with required reviewers (Settings → Environments): a reviewer",
        "     approves its deployment to resume the run. Required reviewers need a public repository, or",
        "     GitHub Enterprise for a private one.",
        "A run that waited again is resumed by Run workflow with resume-run set to its run id.",
      ].join("\n"),
    );
  });

  it("says in the file why the jobs are as they are", async () => {
    await repo();
    await init();
    const text = await readFile(OUT, "utf8");
    expect(text).toContain(
      "    # On the run job, not the workflow: a run that waits for a review holds back no later one.\n",
    );
    expect(text).toContain(
      "    # A dispatch with resume-run starts no run: the review job resumes the parked one.\n    if:",
    );
    expect(text).toContain("  # This job resumes it once a reviewer approves its mgmt-review deployment");
    expect(text).toContain(
      "      # `resume-run` resumes a run that waits for a review (its run id), once approved.\n",
    );
  });

  it("waits on the environment the definitions' review.environment names, and notes secrets in both jobs", async () => {
    await repo({
      "gates/a.yml": gated("A", {
        review: "{ environment: prod-approval }",
        headers: "{ Authorization: 'Bearer ${{ env.GATE_TOKEN }}' }",
      }),
      "gates/b.yml": gated("B", { review: "{ environment: prod-approval }" }),
      "gates/plain.yml":
        "id: Plain\nendpoints: { S: { url: http://x } }\ntasks: [{ name: T, service: S, action: a }]\n",
    });
    const ran = await init("gates");
    expect(ran.code).toBe(0);
    expect(ran.out).toContain("a run job and a review job (environment prod-approval)");
    expect(ran.out).toContain("A gate in A, B may ask for a person's review");
    expect(ran.out).toContain("  2. The environment prod-approval with required reviewers");
    expect((await actionlint(OUT)).code).toBe(0);
    const text = await readFile(OUT, "utf8");
    expect(parse(text).jobs.review.environment).toBe("prod-approval");
    expect(text.match(/# {5}GATE_TOKEN: \$\{\{ secrets\.GATE_TOKEN \}\}/g)).toHaveLength(2);
  });

  it("past the inputs GitHub takes with workflow and resume-run, params carries them to both jobs", async () => {
    const inputs = Array.from({ length: 9 }, (_, i) => `in${i}: {}`).join(", ");
    await repo({ "many/a.yml": gated("A", { on: `{ dispatch: { inputs: { ${inputs} } } }` }) });
    const ran = await init("many");
    expect(ran.out).toContain(
      "workflow_dispatch inputs: workflow, params, resume-run (over 10 declared: params takes them as JSON)",
    );
    expect((await actionlint(OUT)).code).toBe(0);
    const text = await readFile(OUT, "utf8");
    expect(text).toContain("GitHub takes 10 with `workflow` and `resume-run`,");
    const { jobs } = parse(text);
    expect(jobs.run.steps[1].with.params).toBe("${{ inputs.params }}");
    expect(jobs.review.steps[1].with).toMatchObject({ params: "${{ inputs.params }}", resume: true });
  });
});

describe("mgmt init refuses, for definitions with a gate", () => {
  it("the matrix shape, saying to use the one-job shape, writing nothing", async () => {
    await repo();
    const ran = await init("--matrix");
    expect(ran).toEqual({
      code: 2,
      out: "",
      err:
        "mgmt: DailyCensus, WeeklyPolicyReview: a gate (a layer: task) may wait for a person's review, which the " +
        "--matrix shape cannot resume; use the one-job shape: mgmt init without --matrix; nothing was written",
    });
    await expect(stat(OUT)).rejects.toThrow();
  });

  it("gates that wait on different environments, naming each, writing nothing", async () => {
    await repo({
      "gates/a.yml": gated("A", { review: "{ environment: prod-approval }" }),
      "gates/b.yml": gated("B"),
      "gates/c.yml": gated("C"),
    });
    const ran = await init("gates");
    expect(ran.code).toBe(2);
    expect(ran.err).toBe(
      "mgmt: the gated definitions name different review environments: prod-approval (A), mgmt-review (B, C); " +
        "one review job waits on one: give them the same review.environment, or run mgmt init on separate folders; " +
        "nothing was written",
    );
    await expect(stat(OUT)).rejects.toThrow();
  });

  it("a dispatch input named resume-run: it is the action's own", async () => {
    await repo({ "gates/a.yml": gated("A", { on: "{ dispatch: { inputs: { resume-run: {} } } }" }) });
    const ran = await init("gates");
    expect(ran.code).toBe(2);
    expect(ran.err).toContain(
      'error: on.dispatch.inputs.resume-run: "resume-run" is the action\'s own dispatch input: rename it',
    );
  });
});

describe("mgmt init, definitions without a gate", () => {
  const definition = [
    "id: Nightly",
    "on:",
    '  schedule: [{ cron: "0 2 * * *" }]',
    "  dispatch:",
    "    inputs:",
    "      day: { type: string, description: The day }",
    "endpoints: { S: { url: http://x, headers: { Authorization: 'Bearer ${{ env.S_TOKEN }}' } } }",
    "tasks: [{ name: T, service: S, action: a }]",
  ].join("\n");

  const head = [
    "# Written by `mgmt init` from small/ (Nightly).",
    "# Run it again after changing a definition's `on:`; `mgmt validate` warns when the crons drift apart.",
    "",
    "name: mgmt",
    "on:",
    "  schedule:",
    '    - cron: "0 2 * * *"',
    "  workflow_dispatch:",
    "    inputs:",
    "      # `workflow` picks the definition; the others are the union of their on.dispatch.inputs.",
    "      workflow:",
    "        description: The workflow to run",
    "        type: choice",
    "        required: true",
    "        options:",
    "          - Nightly",
    "      day:",
    "        description: The day (for Nightly)",
    "        type: string",
    "        required: false",
    "# Runs of one cron, dispatch choice or dispatch type never overlap: a new one waits for the running one",
    "# (GitHub keeps one waiting run per group; a newer one replaces it).",
    "concurrency:",
    "  group: mgmt-${{ github.event.schedule || inputs.workflow || github.event.action || github.ref }}",
    "  cancel-in-progress: false",
    "# issues: write: a scheduled run that fails opens an issue labelled mgmt-failure (or comments on it),",
    "# and the next run that does not fail closes it (the action's failure-issue input).",
    "permissions:",
    "  contents: read",
    "  issues: write",
    "jobs:",
  ];
  const secrets = [
    "      # The definitions read these from env: map each from a secret in this step, e.g.",
    "      #   env:",
    "      #     S_TOKEN: ${{ secrets.S_TOKEN }}",
  ];

  it("writes the one job as before: no review job, no state key, no resume-run", async () => {
    await repo({ "small/a.yml": definition });
    const ran = await init("small");
    expect(ran.out).not.toContain("MGMT_STATE_KEY");
    expect(ran.out).toContain(`wrote ${OUT} for 1 workflow(s), one job:`);
    expect(await readFile(OUT, "utf8")).toBe(
      [
        ...head,
        "  run:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v6",
        ...secrets,
        "      - uses: hms/mgmt-action@v1",
        "        with:",
        "          workflow: small",
        "          failure-issue: true",
        "",
      ].join("\n"),
    );
  });

  it("writes the matrix shape as before", async () => {
    await repo({ "small/a.yml": definition });
    expect((await init("small", "--matrix")).code).toBe(0);
    expect(await readFile(OUT, "utf8")).toBe(
      [
        ...head.map((line) => line.replace("`mgmt init`", "`mgmt init --matrix`")),
        "  plan:",
        "    runs-on: ubuntu-latest",
        "    outputs:",
        "      workflow-ids: ${{ steps.plan.outputs.workflow-ids }}",
        "    steps:",
        "      - uses: actions/checkout@v6",
        ...secrets,
        "      - id: plan",
        "        uses: hms/mgmt-action@v1",
        "        with:",
        "          workflow: small",
        "          dry-run: true",
        "  run:",
        "    needs: plan",
        "    if: needs.plan.outputs.workflow-ids != '[]'",
        "    runs-on: ubuntu-latest",
        "    strategy:",
        "      matrix:",
        "        workflow: ${{ fromJSON(needs.plan.outputs.workflow-ids) }}",
        "      fail-fast: false",
        "    concurrency:",
        "      group: mgmt-run-${{ matrix.workflow }}",
        "      cancel-in-progress: false",
        "    steps:",
        "      - uses: actions/checkout@v6",
        ...secrets,
        "      - uses: hms/mgmt-action@v1",
        "        with:",
        "          workflow: small",
        "          workflow-id: ${{ matrix.workflow }}",
        "          failure-issue: true",
        "",
      ].join("\n"),
    );
  });
});
