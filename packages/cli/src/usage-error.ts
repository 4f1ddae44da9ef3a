/**
 * Bad input on the command line or in the configuration (exit 2). The message is one line that names
 * the flag or variable and the fix.
 */
export class UsageError extends Error {
  readonly flag: string | undefined;
  constructor(message: string, flag?: string) {
    super(message);
    this.name = "UsageError";
    this.flag = flag;
  }
}
