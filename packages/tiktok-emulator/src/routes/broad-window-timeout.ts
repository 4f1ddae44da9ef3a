/** Thrown by a route when the broad-window model times a query out: the endpoint answers the gateway's 504 after `delayMs`. */
export class BroadWindowTimeout extends Error {
  constructor(readonly delayMs: number) {
    super("gateway timeout (broad window)");
  }
}
