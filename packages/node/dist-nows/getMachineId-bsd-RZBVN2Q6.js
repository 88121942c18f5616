import {
  execAsync,
  init_execAsync
} from "./chunk-U2PTUQ3X.js";
import {
  __esm,
  init_esm_shims
} from "./chunk-KUPJGYHE.js";

// ../../node_modules/@opentelemetry/sdk-metrics/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-bsd.mjs
import { diag } from "@opentelemetry/api";
import { promises } from "fs";
async function getMachineId() {
  try {
    return (await promises.readFile("/etc/hostid", { encoding: "utf8" })).trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
  try {
    return (await execAsync("kenv -q smbios.system.uuid")).stdout.trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
}
var init_getMachineId_bsd = __esm({
  "../../node_modules/@opentelemetry/sdk-metrics/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-bsd.mjs"() {
    init_esm_shims();
    init_execAsync();
  }
});
init_getMachineId_bsd();
export {
  getMachineId
};
//# sourceMappingURL=getMachineId-bsd-RZBVN2Q6.js.map