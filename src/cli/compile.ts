import { ensureBuilt } from "../chain/artifacts.js";

/**
 * Compiles the contracts if they changed (a fresh clone: a minute or two with the wasm solc), saying
 * so on stderr and how long it has been at it every 10 s, so a first run is never silent.
 * @example await compileWithProgress("scf run");
 */
export async function compileWithProgress(command: string, quiet = false): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  try {
    await ensureBuilt(() => {
      if (quiet) return;
      console.error(`${command}: compiling the contracts (first run only, about a minute)…`);
      timer = setInterval(() => {
        console.error(`${command}: still compiling… ${Math.round((Date.now() - started) / 1000)} s`);
      }, 10_000);
    });
  } finally {
    if (timer) {
      clearInterval(timer);
      console.error(`${command}: compiled in ${Math.round((Date.now() - started) / 1000)} s`);
    }
  }
}
