import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

/** anvil (Foundry's node) from the npm package `@foundry-rs/anvil`, a devDependency. */
const require = createRequire(import.meta.url);

export function anvilBinary(): string | undefined {
  try {
    const path = join(dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")), "bin", "anvil");
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
export const ANVIL = anvilBinary();

/** A free TCP port on the loopback interface (bound once by the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Node {
  url: string;
  process: ChildProcess;
}

/** Starts anvil on a free loopback port and waits (at most 15 s) until it answers. */
export async function startAnvil(args: string[] = []): Promise<Node> {
  const port = await freePort();
  if (!ANVIL) throw new Error("anvil is missing: npm ci installs it (@foundry-rs/anvil, a devDependency)");
  const child = spawn(ANVIL, ["--host", "127.0.0.1", "--port", String(port), "--silent", ...args], {
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return { url, process: child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error(`anvil did not start on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function stopAnvil(node: Node | undefined): void {
  if (node && node.process.exitCode === null) node.process.kill();
}
