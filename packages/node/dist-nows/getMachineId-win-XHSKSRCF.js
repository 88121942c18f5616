import {
  execAsync,
  init_execAsync
} from "./chunk-U2PTUQ3X.js";
import {
  __esm,
  init_esm_shims
} from "./chunk-KUPJGYHE.js";

// ../../node_modules/@opentelemetry/sdk-metrics/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-win.mjs
import { diag } from "@opentelemetry/api";
import * as process from "process";
async function getMachineId() {
  const args = "QUERY HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography /v MachineGuid";
  let command = "%windir%\\System32\\REG.exe";
  if (process.arch === "ia32" && "PROCESSOR_ARCHITEW6432" in process.env) command = "%windir%\\sysnative\\cmd.exe /c " + command;
  try {
    const parts = (await execAsync(`${command} ${args}`)).stdout.split("REG_SZ");
    if (parts.length === 2) return parts[1].trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
}
var init_getMachineId_win = __esm({
  "../../node_modules/@opentelemetry/sdk-metrics/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-win.mjs"() {
    init_esm_shims();
    init_execAsync();
  }
});
init_getMachineId_win();
export {
  getMachineId
};
//# sourceMappingURL=getMachineId-win-XHSKSRCF.js.map