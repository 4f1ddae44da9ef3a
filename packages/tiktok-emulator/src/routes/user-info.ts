import { USER_INFO_FIELDS } from "../fields.js";
import { renderUserInfo } from "../render/user.js";
import { type Route, usernameParam } from "./route.js";
import { requireUser } from "./users.js";

/** `POST /v2/research/user/info/`: the profile object sits directly in `data`. */
export const userInfoRoute: Route = {
  name: "user/info",
  pool: "research",
  fields: { allowed: USER_INFO_FIELDS, required: true },
  handle(ctx) {
    const user = requireUser(ctx.corpus, usernameParam(ctx.body.username));
    return { data: renderUserInfo(ctx.fields, user), records: 1 };
  },
};
