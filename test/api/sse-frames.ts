import type { IncomingMessage } from "node:http";

/** Calls `onFrame` with each server-sent-event frame (the text between blank lines) of a response. */
export function onSseFrames(res: IncomingMessage, onFrame: (frame: string) => void): void {
  let buffer = "";
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      onFrame(frame);
    }
  });
}
