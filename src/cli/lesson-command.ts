import { Command } from "commander";
import { connectRpc } from "../chain/connect.js";
import { compileWithProgress } from "./compile.js";
import { ScfError } from "../domain/errors.js";
import {
  findLesson,
  lessonJson,
  listLessons,
  renderIntro,
  renderStep,
  runLesson,
  type Lang,
} from "../lessons/index.js";
import { runCommand } from "./run-command.js";

function langFlag(value: string): Lang {
  if (value !== "en" && value !== "zh") throw new ScfError("INVALID_FLAG", `--lang must be en or zh, got "${value}"`);
  return value;
}

/**
 * `scf lesson [name] [--lang en|zh] [--json] [--rpc-url URL]`: without a name lists the lessons; with
 * one, runs it on a fresh consortium (in process, or deployed on the node at URL) and prints each
 * step as it happens (or the whole run as JSON).
 * @example scf lesson finance-at-a-bank --lang zh
 */
export function lessonCommand(): Command {
  return new Command("lesson")
    .description("classroom mode: list the lessons, or run one step by step on the real contracts")
    .argument("[name]", "lesson to run (without it: the list of lessons)")
    .option("--lang <lang>", "language of the explanations: en or zh", langFlag, "en" as Lang)
    .option("--json", "print the lesson (or the list) as JSON instead of text")
    .option("--rpc-url <url>", "run the lesson on this JSON-RPC node (a fresh deployment) instead of in process")
    .action(
      runCommand(async (name: string | undefined, opts: { lang: Lang; json?: boolean; rpcUrl?: string }) => {
        const lang = opts.lang;
        if (name === undefined) {
          const lessons = listLessons();
          if (opts.json) {
            process.stdout.write(lessonJson(lessons));
            return;
          }
          const width = Math.max(...lessons.map((l) => l.name.length));
          for (const l of lessons) {
            process.stdout.write(
              `${l.name.padEnd(width)}  ${l.title[lang]}\n${" ".repeat(width + 2)}${l.summary[lang]}\n\n`,
            );
          }
          process.stdout.write(
            lang === "zh"
              ? "运行：scf lesson <名称> [--lang zh] [--json]\n"
              : "run one: scf lesson <name> [--lang en|zh] [--json]\n",
          );
          return;
        }
        const lesson = findLesson(name); // an unknown name fails here, before any chain starts
        await compileWithProgress("scf lesson");
        // A node that does not answer is a one-line error before anything of the lesson is printed.
        if (opts.rpcUrl) await (await connectRpc(opts.rpcUrl)).close();
        if (opts.json) {
          process.stdout.write(lessonJson(await runLesson(lesson.name, { rpcUrl: opts.rpcUrl })));
          return;
        }
        const info = listLessons().find((l) => l.name === lesson.name)!;
        process.stdout.write(renderIntro(info, lang));
        await runLesson(lesson.name, {
          rpcUrl: opts.rpcUrl,
          onStep: (step) => void process.stdout.write(renderStep(step, lang)),
        });
      }),
    );
}
