import { type ChildProcess, spawn } from "node:child_process";
import { connect, type Socket } from "node:net";

/**
 * A loopback port where connecting never completes: a child process listens with a backlog of 1 and
 * then blocks its event loop, so it never accepts; a few connections fill the accept queue, after
 * which the kernel drops further SYNs and a client's connect hangs until its own timeout.
 */
export interface BlackHole {
  port: number;
  url: string;
  close(): Promise<void>;
}

const LISTENER = `
const server = require("node:net").createServer();
server.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
  process.stdout.write(server.address().port + "\\n", () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
  });
});`;

export async function startBlackHole(): Promise<BlackHole> {
  const child: ChildProcess = spawn(process.execPath, ["-e", LISTENER], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.stdout!.once("data", (chunk: Buffer) => resolve(Number(String(chunk).trim())));
  });
  // Fill the accept queue: these handshakes complete in the kernel and are never accepted.
  const fillers: Socket[] = [];
  for (let i = 0; i < 4; i++) {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.on("error", () => {});
    fillers.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      child.kill("SIGKILL");
      await new Promise((resolve) =>
        child.exitCode === null ? child.once("exit", resolve) : resolve(undefined),
      );
    },
  };
}
