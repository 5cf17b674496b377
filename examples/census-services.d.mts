export function startCensusServices(options?: Record<string, unknown>): Promise<unknown>;
