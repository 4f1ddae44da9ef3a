import { connect } from "node:net";

/**
 * Asks the Redis server on 127.0.0.1:port for its process id (INFO server). Undefined when nothing
 * answers within `timeoutMs`, or the server is still loading its data.
 */
export function redisProcessId(port: number, timeoutMs = 500): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    const done = (pid: number | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(pid);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.once("connect", () => socket.write("INFO server\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (reply.startsWith("-")) return done(undefined);
      const match = /process_id:(\d+)\r\n/.exec(reply);
      if (match) done(Number(match[1]));
    });
    socket.once("error", () => done(undefined));
    socket.once("close", () => done(undefined));
  });
}

/** True when a Redis server answers on 127.0.0.1:port within `timeoutMs`. */
export async function pingRedis(port: number, timeoutMs = 500): Promise<boolean> {
  return (await redisProcessId(port, timeoutMs)) !== undefined;
}
