/** Every input and output of action.yml, named once. */
export const Input = {
  workflow: "workflow",
  workflowId: "workflow-id",
  endpoints: "endpoints",
  params: "params",
  failOn: "fail-on",
  dryRun: "dry-run",
  summary: "summary",
  resultsFile: "results-file",
  junitFile: "junit-file",
  state: "state",
  stateKey: "state-key",
  resume: "resume",
  resumeRun: "resume-run",
  replay: "replay",
  githubToken: "github-token",
  test: "test",
  failureIssue: "failure-issue",
} as const;

export const Output = {
  status: "status",
  workflowId: "workflow-id",
  workflowIds: "workflow-ids",
  results: "results",
  resultsFile: "results-file",
  failedTasks: "failed-tasks",
  waitingIds: "waiting-ids",
  traceId: "trace-id",
} as const;
