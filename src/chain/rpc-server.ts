import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { ScfError } from "../domain/errors.js";
import type { Eip1193 } from "./connect.js";

interface RpcHandler {
  handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void>;
  handleWs(ws: unknown): Promise<void>;
}

/** A JSON-RPC server over HTTP and WebSocket on a provider of ours (e.g. a journaled chain). */
export interface RpcServer {
  url: string;
  close(): Promise<void>;
  closed: Promise<void>;
}

/**
 * Serves `provider` as a standard Ethereum JSON-RPC endpoint (HTTP and WebSocket, what
 * `hardhat node` answers, with Hardhat's own request handler) on `host:port`. A port in use is
 * a one-line error, not a crash.
 * @example const server = await serveRpc(chain.rpc, "127.0.0.1", 8545); console.log(server.url);
 */
export async function serveRpc(provider: Eip1193, host: string, port: number): Promise<RpcServer> {
  const require = createRequire(import.meta.url);
  const hardhatRoot = dirname(require.resolve("hardhat/package.json"));
  const handlerPath = join(hardhatRoot, "dist/src/internal/builtin-plugins/node/json-rpc/handler.js");
  const { JsonRpcHandler } = (await import(pathToFileURL(handlerPath).href)) as {
    JsonRpcHandler: new (provider: Eip1193) => RpcHandler;
  };
  const { WebSocketServer } = require("ws") as {
    WebSocketServer: new (options: { server: Server }) => {
      on(event: "connection" | "error", listener: (ws: unknown) => void): void;
      close(callback: () => void): void;
    };
  };
  const errorsPath = join(hardhatRoot, "dist/src/internal/builtin-plugins/network-manager/provider-errors.js");
  const { MethodNotFoundError } = (await import(pathToFileURL(errorsPath).href)) as {
    MethodNotFoundError: new (message: string) => Error;
  };
  // Our own refusals (e.g. evm_revert on a chain whose history is kept) reach clients as themselves.
  const answering = new Proxy(provider, {
    get: (target, key, receiver) =>
      key === "request"
        ? (args: Parameters<Eip1193["request"]>[0]) =>
            target.request(args).catch((error: unknown) => {
              throw error instanceof ScfError ? new MethodNotFoundError(error.message) : error;
            })
        : Reflect.get(target, key, receiver),
  });
  const handler = new JsonRpcHandler(answering);
  const http = createServer((req, res) => void handler.handleHttp(req, res));
  const ws = new WebSocketServer({ server: http });
  ws.on("connection", (socket) => void handler.handleWs(socket));
  ws.on("error", () => undefined); // the HTTP server's own listener reports listen errors
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    http.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new ScfError("PORT_IN_USE", `port ${port} on ${host} is in use: choose another with --port`));
      } else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
        reject(new ScfError("BAD_HOST", `cannot listen on ${host}: not an address of this machine`));
      } else reject(new ScfError("LISTEN_FAILED", `cannot listen on ${host}:${port}: ${error.message}`));
    });
    http.listen(port, host, () => resolve(http.address() as AddressInfo));
  });
  const closed = new Promise<void>((resolve) => http.once("close", () => resolve()));
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    closed,
    close: async () => {
      await new Promise<void>((resolve) => ws.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
