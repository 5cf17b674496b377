// Typed access to the example services for tests, and the reference workflow they serve.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach } from "vitest";
import { startCensusServices as start } from "../../examples/census-services.mjs";

export const CENSUS_FILE = path.resolve(import.meta.dirname, "../../workflows/census_workflow.json");
export const CENSUS = readFileSync(CENSUS_FILE, "utf8");

export interface RecordedCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: { params: Record<string, unknown>; input: unknown; task: string; [key: string]: unknown };
  text: string;
  at: number;
}

export interface CensusServices {
  url: string;
  calls: RecordedCall[];
  endpoints: Record<string, { url: string }>;
  close(): Promise<void>;
}

export function startCensusServices(options?: {
  gate?: "approve" | "reject" | "auto" | "review";
  fail?: Record<string, number>;
}): Promise<CensusServices> {
  return start(options) as Promise<CensusServices>;
}

/** The endpoints file for a running set of services. */
export function endpointsYaml(services: CensusServices): string {
  return `endpoints:\n${Object.entries(services.endpoints)
    .map(([name, e]) => `  ${name}: { url: "${e.url}" }`)
    .join("\n")}\n`;
}

/**
 * Services for one test at a time: `start()` them in a test, and they are closed after it.
 */
export function censusServicesPerTest() {
  let services: CensusServices | undefined;
  afterEach(async () => {
    await services?.close();
    services = undefined;
  });
  return {
    start: async (options?: Parameters<typeof startCensusServices>[0]) => {
      services = await startCensusServices(options);
      return services;
    },
  };
}
