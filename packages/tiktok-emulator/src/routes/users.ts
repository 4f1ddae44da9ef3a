import type { Corpus } from "../corpus/corpus.js";
import type { CorpusUser } from "../corpus/types.js";
import { invalidParams } from "../http/api-error.js";

/** The account behind `username`, or the API's 400 for unknown and private accounts. */
export function requireUser(corpus: Corpus, username: string): CorpusUser {
  const user = corpus.user(username);
  if (!user) throw invalidParams(`User ${username} is invalid: cannot find the user`);
  if (user.isPrivate)
    throw invalidParams(`API cannot return this user's information: ${username} is private`);
  return user;
}
