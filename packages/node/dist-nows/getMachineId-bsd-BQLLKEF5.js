import {
  execFileAsync
} from "./chunk-SGVUUR5Z.js";
import {
  init_esm_shims
} from "./chunk-KUPJGYHE.js";

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-bsd.mjs
init_esm_shims();
import { diag } from "@opentelemetry/api";
import { promises } from "fs";
var EXEC_TIMEOUT_MS = 5e3;
async function getMachineId() {
  try {
    return (await promises.readFile("/etc/hostid", { encoding: "utf8" })).trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
  try {
    return (await execFileAsync("/bin/kenv", ["-q", "smbios.system.uuid"], { timeout: EXEC_TIMEOUT_MS })).stdout.trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
}
export {
  getMachineId
};
//# sourceMappingURL=getMachineId-bsd-BQLLKEF5.js.map