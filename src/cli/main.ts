import { Command, CommanderError, InvalidArgumentError } from "commander";
import { ScfError } from "../domain/errors.js";
import { fail } from "./run-command.js";
import { nodeCommand } from "./node-command.js";
import { runCommandDefinition } from "./sim-command.js";
import { benchCommand } from "./bench-command.js";
import { lessonCommand } from "./lesson-command.js";
import { keysCommand } from "./keys-command.js";
import { calibrateCommand } from "./calibrate-command.js";
import { serveCommand } from "./serve-command.js";
import { sweepCommand } from "./sweep-command.js";
import { compareCommand } from "./compare-command.js";

const program = new Command()
  .name("scf")
  .description(
    "Supply-chain finance on a consortium chain: vouchers, rural pledges, e-CNY, simulator, service and lessons",
  );

program.addCommand(nodeCommand());
program.addCommand(runCommandDefinition());
program.addCommand(serveCommand());
program.addCommand(lessonCommand());
program.addCommand(benchCommand());
program.addCommand(keysCommand());
program.addCommand(calibrateCommand());
program.addCommand(sweepCommand());
program.addCommand(compareCommand());
oneLineErrors(program, "scf");

/**
 * Commander's own errors (an unknown option, a missing argument) as one line `scf: …`, in every
 * command: a command added with addCommand does not inherit its parent's output settings.
 */
function oneLineErrors(command: Command, path: string): void {
  command
    .configureOutput({
      outputError: (text, write) => write(`${text.split("\n")[0].replace(/^error: /, "scf: ")} (see ${path} --help)\n`),
    })
    .exitOverride();
  for (const sub of command.commands) oneLineErrors(sub, `${path} ${sub.name()}`);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0)
      process.exit(0);
    if (error.code === "commander.help") process.exit(0);
    process.exit(error.exitCode || 2);
  }
  if (error instanceof InvalidArgumentError) fail(new ScfError("INVALID_FLAG", error.message));
  fail(error);
}
