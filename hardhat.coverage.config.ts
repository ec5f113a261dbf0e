// Solidity coverage (`npm run coverage`): the project's config, but the instrumented build goes to
// coverage/artifacts and coverage/cache, so it never replaces the artifacts that the TypeScript tests
// and `scf` load (a coverage build's bytecode calls Hardhat's hit counter on every statement).
import config from "./hardhat.config.js";

export default {
  ...config,
  paths: { ...config.paths, artifacts: "coverage/artifacts", cache: "coverage/cache" },
};
