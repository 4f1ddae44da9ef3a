import { isAbsolute, join } from "node:path";

/** A path the user gave (a flag, a variable): as it is when absolute, else from the working directory. */
export const resolvePath = (cwd: string, file: string): string => (isAbsolute(file) ? file : join(cwd, file));
