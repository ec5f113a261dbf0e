import { ensureBuilt } from "../chain/artifacts.js";

/** Seconds between two "still compiling" lines. */
const TICK_SECONDS = 5;

/**
 * Compiles the contracts if they changed (a fresh clone: 10–30 s with the wasm solc on two cores,
 * contracts/ only), saying so on stderr with what it compiles, and how long it has been at it every
 * few seconds, so a first run is never silent.
 * @example await compileWithProgress("scf run");
 */
export async function compileWithProgress(command: string, quiet = false): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  const elapsed = () => Math.round((Date.now() - started) / 1000);
  try {
    await ensureBuilt((plan) => {
      if (quiet) return;
      console.error(
        `${command}: compiling the contracts (${plan.files} files in contracts/, solc ${plan.solc} in WebAssembly: 10–30 s, and only when they changed)…`,
      );
      timer = setInterval(() => console.error(`${command}: still compiling… ${elapsed()} s`), TICK_SECONDS * 1000);
      timer.unref();
    });
  } finally {
    if (timer) {
      clearInterval(timer);
      console.error(`${command}: compiled in ${elapsed()} s`);
    }
  }
}
