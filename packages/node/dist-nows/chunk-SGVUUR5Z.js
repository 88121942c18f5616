import {
  init_esm_shims
} from "./chunk-KUPJGYHE.js";

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/execAsync.mjs
init_esm_shims();
import * as child_process from "child_process";
import * as util from "util";
var execAsync = util.promisify(child_process.exec);
var execFileAsync = util.promisify(child_process.execFile);

export {
  execAsync,
  execFileAsync
};
//# sourceMappingURL=chunk-SGVUUR5Z.js.map