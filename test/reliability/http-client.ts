import { Agent, request } from "node:http";

/** One answer of the API: status and parsed JSON body (undefined when the body is not JSON). */
export interface HttpAnswer {
  status: number;
  body: any;
}

/** A client of a listening `scf serve`, with its own keep-alive connection (one client, one socket). */
export interface HttpClient {
  get(path: string): Promise<HttpAnswer>;
  /** A POST as the participant whose API token is given (JSON body). */
  post(token: string, path: string, body?: unknown): Promise<HttpAnswer>;
  close(): void;
}

/**
 * A client of `baseUrl` (loopback only: anything else throws) that sends its requests over one
 * keep-alive connection of its own, as a separate program would.
 * @example const c = httpClient("http://127.0.0.1:3000"); const { status } = await c.get("/api/health");
 */
export function httpClient(baseUrl: string): HttpClient {
  const url = new URL(baseUrl);
  if (url.hostname !== "127.0.0.1")
    throw new Error(`load and concurrency tests talk to 127.0.0.1 only, not ${url.host}`);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: "GET" | "POST", path: string, token?: string, body?: unknown) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        {
          host: "127.0.0.1",
          port: Number(url.port),
          method,
          path,
          agent,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(payload ? { "content-type": "application/json", "content-length": payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
      req.on("error", reject);
      req.end(payload);
    });
  return {
    get: (path) => send("GET", path),
    post: (token, path, body) => send("POST", path, token, body),
    close: () => agent.destroy(),
  };
}

/** A small seeded random generator (mulberry32): the same figures on every run. */
export { seeded as seededRandom } from "../durable/processes.js";
