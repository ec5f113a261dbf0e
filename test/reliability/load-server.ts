// The server of the load test, run as a child process (`node --import tsx test/reliability/load-server.ts`)
// so that its memory is measured apart from the load generator. It starts what `scf serve` starts
// (src/cli/serve-command.ts: bootService with the demo story, createApp, listen, a periodic sync) on
// 127.0.0.1 and a free port, with one difference: the per-address request limit is raised
// (`--requests-per-minute`), because all the load comes from one loopback address standing for many
// clients; the per-participant write limit stays at its default unless `--writes-per-minute` is
// given. It prints one JSON line { url, pid, tokens } when it listens, writes each unexpected error the
// service logs to stderr as a line starting with "logged:", and exits on SIGTERM, when its stdin
// closes (the test ended) or after `--max-seconds` whatever happens.
import { parseArgs } from "node:util";
import { createApp } from "../../src/api/app.js";
import { listen } from "../../src/api/server.js";
import { bootService } from "../../src/service/boot.js";

const { values } = parseArgs({
  options: {
    "requests-per-minute": { type: "string", default: "1000000" },
    "writes-per-minute": { type: "string" },
    "max-seconds": { type: "string", default: "300" },
  },
});

const lifetime = setTimeout(() => process.exit(3), Number(values["max-seconds"]) * 1_000);
lifetime.unref();

const service = await bootService({
  log: (message, error) => process.stderr.write(`logged: ${message} ${String(error).split("\n")[0]}\n`),
});
const limits = {
  requestsPerMinute: Number(values["requests-per-minute"]),
  writesPerMinute: values["writes-per-minute"] ? Number(values["writes-per-minute"]) : undefined,
};
const http = await listen(createApp(service, { boundHost: "127.0.0.1", limits }), { port: 0, host: "127.0.0.1" });
service.startSync(1_000);
process.stdout.write(
  `${JSON.stringify({ url: http.url, pid: process.pid, tokens: Object.fromEntries(service.tokens.byParticipant) })}\n`,
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  service.endStreams();
  await http.close(1_000);
  await service.close();
  process.exit(0);
}
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
process.stdin.on("end", () => void stop());
process.stdin.resume();
