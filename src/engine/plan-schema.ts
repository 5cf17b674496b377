import { z } from "zod";

// The parts of a definition that a plan carries as written: the engine types params by the
// dispatch inputs, and selection reads the triggers.

/** A declared input of `on.dispatch.inputs`: how a param of that name is typed before a run. */
export const DispatchInput = z.strictObject({
  type: z.enum(["string", "number", "boolean", "choice"]).optional(),
  description: z.string().optional(),
  required: z.boolean().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  options: z.array(z.string()).optional(),
});
export type DispatchInputSpec = z.infer<typeof DispatchInput>;

export const Triggers = z.strictObject({
  schedule: z.array(z.strictObject({ cron: z.string() })).optional(),
  dispatch: z
    .strictObject({ inputs: z.record(z.string(), DispatchInput).optional() })
    .nullable()
    .optional(),
  repository_dispatch: z
    .strictObject({ types: z.array(z.string()).optional() })
    .nullable()
    .optional(),
});

export type TriggersSpec = z.infer<typeof Triggers>;
