export function runnerEnv(step: {
  workspace: string;
  runnerTemp: string;
  eventName: string;
  eventPath: string;
  summaryPath: string;
  outputPath: string;
  inputs?: Record<string, string>;
}): Record<string, string>;
