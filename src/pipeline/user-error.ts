/**
 * A mistake of the user's (an input, a path, a file that cannot be written), as opposed to a
 * bug: the entry prints its message as it is, without asking for a bug report.
 */
export class UserError extends Error {
  override name = "UserError";
}
