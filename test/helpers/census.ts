// Typed access to the example services for tests.
import { startCensusServices as start } from "../../examples/census-services.mjs";

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
  gate?: "approve" | "reject" | "auto";
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
