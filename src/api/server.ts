import type { Express } from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ScfError } from "../domain/errors.js";

/** A listening HTTP server and how to stop it. */
export interface Listening {
  server: Server;
  url: string;
  /** Stops accepting connections, ends idle ones, and after `graceMs` any still open. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the app on a port (0 for any free port). A port in use is a one-line error.
 * @example const { url, close } = await listen(createApp(service), { port: 3000, host: "127.0.0.1" });
 */
export function listen(app: Express, options: { port: number; host: string }): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host);
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new ScfError("PORT_IN_USE", `port ${options.port} is in use: choose another with --port`));
      } else if (error.code === "EACCES") {
        reject(new ScfError("PORT_DENIED", `port ${options.port} needs privileges: choose another with --port`));
      } else reject(error);
    });
    server.once("listening", () => {
      const address = server.address() as AddressInfo;
      const host = options.host.includes(":") ? `[${options.host}]` : options.host;
      resolve({
        server,
        url: `http://${host}:${address.port}`,
        close: (graceMs = 3_000) =>
          new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
