import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fail, outputFolder, stateFolder } from "../../src/cli/run-command.js";
import { RunCheckpoint } from "../../src/sim/checkpoint.js";
import { loadScenario } from "../../src/sim/scenario/load.js";

/** Regressions found by test/cli/bad-input.test.ts, checked in process. */

/** What `fail(error)` prints (it exits: the exit is caught here). */
function failLine(error: unknown): { line: string; code: number | undefined } {
  let code: number | undefined;
  const lines: string[] = [];
  const exit = vi.spyOn(process, "exit").mockImplementation(((c?: number) => {
    code = c;
    throw new Error("exited");
  }) as never);
  const print = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  try {
    fail(error);
  } catch {
    // the mocked exit
  } finally {
    exit.mockRestore();
    print.mockRestore();
  }
  return { line: lines.join("\n"), code };
}

describe("the CLI's one-line errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "scf-run-command-"));
  const file = join(dir, "a-file.txt");
  writeFileSync(file, "not a folder");
  afterEach(() => vi.restoreAllMocks());

  it("names a path that cannot be used instead of calling it unexpected (EEXIST on --out, --state, --manifest)", () => {
    const errorOf = (make: () => void) => {
      try {
        make();
      } catch (e) {
        return e;
      }
    };
    const { line, code } = failLine(errorOf(() => mkdirSync(file, { recursive: true })));
    expect(line).toBe(`scf: ${file}: a file is in the way of a folder`);
    expect(code).toBe(1);
    expect(failLine(errorOf(() => mkdirSync(join(file, "sub"), { recursive: true }))).line).toBe(
      `scf: ${join(file, "sub")}: a part of the path is a file, not a folder (mkdir)`,
    );
    expect(failLine(new TypeError("x is undefined")).line).toBe(
      "scf: x is undefined (unexpected; run with SCF_DEBUG=1 for details)",
    );
  });

  it("refuses --out that is a file before the run, not after it", () => {
    expect(() => outputFolder("--out", file)).toThrow(`--out ${file}: a file, not a folder`);
    expect(outputFolder("--out", join(dir, "new-folder"))).toBe(join(dir, "new-folder"));
  });

  it("refuses --state that is a file (it was EEXIST, unexpected) or a checkpoint of scf run (it was adopted)", () => {
    expect(() => stateFolder(file, "node")).toThrow(`--state ${file}: a file, not a folder`);
    const checkpoint = join(dir, "checkpoint");
    mkdirSync(checkpoint);
    writeFileSync(join(checkpoint, "checkpoint.json"), "{}");
    expect(() => stateFolder(checkpoint, "serve")).toThrow(
      `${checkpoint} holds a checkpoint of \`scf run\`, not the state of \`scf serve\``,
    );
    expect(stateFolder(join(dir, "fresh"), "node")).toBe(join(dir, "fresh"));
  });

  it("refuses scf run --checkpoint in the state folder of scf node or scf serve (it wrote its checkpoint there)", async () => {
    const state = join(dir, "node-state");
    mkdirSync(state);
    writeFileSync(join(state, "state.json"), JSON.stringify({ version: 1, command: "node" }));
    const scenario = await loadScenario("scenarios/classroom.yaml");
    expect(() => RunCheckpoint.start(state, scenario, 1, { scenario: "classroom" })).toThrow(
      `${state} holds the state of \`scf node\` or \`scf serve\`, not a checkpoint`,
    );
  });
});
